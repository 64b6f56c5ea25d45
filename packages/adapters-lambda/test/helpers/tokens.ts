import { createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';

export const USER_POOL_ID = 'us-east-1_TestPool1';
export const CLIENT_ID = 'testclientid0123456789';
export const COGNITO_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${USER_POOL_ID}`;
export const LOCAL_ISSUER = 'http://127.0.0.1:3000';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An RSA key pair as an identity provider holds it: the private key and the public JWKS. */
export function createSigningKey(kid = `kid-${randomUUID()}`) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKey, jwks: { keys: [jwk] } };
}

export type SigningKey = ReturnType<typeof createSigningKey>;

/** The claims of a Cognito ID token, valid for an hour from now. */
export function idTokenClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: randomUUID(),
    email: 'jane@example.com',
    email_verified: true,
    'cognito:username': 'jane',
    aud: CLIENT_ID,
    iss: COGNITO_ISSUER,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: randomUUID(),
    ...overrides,
  };
}

/** A compact JWS signed RS256 with the key (header overridable for attack tokens). */
export function signJwt(
  key: { kid: string; privateKey: KeyObject },
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url')}`;
}

/** The classic confusion attack: HS256 with the public key's PEM as the HMAC secret. */
export function signHs256WithPublicKey(key: SigningKey, payload: Record<string, unknown>): string {
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }))}.${base64url(JSON.stringify(payload))}`;
  const secret = key.publicKey.export({ format: 'pem', type: 'spki' });
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** `alg: none`, with an empty or a made-up signature part. */
export function unsignedJwt(key: SigningKey, payload: Record<string, unknown>, signature = ''): string {
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid: key.kid }))}.${base64url(JSON.stringify(payload))}.${signature}`;
}

/** Replaces the payload of a signed token, keeping its header and signature. */
export function tamperPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(JSON.stringify(payload))}.${signature}`;
}
