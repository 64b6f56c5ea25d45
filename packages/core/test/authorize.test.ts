import { describe, expect, it } from 'vitest';
import { ANY_USER, allowedUserRoutes, authorize } from '../src/auth/authorize.js';
import { principalFromClaims } from '../src/auth/principal.js';

const SUB = '3f6c1a2e-1111-4222-8333-444455556666';

describe('principalFromClaims', () => {
  it.each([
    [['apiAdmins'], true],
    [['other', 'apiAdmins'], true],
    [['apiAdminsReadOnly'], false],
    [['ApiAdmins'], false],
    ['apiAdmins', true],
    ['other,apiAdmins', true],
    ['[other apiAdmins]', true],
    ['apiAdminsReadOnly', false],
    [undefined, false],
    [42, false],
  ])('reads groups %j as admin=%s', (groups, isAdmin) => {
    expect(principalFromClaims({ sub: SUB, 'cognito:groups': groups })?.isAdmin).toBe(isAdmin);
  });

  it('uses the configured admin group name', () => {
    expect(principalFromClaims({ sub: SUB, 'cognito:groups': ['ops'] }, 'ops')?.isAdmin).toBe(true);
    expect(principalFromClaims({ sub: SUB, 'cognito:groups': ['apiAdmins'] }, 'ops')?.isAdmin).toBe(false);
  });

  it('keeps the email when it is a string', () => {
    expect(principalFromClaims({ sub: SUB, email: 'a@example.com' })).toEqual({
      sub: SUB,
      email: 'a@example.com',
      groups: [],
      isAdmin: false,
    });
  });

  it.each([undefined, '', '*', 'a/b', 'x'.repeat(65), 12])(
    'refuses a sub that is not a safe id: %j',
    (sub) => {
      expect(principalFromClaims({ sub, 'cognito:groups': ['apiAdmins'] })).toBeUndefined();
    },
  );
});

describe('authorize', () => {
  const owner = { sub: SUB, groups: [], isAdmin: false };
  const admin = { sub: 'admin', groups: ['apiAdmins'], isAdmin: true };

  it('lets an owner read, replace and delete only their own user', () => {
    for (const action of ['users:get', 'users:replace', 'users:delete'] as const) {
      expect(authorize(owner, action, { userid: SUB })).toBe(true);
      expect(authorize(owner, action, { userid: 'someone-else' })).toBe(false);
      expect(authorize(owner, action, { userid: ANY_USER })).toBe(false);
    }
  });

  it('keeps list and create for admins', () => {
    expect(authorize(owner, 'users:list')).toBe(false);
    expect(authorize(owner, 'users:create')).toBe(false);
    expect(authorize(admin, 'users:list')).toBe(true);
    expect(authorize(admin, 'users:create')).toBe(true);
  });

  it('denies by default: an item action without a resource, a collection action with one, an unknown action', () => {
    expect(authorize(admin, 'users:get')).toBe(false);
    expect(authorize(admin, 'users:list', { userid: 'x' })).toBe(false);
    expect(authorize(admin, 'users:explode' as never, { userid: 'x' })).toBe(false);
  });

  it('lists an owner’s routes', () => {
    expect(allowedUserRoutes(owner)).toEqual([
      { method: 'GET', path: `/users/${SUB}` },
      { method: 'PUT', path: `/users/${SUB}` },
      { method: 'DELETE', path: `/users/${SUB}` },
    ]);
  });

  it('lists an admin’s routes: the collection, their own user and every user', () => {
    expect(allowedUserRoutes(admin)).toEqual([
      { method: 'GET', path: '/users' },
      { method: 'POST', path: '/users' },
      { method: 'GET', path: '/users/admin' },
      { method: 'GET', path: '/users/*' },
      { method: 'PUT', path: '/users/admin' },
      { method: 'PUT', path: '/users/*' },
      { method: 'DELETE', path: '/users/admin' },
      { method: 'DELETE', path: '/users/*' },
    ]);
  });
});
