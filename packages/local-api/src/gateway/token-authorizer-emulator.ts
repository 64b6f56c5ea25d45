import { createHash } from 'node:crypto';
import type { TokenAuthorizerHandler } from '@app/adapters-lambda';
import type { APIGatewayAuthorizerResult, PolicyDocument } from 'aws-lambda';
import { buildLambdaContext, ownProperty } from './event-builder.js';
import { GATEWAY_RESPONSES, type GatewayResponse } from './gateway-responses.js';
import { stringBytes, TtlCache } from './ttl-cache.js';

/** Does this IAM policy allow calling this method ARN? (explicit Deny wins, default deny). */
export type PolicyEvaluator = (policy: PolicyDocument, methodArn: string) => boolean;

/** API Gateway's default authorizer result TTL. */
export const DEFAULT_POLICY_TTL_SECONDS = 300;
/** As many tokens as the Cognito authorizer's cache keeps (`DEFAULT_CLAIMS_CACHE_SIZE`, and why). */
export const DEFAULT_POLICY_CACHE_SIZE = 1_000;
/** What the cached policies may weigh together (a context may carry kilobytes of claims). */
export const DEFAULT_POLICY_CACHE_BYTES = 4 * 1024 * 1024;
/** What an entry weighs beyond its policy's text: the map entry and the objects holding it. */
const ENTRY_OVERHEAD_BYTES = 256;

export type AuthorizerOutcome =
  | { allowed: true; authorizer: Record<string, string | number> }
  | { allowed: false; response: GatewayResponse };

export interface TokenAuthorizerEmulatorOptions {
  authorizer: TokenAuthorizerHandler;
  isAllowed: PolicyEvaluator;
  ttlSeconds?: number;
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
}

type Primitive = string | number | boolean;

interface CachedPolicy {
  principalId: string;
  policyDocument: PolicyDocument;
  context: Record<string, Primitive>;
}

/**
 * API Gateway's side of a Lambda TOKEN authorizer: no header is 401 without a call; otherwise
 * the authorizer's policy is cached per token for the TTL and evaluated against each request's
 * method ARN. A rejection is never cached; a policy (Allow or Deny) is.
 */
export class TokenAuthorizerEmulator {
  readonly #authorizer: TokenAuthorizerHandler;
  readonly #isAllowed: PolicyEvaluator;
  readonly #cache: TtlCache<CachedPolicy>;
  #invocations = 0;

  constructor({
    authorizer,
    isAllowed,
    ttlSeconds = DEFAULT_POLICY_TTL_SECONDS,
    maxEntries = DEFAULT_POLICY_CACHE_SIZE,
    maxBytes = DEFAULT_POLICY_CACHE_BYTES,
    now = Date.now,
  }: TokenAuthorizerEmulatorOptions) {
    this.#authorizer = authorizer;
    this.#isAllowed = isAllowed;
    this.#cache = new TtlCache({ ttlMs: ttlSeconds * 1000, maxEntries, maxBytes, now });
  }

  /** What the cached policies weigh, as the cache counts it. */
  get cachedBytes(): number {
    return this.#cache.bytes;
  }

  /** How many times the authorizer function ran (cache misses). */
  get invocations(): number {
    return this.#invocations;
  }

  async authorize(authorizationToken: string | undefined, methodArn: string): Promise<AuthorizerOutcome> {
    if (authorizationToken === undefined || authorizationToken.trim() === '') {
      return { allowed: false, response: GATEWAY_RESPONSES.unauthorized() };
    }
    // Keyed by a digest: a token may be kilobytes long and the cache holds thousands.
    const key = createHash('sha256').update(authorizationToken).digest('base64url');
    let policy = this.#cache.get(key);
    if (policy === undefined) {
      const invoked = await this.#invoke(authorizationToken, methodArn);
      if ('response' in invoked) return { allowed: false, response: invoked.response };
      policy = invoked;
      this.#cache.set(key, policy, {
        bytes: ENTRY_OVERHEAD_BYTES + stringBytes(key, JSON.stringify(policy)),
      });
    }
    if (!this.#isAllowed(policy.policyDocument, methodArn)) {
      return { allowed: false, response: GATEWAY_RESPONSES.accessDenied() };
    }
    // As in REST API events: context values arrive as strings, next to the principal. Set one by
    // one (own properties whatever the names): a spread followed by more properties takes V8's
    // slow path on Node 20, a new hidden class per request.
    const authorizer: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(policy.context)) ownProperty(authorizer, name, String(value));
    authorizer.principalId = policy.principalId;
    authorizer.integrationLatency = 0;
    return { allowed: true, authorizer };
  }

  async #invoke(
    authorizationToken: string,
    methodArn: string,
  ): Promise<CachedPolicy | { response: GatewayResponse }> {
    this.#invocations += 1;
    let result: APIGatewayAuthorizerResult;
    try {
      result = await this.#authorizer(
        { type: 'TOKEN', authorizationToken, methodArn },
        buildLambdaContext({ functionName: 'authorizer' }),
      );
    } catch (error) {
      return {
        response: isUnauthorized(error)
          ? GATEWAY_RESPONSES.unauthorized()
          : GATEWAY_RESPONSES.authorizerFailure(),
      };
    }
    const policy = asCachedPolicy(result);
    return policy ?? { response: GATEWAY_RESPONSES.authorizerFailure() };
  }
}

/** Lambda reports `Unauthorized` as the error message; API Gateway turns exactly that into 401. */
function isUnauthorized(error: unknown): boolean {
  return error === 'Unauthorized' || (error instanceof Error && error.message === 'Unauthorized');
}

/**
 * What API Gateway accepts from an authorizer: a principal, a policy document, and a context of
 * primitives only (anything else is an authorizer configuration error, a 500).
 */
function asCachedPolicy(result: unknown): CachedPolicy | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { principalId, policyDocument, context } = result as Partial<APIGatewayAuthorizerResult>;
  if (typeof principalId !== 'string' || typeof policyDocument !== 'object' || policyDocument === null) {
    return undefined;
  }
  const primitives: Array<[string, Primitive]> = [];
  for (const [name, value] of Object.entries(context ?? {})) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      return undefined;
    primitives.push([name, value]);
  }
  // Own properties whatever the names, as API Gateway's JSON gives them to the handler.
  return { principalId, policyDocument, context: Object.fromEntries(primitives) };
}
