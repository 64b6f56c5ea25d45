import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { type Jwks, type LocalIdentity, TOKEN_LIFETIME_SECONDS } from '../identity.js';
import { createLocalJwksFetcher } from '../local-jwks-fetcher.js';
import type { Session, UserRecord } from './user-records.js';

/** What `InitiateAuth` answers in `AuthenticationResult` (the refresh token only on a sign-in). */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/** The scope Cognito puts in the access tokens of its own API's sign-ins. */
const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * The ID and access tokens of one session, with the claims Cognito issues (an ID token's
 * `cognito:groups` only when the user is in a group). Both share `origin_jti`, the session's id,
 * which is how `GlobalSignOut` revokes them.
 */
export function issueTokens(
  identity: LocalIdentity,
  user: UserRecord,
  session: Session,
  now = Date.now(),
): AuthenticationResult {
  const issuedAt = Math.floor(now / 1000);
  const groups = user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {};
  const common = {
    sub: user.username,
    iss: identity.issuer,
    origin_jti: session.originJti,
    event_id: randomUUID(),
    auth_time: session.authTime,
    exp: issuedAt + TOKEN_LIFETIME_SECONDS,
    iat: issuedAt,
  };
  const { sub: _sub, ...attributes } = user.attributes;
  const idToken = identity.signClaims({
    ...common,
    ...groups,
    ...withBooleans(attributes),
    'cognito:username': user.username,
    aud: identity.clientId,
    token_use: 'id',
    jti: randomUUID(),
  });
  const accessToken = identity.signClaims({
    ...common,
    ...groups,
    client_id: identity.clientId,
    token_use: 'access',
    scope: ADMIN_SCOPE,
    jti: randomUUID(),
    username: user.username,
  });
  return {
    AccessToken: accessToken,
    IdToken: idToken,
    ExpiresIn: TOKEN_LIFETIME_SECONDS,
    TokenType: 'Bearer',
  };
}

/** Cognito's ID tokens carry `email_verified` (and `phone_number_verified`) as booleans. */
function withBooleans(attributes: Record<string, string>): Record<string, string | boolean> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) =>
      name.endsWith('_verified') ? [name, value === 'true'] : [name, value],
    ),
  );
}

/** A new session and its refresh token: the user's key and a secret, of which only a hash is kept. */
export function newSession(email: string, now = Date.now()): { session: Session; refreshToken: string } {
  const secret = randomBytes(32).toString('base64url');
  const refreshToken = `${Buffer.from(email, 'utf8').toString('base64url')}.${secret}`;
  return {
    session: {
      originJti: randomUUID(),
      refreshTokenHash: hashSecret(secret),
      authTime: Math.floor(now / 1000),
    },
    refreshToken,
  };
}

/** The user key and secret hash a refresh token names, or nothing when it is not one of ours. */
export function readRefreshToken(token: string): { email: string; refreshTokenHash: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return undefined;
  const email = Buffer.from(match[1] ?? '', 'base64url').toString('utf8');
  // Never an empty key: DynamoDB refuses one with a ValidationException.
  if (email === '') return undefined;
  return { email, refreshTokenHash: hashSecret(match[2] ?? '') };
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export interface AccessTokenClaims {
  username: string;
  originJti: string;
}

/**
 * Verifies an access token as aws-jwt-verify does for the pool (`token_use` `access`,
 * `client_id`, issuer, signature, expiry), with the local keys and no network.
 */
export function createAccessTokenVerifier(identity: LocalIdentity) {
  const verifier = CognitoJwtVerifier.create(
    { userPoolId: identity.userPoolId, clientId: identity.clientId, tokenUse: 'access' },
    { jwksCache: new SimpleJwksCache({ fetcher: createLocalJwksFetcher(identity.jwks) }) },
  );
  verifier.cacheJwks(identity.jwks as Jwks & Parameters<typeof verifier.cacheJwks>[0]);
  return {
    async verify(token: string): Promise<AccessTokenClaims | undefined> {
      try {
        const payload = await verifier.verify(token);
        const { username, origin_jti: originJti } = payload as { username?: unknown; origin_jti?: unknown };
        if (typeof username !== 'string' || typeof originJti !== 'string') return undefined;
        return { username, originJti };
      } catch {
        return undefined;
      }
    },
  };
}
