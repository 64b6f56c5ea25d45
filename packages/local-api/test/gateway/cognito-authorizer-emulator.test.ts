import type { IdTokenVerifier } from '@app/adapters-lambda';
import type { Claims } from '@app/core';
import { describe, expect, it } from 'vitest';
import { CognitoAuthorizerEmulator } from '../../src/gateway/cognito-authorizer-emulator.js';

const HOUR_MS = 3600_000;
/** The fake clock starts here; tokens expire an hour later unless told otherwise. */
const START_MS = Date.UTC(2026, 0, 1, 12);

/** A stand-in verifier: `Bearer good-<sub>[-<exp>][.<anything>]` verifies, nothing else does; calls counted. */
function fakeVerifier() {
  const calls: Array<string | undefined> = [];
  const verifier: IdTokenVerifier = {
    verify: async (header): Promise<Claims> => {
      calls.push(header);
      const match = /^Bearer good-([a-z]+)(?:-(\d+))?(?:\.[a-z]*)?$/.exec(header ?? '');
      if (match === null) throw new Error('refused');
      const exp = match[2] === undefined ? (START_MS + HOUR_MS) / 1000 : Number(match[2]);
      return { sub: match[1], 'cognito:groups': ['cooks'], exp };
    },
  };
  return { verifier, calls };
}

function emulator(maxEntries = 100) {
  const clock = { now: START_MS };
  const fake = fakeVerifier();
  const cognito = new CognitoAuthorizerEmulator(fake.verifier, { maxEntries, now: () => clock.now });
  return { cognito, clock, calls: fake.calls };
}

const claimsOf = (outcome: Awaited<ReturnType<CognitoAuthorizerEmulator['authorize']>>) =>
  outcome.allowed ? outcome.authorizer.claims : undefined;

describe('CognitoAuthorizerEmulator: the verified-token cache', () => {
  it('verifies a token the first time, then answers from the cache until its exp', async () => {
    const { cognito, clock, calls } = emulator();

    const first = await cognito.authorize('Bearer good-alice');
    expect(claimsOf(first)).toMatchObject({ sub: 'alice', 'cognito:groups': 'cooks' });
    expect(cognito.cached('Bearer good-alice')).toEqual(first);
    clock.now = START_MS + HOUR_MS - 1;
    expect(await cognito.authorize('Bearer good-alice')).toEqual(first);

    expect(calls).toEqual(['Bearer good-alice']);
    expect(cognito.verifications).toBe(1);
  });

  it('drops an entry at its exp: the token is verified again (and refused when it has expired)', async () => {
    const { cognito, clock, calls } = emulator();
    const expSeconds = (START_MS + 60_000) / 1000;
    const header = `Bearer good-alice-${expSeconds}`;
    expect((await cognito.authorize(header)).allowed).toBe(true);

    clock.now = START_MS + 60_000;
    expect(cognito.cached(header)).toBeUndefined();
    await cognito.authorize(header);
    expect(calls).toEqual([header, header]);
  });

  it('never caches a refused token, nor one already past its exp', async () => {
    const { cognito, calls } = emulator();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await cognito.authorize('Bearer forged')).allowed).toBe(false);
    }
    const expired = `Bearer good-bob-${START_MS / 1000 - 1}`;
    await cognito.authorize(expired);
    await cognito.authorize(expired);
    expect(cognito.cached('Bearer forged')).toBeUndefined();
    expect(cognito.cached(expired)).toBeUndefined();
    expect(calls).toEqual(['Bearer forged', 'Bearer forged', 'Bearer forged', expired, expired]);
  });

  it('answers only for exactly the header that verified (not one that merely ends alike)', async () => {
    const { cognito, calls } = emulator();
    const header = `Bearer good-alice.${'z'.repeat(40)}`;
    await cognito.authorize(header);
    // The same last 40 characters as the cached header, another token: verified (and refused).
    const lookalike = `Bearer forged.${'z'.repeat(40)}`;
    expect(cognito.cached(lookalike)).toBeUndefined();
    expect((await cognito.authorize(lookalike)).allowed).toBe(false);
    expect(cognito.cached(header)).toBeDefined();
    expect(calls).toEqual([header, lookalike]);
  });

  it('is bounded: the least recently used token goes first', async () => {
    const { cognito, calls } = emulator(2);
    await cognito.authorize('Bearer good-alice');
    await cognito.authorize('Bearer good-bob');
    await cognito.authorize('Bearer good-alice');
    await cognito.authorize('Bearer good-carol');

    expect(cognito.cached('Bearer good-bob')).toBeUndefined();
    expect(cognito.cached('Bearer good-alice')).toBeDefined();
    expect(cognito.cached('Bearer good-carol')).toBeDefined();
    expect(calls).toEqual(['Bearer good-alice', 'Bearer good-bob', 'Bearer good-carol']);
  });

  it('gives each request its own claims: a handler changing them changes nothing cached', async () => {
    const { cognito } = emulator();
    const first = claimsOf(await cognito.authorize('Bearer good-alice'));
    if (first === undefined) throw new Error('not allowed');
    first.sub = 'mallory';
    expect(claimsOf(await cognito.authorize('Bearer good-alice'))?.sub).toBe('alice');
  });

  it('refuses a missing or blank header without calling the verifier', async () => {
    const { cognito, calls } = emulator();
    expect((await cognito.authorize(undefined)).allowed).toBe(false);
    expect((await cognito.authorize('  ')).allowed).toBe(false);
    expect(cognito.cached(undefined)).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
