import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from '../helpers/target.js';

const GROUPS = ['apiAdmins', 'apiAdminsReadOnly', 'restaurants', 'auditors'] as const;
const PASSWORD = 'Property-Pass-42';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * Whatever sequence of group additions and removals an admin applies to a new user, the user's
 * tokens carry exactly the groups left at the end, and the users API treats them as an admin
 * exactly when `apiAdmins` is among them.
 */
describe('groups given through the admin API', () => {
  let target: Target;
  let cognito: CognitoIdentityProviderClient;

  beforeAll(async () => {
    target = await startTarget('memory', { userPoolGroups: GROUPS, onCognitoMessage: () => undefined });
    cognito = new CognitoIdentityProviderClient({
      endpoint: target.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    cognito?.destroy();
    await target?.close();
  });

  it('are exactly the groups in the signed-in user’s tokens', async () => {
    const UserPoolId = target.server.identity.userPoolId;
    const ClientId = target.server.identity.clientId;
    let run = 0;
    const operation = fc.record({ add: fc.boolean(), group: fc.constantFrom(...GROUPS) });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 8 }), async (operations) => {
        run += 1;
        const email = `property-${run}-${Date.now()}@example.com`;
        await cognito.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            MessageAction: 'SUPPRESS',
            UserAttributes: [{ Name: 'name', Value: 'Property' }],
          }),
        );
        await cognito.send(
          new AdminSetUserPasswordCommand({
            UserPoolId,
            Username: email,
            Password: PASSWORD,
            Permanent: true,
          }),
        );
        const expected = new Set<string>();
        for (const { add, group } of operations) {
          const input = { UserPoolId, Username: email, GroupName: group };
          if (add) {
            await cognito.send(new AdminAddUserToGroupCommand(input));
            expected.add(group);
          } else {
            await cognito.send(new AdminRemoveUserFromGroupCommand(input));
            expected.delete(group);
          }
        }
        const { AuthenticationResult } = await cognito.send(
          new InitiateAuthCommand({
            ClientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD },
          }),
        );
        const idToken = AuthenticationResult?.IdToken ?? '';
        for (const token of [idToken, AuthenticationResult?.AccessToken ?? '']) {
          const groups = claimsOf(token)['cognito:groups'] as string[] | undefined;
          expect(new Set(groups ?? [])).toEqual(expected);
          expect(groups?.length ?? 0).toBe(expected.size);
        }
        const list = await fetch(`${target.server.url}/users`, { headers: { Authorization: idToken } });
        expect(list.status).toBe(expected.has('apiAdmins') ? 200 : 403);
      }),
      { numRuns: 15 },
    );
  });
});
