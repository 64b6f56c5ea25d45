import { describe, expect, it } from 'vitest';
import { isAllowed, matchesIamPattern, parseMethodArn } from '../../src/auth/policy.js';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:api123/Prod';

describe('isAllowed (IAM policy evaluation)', () => {
  it('denies by default', () => {
    expect(isAllowed({ Statement: [] }, `${ARN}/GET/users`)).toBe(false);
  });

  it('lets an explicit Deny win over any Allow', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${ARN}/*` },
        { Effect: 'Deny', Action: 'execute-api:*', Resource: [`${ARN}/DELETE/*`] },
      ],
    };

    expect(isAllowed(policy, `${ARN}/GET/users/a`)).toBe(true);
    expect(isAllowed(policy, `${ARN}/DELETE/users/a`)).toBe(false);
  });

  it('matches actions case-insensitively and resources case-sensitively', () => {
    const policy = {
      Statement: [{ Effect: 'Allow', Action: ['EXECUTE-API:invoke'], Resource: `${ARN}/GET/users/abc` }],
    };

    expect(isAllowed(policy, `${ARN}/GET/users/abc`)).toBe(true);
    expect(isAllowed(policy, `${ARN}/GET/users/ABC`)).toBe(false);
    expect(isAllowed(policy, `${ARN}/GET/users/abc`, 'execute-api:ManageConnections')).toBe(false);
  });

  it('ignores NotAction/NotResource statements rather than guessing', () => {
    const policy = { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] };

    expect(isAllowed(policy, `${ARN}/GET/users`)).toBe(false);
  });
});

describe('matchesIamPattern', () => {
  it.each([
    ['*', '', true],
    ['a*', 'a/b/c', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['/users/*', '/users', false],
    ['/users/*', '/users/', true],
    ['*a*b*c*', 'xxaxxbxxc', true],
    ['*a*b*c*', 'xxaxxcxxb', false],
    ['a.c', 'abc', false],
    [`${'*a'.repeat(30)}b`, 'a'.repeat(60), false],
    // A literal `*` in the value (a path the battery fuzzed) still leaves the pattern's `*` a wildcard.
    ['/users/*', '/users/*abc', true],
    ['/users/*', '/users/*', true],
    ['a*b', 'a*xb', true],
    ['a*b', 'a*x', false],
  ])('%s against %s → %s', (pattern, value, expected) => {
    expect(matchesIamPattern(pattern, value)).toBe(expected);
  });
});

describe('parseMethodArn', () => {
  it('splits a method ARN into its parts', () => {
    expect(parseMethodArn(`${ARN}/DELETE/users/abc`)).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      apiId: 'api123',
      stage: 'Prod',
      method: 'DELETE',
      path: 'users/abc',
    });
  });

  it.each([
    '',
    'arn:aws:s3:::bucket',
    'arn:aws:execute-api:us-east-1:123456789012:*/Prod/GET/users',
    `${ARN}`,
  ])('refuses %s', (arn) => {
    expect(parseMethodArn(arn)).toBeUndefined();
  });
});
