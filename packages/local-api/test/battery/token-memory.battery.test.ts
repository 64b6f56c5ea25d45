import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_AUTHORIZATION_HEADER_BYTES } from '@app/adapters-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_CACHE_BYTES } from '../../src/gateway/token-authorizer-emulator.js';
import { idTokenClaims, signJwt } from './forge.js';
import { type BatteryTarget, pool, report, startBatteryTarget } from './support.js';

const TOKENS = 50_000;
/** Enough for both caches to reach their byte budgets: what follows must not grow memory. */
const WARM_UP_TOKENS = 4_000;
const IN_FLIGHT = 16;
/**
 * RSS at the end over RSS after the warm-up. Entry-bounded caches measured ×2.15 here; the
 * byte-bounded ones ×0.9–1.05 alone and up to ×1.29 with both cores busy (the collector keeps
 * more when the process gets less CPU), so the bound sits between the two, far from both.
 */
const MAX_RSS_RATIO = 1.6;

// A full collection before each reading, so that RSS counts what is kept, not garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const rssMb = (): number => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().rss / (1024 * 1024);
};

/**
 * 50,000 distinct, validly signed ID tokens of the largest size the verifier accepts (an
 * `Authorization` header just under 8 KiB, most of it an `email` claim that both authorizers
 * keep), each sent once, alternately to the users API (TOKEN authorizer: policy cache) and the
 * orders API (Cognito authorizer: verified-claims cache). The server runs in this process, so
 * RSS is read here; the caches are bounded by bytes as well as entries, so RSS stays flat.
 */
describe('battery: memory under many distinct maximum-size tokens (memory storage)', () => {
  let target: BatteryTarget;
  let kid: string;

  beforeAll(async () => {
    // A 1024-bit key signs 50,000 tokens in about half the time of a 2048-bit one.
    target = await startBatteryTarget({ storage: 'memory', signingKeyBits: 1024 });
    kid = (await target.http.get('/.well-known/jwks.json')).json.keys[0].kid;
  });

  afterAll(async () => {
    await target?.close();
  });

  /** The `email` padding that puts a token's `Bearer` header within a few bytes of 8 KiB. */
  let padding = 5_000;
  const tokenFor = (sub: string) =>
    signJwt(
      { kid, alg: 'RS256' },
      idTokenClaims(sub, { email: `${'x'.repeat(padding)}@example.com` }),
      target.signingKey,
    );

  /** A new token of the largest size (every token's claims have the same length). */
  function largestToken(): string {
    return tokenFor(randomUUID());
  }

  it(`keeps RSS flat over ${TOKENS} distinct maximum-size tokens`, async () => {
    // Base64url: 4 characters per 3 bytes of claims.
    const first = largestToken();
    padding += Math.floor(((MAX_AUTHORIZATION_HEADER_BYTES - 'Bearer '.length - first.length) * 3) / 4) - 2;
    const sample = largestToken();
    const headerBytes = `Bearer ${sample}`.length;
    expect(headerBytes).toBeLessThanOrEqual(MAX_AUTHORIZATION_HEADER_BYTES);
    expect(headerBytes).toBeGreaterThan(MAX_AUTHORIZATION_HEADER_BYTES - 16);

    const failures: string[] = [];
    const send = async (index: number) => {
      const token = largestToken();
      const sub = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).sub;
      const users = index % 2 === 0;
      const response = users
        ? await target.http.get(`/users/${sub}`, { token })
        : await target.http.get('/orders', { token });
      const expected = users ? 404 : 200;
      if (response.status !== expected && failures.length < 10) {
        failures.push(`${users ? 'users' : 'orders'}: ${response.status} ${response.text.slice(0, 120)}`);
      }
    };
    const indices = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

    const start = rssMb();
    await pool(indices(0, WARM_UP_TOKENS), IN_FLIGHT, send);
    const warm = rssMb();
    await pool(indices(WARM_UP_TOKENS, TOKENS / 2), IN_FLIGHT, send);
    const half = rssMb();
    await pool(indices(TOKENS / 2, TOKENS), IN_FLIGHT, send);
    const end = rssMb();

    report(
      `  memory: ${headerBytes}-byte Authorization headers; RSS ${start.toFixed(0)} MB at start, ${warm.toFixed(0)} MB after ${WARM_UP_TOKENS} tokens, ${half.toFixed(0)} MB after ${TOKENS / 2}, ${end.toFixed(0)} MB after ${TOKENS}; policy cache ${(target.server.tokenAuthorizer.cachedBytes / 1048576).toFixed(1)} MiB counted`,
    );
    report(
      `Memory: ${TOKENS} distinct ${(headerBytes / 1024).toFixed(1)} KiB tokens, RSS ×${(end / warm).toFixed(2)} after the warm-up (bound ×${MAX_RSS_RATIO})`,
    );
    expect(failures).toEqual([]);
    // What keeps memory flat, whatever the collector does: the policy cache holds its byte budget.
    expect(target.server.tokenAuthorizer.cachedBytes).toBeGreaterThan(DEFAULT_POLICY_CACHE_BYTES / 2);
    expect(target.server.tokenAuthorizer.cachedBytes).toBeLessThanOrEqual(DEFAULT_POLICY_CACHE_BYTES);
    expect(end / warm).toBeLessThan(MAX_RSS_RATIO);
  });
});
