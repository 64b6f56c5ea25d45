import { constants, createHmac, createPublicKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { LOCAL_CLIENT_ID, LOCAL_ISSUER } from '../../src/identity/identity.js';

/** A token's parts, signed with node:crypto: the battery forges what an attacker could send. */
export const b64url = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

export type Algorithm = 'RS256' | 'RS384' | 'PS256' | 'HS256' | 'none';

export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: KeyObject | Buffer | string | undefined,
  algorithm: Algorithm = 'RS256',
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const data = Buffer.from(input);
  let signature: Buffer;
  switch (algorithm) {
    case 'RS256':
      signature = sign('RSA-SHA256', data, key as KeyObject);
      break;
    case 'RS384':
      signature = sign('RSA-SHA384', data, key as KeyObject);
      break;
    case 'PS256':
      signature = sign('sha256', data, {
        key: key as KeyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
      break;
    case 'HS256':
      signature = createHmac('sha256', key as Buffer | string)
        .update(data)
        .digest();
      break;
    case 'none':
      return `${input}.`;
  }
  return `${input}.${signature.toString('base64url')}`;
}

/** The claims of a Cognito ID token of the local pool, valid for an hour from now. */
export function idTokenClaims(sub: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub,
    email_verified: true,
    iss: LOCAL_ISSUER,
    'cognito:username': sub,
    origin_jti: randomUUID(),
    aud: LOCAL_CLIENT_ID,
    event_id: randomUUID(),
    token_use: 'id',
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: randomUUID(),
    email: `${sub}@example.com`,
    ...overrides,
  };
}

/** The public key's PEM text, as an attacker who read the JWKS would have it. */
export const publicPem = (key: KeyObject): string =>
  createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
