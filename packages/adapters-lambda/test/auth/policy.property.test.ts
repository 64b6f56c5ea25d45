import { authorize, principalFromClaims, USER_ROUTES } from '@app/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAuthorizerResult, isAllowed } from '../../src/auth/policy.js';

const ADMIN_GROUP = 'apiAdmins';
const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const groupArb = fc.oneof(
  fc.constantFrom(ADMIN_GROUP, 'apiAdminsReadOnly', 'apiadmins', 'apiAdmins ', ' apiAdmins', 'users', ''),
  fc.string({ maxLength: 20 }),
);
/** Groups with the admin group sometimes inserted at an arbitrary position. */
const groupsArb = fc
  .tuple(fc.array(groupArb, { maxLength: 6 }), fc.boolean(), fc.nat())
  .map(([groups, withAdmin, position]) => {
    if (!withAdmin) return groups;
    const copy = [...groups];
    copy.splice(position % (copy.length + 1), 0, ADMIN_GROUP);
    return copy;
  });
const claimsArb = fc.record({ sub: idArb, email: fc.emailAddress(), 'cognito:groups': groupsArb });
const stageArnArb = fc.record({
  region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
  account: fc.stringMatching(/^\d{12}$/),
  apiId: fc.stringMatching(/^[a-z0-9]{10}$/),
  stage: fc.constantFrom('Prod', 'dev', 'v1'),
});
/** Any route of the users API, about the caller, about another id, or the collection. */
const requestArb = fc.record({
  route: fc.constantFrom(...USER_ROUTES),
  userid: fc.oneof(idArb, fc.constant('SELF')),
});

describe('the authorizer policy (properties)', () => {
  it("allows a method ARN exactly when the core's authorize does, for any principal and route", () => {
    fc.assert(
      fc.property(
        claimsArb,
        stageArnArb,
        fc.array(requestArb, { minLength: 1, maxLength: 8 }),
        (claims, stage, requests) => {
          const principal = principalFromClaims(claims, ADMIN_GROUP)!;
          const base = `arn:aws:execute-api:${stage.region}:${stage.account}:${stage.apiId}/${stage.stage}`;
          // The policy is built for whichever route was called first, and cached for all of them.
          const [first] = requests;
          const calledArn = `${base}/${first!.route.method}/users`;
          const { policyDocument } = buildAuthorizerResult(principal, calledArn);

          for (const { route, userid } of requests) {
            const id = userid === 'SELF' ? principal.sub : userid;
            const collection = route.path === '/users';
            const arn = `${base}/${route.method}${collection ? '/users' : `/users/${id}`}`;
            const expected = authorize(principal, route.action, collection ? undefined : { userid: id });
            expect(isAllowed(policyDocument, arn)).toBe(expected);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never allows anything on another API or stage', () => {
    fc.assert(
      fc.property(claimsArb, requestArb, (claims, { route, userid }) => {
        const principal = principalFromClaims(claims, ADMIN_GROUP)!;
        const { policyDocument } = buildAuthorizerResult(
          principal,
          'arn:aws:execute-api:us-east-1:123456789012:api1234567/Prod/GET/users',
        );
        const path = route.path === '/users' ? '/users' : `/users/${userid}`;

        expect(
          isAllowed(
            policyDocument,
            `arn:aws:execute-api:us-east-1:123456789012:otherapi00/Prod/${route.method}${path}`,
          ),
        ).toBe(false);
        expect(
          isAllowed(
            policyDocument,
            `arn:aws:execute-api:us-east-1:123456789012:api1234567/dev/${route.method}${path}`,
          ),
        ).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
