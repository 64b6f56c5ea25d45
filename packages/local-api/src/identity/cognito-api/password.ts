import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordPolicy } from '@app/adapters-lambda';
import { CognitoError } from './errors.js';

/** Cognito's special characters (its documentation's list; a non-leading, non-trailing space counts too). */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-');

/**
 * The first rule of the pool's policy a password breaks, worded as Cognito words it
 * (`InvalidPasswordException: Password did not conform with policy: …`), or nothing.
 */
export function passwordPolicyViolation(password: string, policy: PasswordPolicy): string | undefined {
  const characters = [...password];
  const inner = characters.slice(1, -1);
  if (characters.length < policy.minLength) return 'Password not long enough';
  if (policy.requireLowercase && !characters.some((c) => c >= 'a' && c <= 'z')) {
    return 'Password must have lowercase characters';
  }
  if (policy.requireUppercase && !characters.some((c) => c >= 'A' && c <= 'Z')) {
    return 'Password must have uppercase characters';
  }
  if (policy.requireDigits && !characters.some((c) => c >= '0' && c <= '9')) {
    return 'Password must have numeric characters';
  }
  if (policy.requireSymbols && !(characters.some((c) => SYMBOLS.has(c)) || inner.includes(' '))) {
    return 'Password must have symbol characters';
  }
  return undefined;
}

/** Cognito's length limit on `Password` (256), also the check before any hashing work. */
export const MAX_PASSWORD_LENGTH = 256;

export function assertPasswordConforms(password: string, policy: PasswordPolicy): void {
  const violation = passwordPolicyViolation(password, policy);
  if (violation !== undefined) {
    throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${violation}`);
  }
}

/** scrypt's defaults (N = 16384, r = 8, p = 1): about 50 ms and 16 MiB a hash. */
const SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, params, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A temporary password Cognito would accept under the policy (for `AdminCreateUser` without one). */
export function generateTemporaryPassword(): string {
  const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)] ?? '';
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ')}${pick('abcdefghijkmnpqrstuvwxyz')}${pick('23456789')}${pick('!#%+-=')}${randomBytes(9).toString('base64url')}`;
}

/** A six-digit confirmation code, as Cognito e-mails them. */
export function generateConfirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
