import type { Claims } from '@app/core';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { FetchError, JwksValidationError, JwtBaseError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { type Jwks, SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/** Longest `Authorization` header accepted, in bytes: longer ones are refused before decoding. */
/**
 * Verifies the `Authorization` header value (raw ID token or `Bearer <token>`) and returns the
 * verified claims. Throws on every failure, whatever its kind: callers answer 401.
 */
export interface IdTokenVerifier {
  verify(authorizationHeader: string | undefined): Promise<Claims>;
}

export const MAX_AUTHORIZATION_HEADER_BYTES = 8 * 1024;

/** A compact JWS: three base64url parts (a signature is required, so `alg: none` fails here too). */
const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** `Bearer <token>`: the scheme in any case, exactly one space, then the token. */
const BEARER = /^bearer ([^\s]+)$/i;

export interface IdTokenVerifierOptions {
  /** The Cognito user pool, e.g. `us-east-1_AbCdEf123`. */
  userPoolId: string;
  /** The app client id the tokens must be issued to (`aud`). */
  clientId: string;
  /**
   * The `iss` of the tokens when they do not come from Cognito itself (the local identity
   * provider, e.g. `http://127.0.0.1:3000`). Absent on AWS: the issuer is the user pool's.
   */
  issuer?: string;
  /** Where the issuer's JWKS is served; default `${issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** Keys loaded up front with `cacheJwks` (local runs, tests): no download for their `kid`s. */
  jwks?: JwksInput;
  /** How a JWKS is downloaded when a `kid` is not cached (default: HTTPS). Tests stub it. */
  fetcher?: Fetcher;
}

/** A JWKS document (`{ keys: [JWK…] }`); each key is checked when it is first used. */
export interface JwksInput {
  readonly keys: readonly object[];
}

/**
 * Why a token was refused; callers answer 401. A failure that is not the token's (the JWKS
 * download) surfaces as itself: callers answer 401 too, and count it.
 */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

type PayloadVerifier = { verify(token: string): Promise<JwtPayload> };

/**
 * Verifies Cognito ID tokens (RS256): signature against the issuer's JWKS, `iss`, `token_use`
 * `id`, `aud` = the app client, `exp` present and not passed. On AWS this is aws-jwt-verify's
 * `CognitoJwtVerifier`; with a local `issuer` it is its `JwtVerifier` with the same Cognito
 * claim checks (`validateCognitoJwtFields`), since the Cognito verifier derives the issuer from the
 * pool id. Either way the JWKS is downloaded at most once per key per process (cold start).
 */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  const verifier = createPayloadVerifier(options);
  return {
    async verify(authorizationHeader) {
      const token = tokenFrom(authorizationHeader);
      try {
        return (await verifier.verify(token)) as Claims;
      } catch (error) {
        if (!isTokenProblem(error)) throw error;
        throw new TokenRejectedError('The token failed verification.', { cause: error });
      }
    },
  };
}

function createPayloadVerifier(options: IdTokenVerifierOptions): PayloadVerifier {
  const { userPoolId, clientId, issuer, jwksUri, jwks, fetcher } = options;
  const jwksCache = new SimpleJwksCache(fetcher === undefined ? {} : { fetcher });
  if (issuer === undefined) {
    const verifier = CognitoJwtVerifier.create(
      { userPoolId, clientId, tokenUse: 'id', customJwtCheck: requireIdTokenClaims },
      { jwksCache },
    );
    if (jwks !== undefined) verifier.cacheJwks(jwks as Jwks);
    return verifier;
  }
  const verifier = JwtVerifier.create(
    {
      issuer,
      audience: clientId,
      ...(jwksUri === undefined ? {} : { jwksUri }),
      customJwtCheck: ({ payload }) => {
        validateCognitoJwtFields(payload, { tokenUse: 'id', clientId });
        requireIdTokenClaims({ payload });
      },
    },
    { jwksCache },
  );
  if (jwks !== undefined) verifier.cacheJwks(jwks as Jwks);
  return verifier;
}

/**
 * What aws-jwt-verify leaves unchecked: it checks `exp` only when present (an ID token without
 * one never expires), and not the types of the claims the principal is built from. Cognito
 * issues `cognito:groups` as a list; a string would be read as comma-separated groups.
 */
function requireIdTokenClaims({ payload }: { payload: JwtPayload }): void {
  if (typeof payload.exp !== 'number') throw new TokenRejectedError('The token has no expiry (exp).');
  const groups = payload['cognito:groups'];
  if (
    groups !== undefined &&
    !(Array.isArray(groups) && groups.every((group) => typeof group === 'string'))
  ) {
    throw new TokenRejectedError('The token has cognito:groups that is not a list of strings.');
  }
  if (payload.email !== undefined && typeof payload.email !== 'string') {
    throw new TokenRejectedError('The token has an email that is not a string.');
  }
}

/**
 * Whether the token is at fault: aws-jwt-verify's errors are, except those saying the issuer's
 * keys could not be had (download failed, unusable JWKS); anything else is a fault of ours.
 */
function isTokenProblem(error: unknown): boolean {
  if (error instanceof TokenRejectedError) return true;
  if (error instanceof FetchError || error instanceof JwksValidationError) return false;
  return error instanceof JwtBaseError;
}

/** The token from the header value: raw, or after `Bearer `. Refuses anything else unread. */
function tokenFrom(header: string | undefined): string {
  if (header === undefined || header === '') throw new TokenRejectedError('No token.');
  if (
    header.length > MAX_AUTHORIZATION_HEADER_BYTES ||
    Buffer.byteLength(header) > MAX_AUTHORIZATION_HEADER_BYTES
  ) {
    throw new TokenRejectedError('The Authorization header is too large.');
  }
  const token = BEARER.exec(header)?.[1] ?? header;
  if (!COMPACT_JWT.test(token)) throw new TokenRejectedError('The Authorization header is not a token.');
  return token;
}
