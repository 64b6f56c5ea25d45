import { USER_POOL_PASSWORD_POLICY } from '@app/adapters-lambda';
import { describe, expect, it } from 'vitest';
import {
  generateTemporaryPassword,
  hashPassword,
  passwordPolicyViolation,
  verifyPassword,
} from '../../src/identity/cognito-api/password.js';

const policy = USER_POOL_PASSWORD_POLICY;

describe('the pool’s password policy, as Cognito words its refusals', () => {
  it.each([
    ['Abcdefghij1!', undefined],
    ['Abcdefghi1!', 'Password not long enough'],
    ['ABCDEFGHIJ1!', 'Password must have lowercase characters'],
    ['abcdefghij1!', 'Password must have uppercase characters'],
    ['Abcdefghijk!', 'Password must have numeric characters'],
    ['Abcdefghijk1', 'Password must have symbol characters'],
    // A space counts as a symbol inside the password, not at its ends.
    ['Abcde fghij1', undefined],
    [' Abcdefghij1', 'Password must have symbol characters'],
    ['Abcdefghij1\u00e9', 'Password must have symbol characters'],
    ['Abcdefghij1^', undefined],
    ['Abcdefghij1`', undefined],
  ])('%j → %s', (password, violation) => {
    expect(passwordPolicyViolation(password, policy)).toBe(violation);
  });

  it('generates temporary passwords the policy accepts', () => {
    for (let i = 0; i < 200; i += 1) {
      expect(passwordPolicyViolation(generateTemporaryPassword(), policy)).toBeUndefined();
    }
  });
});

describe('scrypt password hashes', () => {
  it('verify the password they were made from and nothing else', async () => {
    const hash = await hashPassword('Correct-Horse-42');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('Correct-Horse-42');
    expect(await verifyPassword('Correct-Horse-42', hash)).toBe(true);
    expect(await verifyPassword('Correct-Horse-43', hash)).toBe(false);
    expect(await verifyPassword('Correct-Horse-42', 'plain')).toBe(false);
    // A fresh salt each time.
    expect(await hashPassword('Correct-Horse-42')).not.toBe(hash);
  });
});
