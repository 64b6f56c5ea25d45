import type { IdTokenVerifier } from '@app/adapters-lambda';
import type { Claims } from '@app/core';
import { GATEWAY_RESPONSES, type GatewayResponse } from './gateway-responses.js';
import { stringBytes, TtlCache } from './ttl-cache.js';

export type CognitoOutcome =
  | { allowed: true; authorizer: { claims: Record<string, string> } }
  | { allowed: false; response: GatewayResponse };

/** Claims API Gateway renders as dates (`Wed Nov 26 21:44:00 UTC 2025`), not as epoch seconds. */
const TIME_CLAIMS = new Set(['exp', 'iat', 'auth_time', 'nbf']);

/**
 * How many verified tokens the emulator remembers (least recently used go first): a local server
 * sees a handful of live tokens, a load test a few hundred; a token that was dropped is only
 * verified again. At the bound they take about 2 MB, so the server's memory is flat from its
 * first thousand requests on (`pnpm bench --only=memory`; 10,000 entries were 22 MB)...
 */
export const DEFAULT_CLAIMS_CACHE_SIZE = 1_000;
/**
 * ...and how much they may weigh together: a header may be 8 KiB and its claims nearly as much,
 * so the entry count alone would let the cache hold over 15 MB.
 */
export const DEFAULT_CLAIMS_CACHE_BYTES = 4 * 1024 * 1024;
/** What an entry weighs beyond its text: the map entry and the objects holding it. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * The cache's key: the header's last characters, the end of the token's signature (random, and
 * cheap to hash, where a whole token is about a kilobyte). The entry keeps the whole header,
 * which must be equal for a hit; two tokens ending alike only take each other's place.
 */
const FINGERPRINT_CHARS = 32;

interface VerifiedToken {
  header: string;
  claims: Readonly<Record<string, string>>;
}

export interface CognitoAuthorizerEmulatorOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** The clock `exp` is compared with: the verifier's, the wall clock. */
  now?: () => number;
}

/**
 * API Gateway's Cognito user pool authorizer, with the same verifier as the token authorizer:
 * a missing or rejected token is 401; verified claims reach the handler as strings.
 * As API Gateway caches the authorizer's answer per token, a token that verified is remembered
 * (for exactly the same header, in a bounded LRU) until its `exp`; a refused token never is, and
 * an entry past its `exp` is dropped and the token verified again (and refused).
 */
export class CognitoAuthorizerEmulator {
  readonly #verified: TtlCache<VerifiedToken>;
  readonly #now: () => number;
  #verifications = 0;

  constructor(
    private readonly verifier: IdTokenVerifier,
    {
      maxEntries = DEFAULT_CLAIMS_CACHE_SIZE,
      maxBytes = DEFAULT_CLAIMS_CACHE_BYTES,
      now = Date.now,
    }: CognitoAuthorizerEmulatorOptions = {},
  ) {
    this.#now = now;
    this.#verified = new TtlCache({ ttlMs: 0, maxEntries, maxBytes, now });
  }

  /** What the remembered tokens weigh, as the cache counts it. */
  get cachedBytes(): number {
    return this.#verified.bytes;
  }

  /** How many times the verifier ran (cache misses). */
  get verifications(): number {
    return this.#verifications;
  }

  /**
   * The answer for a token verified before and not expired, at once (no promise); `undefined`
   * when `authorize` must verify it.
   */
  cached(authorizationHeader: string | undefined): CognitoOutcome | undefined {
    if (authorizationHeader === undefined) return undefined;
    const cached = this.#verified.get(authorizationHeader.slice(-FINGERPRINT_CHARS));
    if (cached === undefined || cached.header !== authorizationHeader) return undefined;
    // A copy per request: a handler that changes its event cannot change the next one's.
    return { allowed: true, authorizer: { claims: { ...cached.claims } } };
  }

  async authorize(authorizationHeader: string | undefined): Promise<CognitoOutcome> {
    if (authorizationHeader === undefined || authorizationHeader.trim() === '') {
      return { allowed: false, response: GATEWAY_RESPONSES.unauthorized() };
    }
    const hit = this.cached(authorizationHeader);
    if (hit !== undefined) return hit;
    const fingerprint = authorizationHeader.slice(-FINGERPRINT_CHARS);
    let claims: Claims;
    try {
      this.#verifications += 1;
      claims = await this.verifier.verify(authorizationHeader);
    } catch {
      return { allowed: false, response: GATEWAY_RESPONSES.unauthorized() };
    }
    const rendered = gatewayClaims(claims);
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : Number.NaN;
    // Only until `exp` (aws-jwt-verify accepts a token up to that second): an expired token is
    // verified again, and refused.
    if (expiresAt > this.#now()) {
      // Never handed out (each request gets a copy), so not frozen: copying a frozen object is
      // several times slower.
      const entry = { header: authorizationHeader, claims: { ...rendered } };
      const bytes =
        ENTRY_OVERHEAD_BYTES + stringBytes(fingerprint, authorizationHeader, JSON.stringify(rendered));
      this.#verified.set(fingerprint, entry, { bytes, expiresAt });
    }
    return { allowed: true, authorizer: { claims: { ...rendered } } };
  }
}

/** Claims as `requestContext.authorizer.claims` holds them: every value a string, lists comma-joined. */
export function gatewayClaims(claims: Claims): Record<string, string> {
  const rendered: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    if (TIME_CLAIMS.has(name) && typeof value === 'number') rendered.push([name, javaDate(value)]);
    else if (Array.isArray(value)) rendered.push([name, value.map(String).join(',')]);
    else if (typeof value === 'object') rendered.push([name, JSON.stringify(value)]);
    else rendered.push([name, String(value)]);
  }
  // Own properties whatever the names (a claim may be called `__proto__`), as JSON gives them.
  return Object.fromEntries(rendered);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function javaDate(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}
