import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
  sign,
} from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The local identity provider: a Cognito look-alike user pool whose ID tokens the real
 * aws-jwt-verify `CognitoJwtVerifier` accepts (its keys are handed over with `cacheJwks`, so no
 * network is ever used). The pool id must look like a real one: aws-jwt-verify derives the
 * issuer `https://cognito-idp.{region}.amazonaws.com/{poolId}` from it.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_USER_POOL_ID = `${LOCAL_REGION}_LocalPool`;
export const LOCAL_CLIENT_ID = 'localappclient';
export const LOCAL_ISSUER = `https://cognito-idp.${LOCAL_REGION}.amazonaws.com/${LOCAL_USER_POOL_ID}`;
/** Cognito's default ID-token lifetime. */
export const TOKEN_LIFETIME_SECONDS = 3600;
/**
 * The signing key `npm start` and `npm run token` share by default: `.local/signing-key.pem` at
 * the repository root (gitignored), so tokens survive restarts and can be made without a server.
 * This file sits at the same depth in `src/identity` and `dist/identity`.
 */
export const DEFAULT_KEY_FILE = fileURLToPath(new URL('../../../../.local/signing-key.pem', import.meta.url));

/** The namespace of the email-derived subjects (UUID v5 style), fixed so a `sub` never changes. */
const SUB_NAMESPACE = '6f1c3a52-8f0e-4d5b-9a2e-3c1d7b9e4f10';

export interface Jwk {
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

export interface Jwks {
  keys: Jwk[];
}

export interface IssuedToken {
  idToken: string;
  sub: string;
  expiresIn: number;
}

export interface IssueTokenOptions {
  groups?: readonly string[];
  /** Seconds the token stays valid (default one hour, like Cognito). */
  expiresIn?: number;
}

export interface LocalIdentity {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly jwks: Jwks;
  /** Where the key lives, when it was loaded from or saved to a file. */
  readonly keyFile: string | undefined;
  issueToken(email: string, options?: IssueTokenOptions): IssuedToken;
  /** Signs any claims with the local key (RS256, its `kid`): the Cognito API's ID and access tokens. */
  signClaims(claims: Record<string, unknown>): string;
}

/** A stable UUID for an email (case-insensitive), in the UUID v5 layout over SHA-1. */
export function subjectForEmail(email: string): string {
  const namespace = Buffer.from(SUB_NAMESPACE.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(namespace).update(email.trim().toLowerCase(), 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface LocalIdentityOptions {
  /**
   * A PEM file holding the RSA private key. Loaded when it exists, else created (mode 0600), so
   * tokens survive restarts. Without it, a fresh key is generated for each process.
   */
  keyFile?: string;
  /** The wall clock used for `iat`/`exp` (aws-jwt-verify checks `exp` against the real time). */
  now?: () => number;
}

export function createLocalIdentity({ keyFile, now = Date.now }: LocalIdentityOptions = {}): LocalIdentity {
  const privateKey = keyFile === undefined ? generateKey() : loadOrCreateKey(keyFile);
  const jwk = publicJwk(privateKey);
  return {
    userPoolId: LOCAL_USER_POOL_ID,
    clientId: LOCAL_CLIENT_ID,
    issuer: LOCAL_ISSUER,
    jwks: { keys: [jwk] },
    keyFile,
    issueToken(email, { groups = [], expiresIn = TOKEN_LIFETIME_SECONDS } = {}) {
      const sub = subjectForEmail(email);
      const issuedAt = Math.floor(now() / 1000);
      const claims = {
        sub,
        ...(groups.length > 0 ? { 'cognito:groups': [...groups] } : {}),
        email_verified: true,
        iss: LOCAL_ISSUER,
        'cognito:username': sub,
        origin_jti: randomUUID(),
        aud: LOCAL_CLIENT_ID,
        event_id: randomUUID(),
        token_use: 'id',
        auth_time: issuedAt,
        exp: issuedAt + expiresIn,
        iat: issuedAt,
        jti: randomUUID(),
        email,
      };
      return { idToken: signJwt({ kid: jwk.kid, alg: 'RS256' }, claims, privateKey), sub, expiresIn };
    },
    signClaims(claims) {
      return signJwt({ kid: jwk.kid, alg: 'RS256' }, claims, privateKey);
    },
  };
}

function generateKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

function loadOrCreateKey(file: string): KeyObject {
  if (existsSync(file)) {
    const key = createPrivateKey(readFileSync(file, 'utf8'));
    if (key.asymmetricKeyType !== 'rsa')
      throw new Error(`The key file ${file} does not hold an RSA private key.`);
    return key;
  }
  const key = generateKey();
  mkdirSync(dirname(file), { recursive: true });
  // Written aside, then linked into place: a process starting at the same time either creates
  // the file whole or finds the other one's, never a half-written key.
  const draft = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(draft, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadOrCreateKey(file);
  } finally {
    rmSync(draft, { force: true });
  }
  return key;
}

function publicJwk(privateKey: KeyObject): Jwk {
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof n !== 'string' || typeof e !== 'string') throw new Error('Could not export the public key.');
  // RFC 7638 thumbprint: stable for a key, so a key file keeps its kid across restarts.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
  return { kty: 'RSA', kid, alg: 'RS256', use: 'sig', n, e };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function signJwt(header: Record<string, string>, payload: Record<string, unknown>, key: KeyObject): string {
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key).toString('base64url');
  return `${signingInput}.${signature}`;
}
