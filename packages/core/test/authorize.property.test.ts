import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedUserRoutes, authorize, USER_ROUTES, type UserAction } from '../src/auth/authorize.js';
import { principalFromClaims } from '../src/auth/principal.js';
import { idArb } from './arbitraries.js';

const groupArb = fc.oneof(
  fc.constantFrom('apiAdmins', 'apiAdminsReadOnly', 'apiadmins', 'apiAdmins ', 'users', ''),
  fc.string({ maxLength: 20 }),
);
const claimsArb = fc.record({ sub: idArb, 'cognito:groups': fc.array(groupArb, { maxLength: 6 }) });
const actionArb = fc.constantFrom<UserAction>(
  'users:list',
  'users:create',
  'users:get',
  'users:replace',
  'users:delete',
);

/** Does a listed route (literal or ending in `*`) cover this concrete method and path? */
const covers = (allowed: { method: string; path: string }[], method: string, path: string) =>
  allowed.some(
    (route) =>
      route.method === method &&
      (route.path === path || (route.path.endsWith('/*') && path.startsWith(route.path.slice(0, -1)))),
  );

describe('authorization (properties)', () => {
  it('makes admins exactly the members of apiAdmins, in any position', () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        expect(principalFromClaims(claims)?.isAdmin).toBe(claims['cognito:groups'].includes('apiAdmins'));
      }),
      { numRuns: 1000 },
    );
  });

  it('lets a non-admin act only on their own user, and never on the collection', () => {
    fc.assert(
      fc.property(claimsArb, actionArb, idArb, (claims, action, userid) => {
        const principal = principalFromClaims(claims)!;
        const collection = action === 'users:list' || action === 'users:create';
        const allowed = authorize(principal, action, collection ? undefined : { userid });
        const expected = principal.isAdmin || (!collection && userid === principal.sub);
        expect(allowed).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('lists a route for a principal exactly when authorize allows it, for any user id', () => {
    fc.assert(
      fc.property(claimsArb, fc.oneof(idArb, fc.constant('')), (claims, otherId) => {
        const principal = principalFromClaims(claims)!;
        const allowed = allowedUserRoutes(principal);
        for (const route of USER_ROUTES) {
          for (const userid of [principal.sub, otherId]) {
            const collection = route.path === '/users';
            const path = collection ? '/users' : `/users/${userid}`;
            if (!collection && userid === '') continue;
            const expected = authorize(principal, route.action, collection ? undefined : { userid });
            expect(covers(allowed, route.method, path)).toBe(expected);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
