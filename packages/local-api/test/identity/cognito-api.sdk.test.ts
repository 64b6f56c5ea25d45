import { USER_POOL_PASSWORD_POLICY } from '@app/adapters-lambda';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredMessage } from '../../src/identity/cognito-api/user-pool.js';
import { type Storage, startTarget, type Target } from '../helpers/target.js';

const PASSWORD = 'Correct-Horse-42';

function decode(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** The SDK's error for a call: its name (`__type`), HTTP status and message. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    const { name, message, $metadata } = error as Error & { $metadata: { httpStatusCode?: number } };
    return { name, status: $metadata.httpStatusCode, message };
  }
  throw new Error('The call succeeded');
}

/**
 * Every action of the local user pool through the real `@aws-sdk/client-cognito-identity-provider`
 * client, pointed at the server with `endpoint` only, and the errors a client must be able to
 * tell apart, by Cognito's exception names and status codes.
 */
describe.each<Storage>(['memory', 'dynamodb'])(
  'Cognito’s API on the local server (%s storage)',
  (storage) => {
    let target: Target;
    let cognito: CognitoIdentityProviderClient;
    const delivered: DeliveredMessage[] = [];
    let pool: { UserPoolId: string };
    let client: { ClientId: string };

    beforeAll(async () => {
      target = await startTarget(storage, {
        onCognitoMessage: (message) => delivered.push(message),
        userPoolGroups: ['apiAdmins', 'apiAdminsReadOnly'],
      });
      cognito = new CognitoIdentityProviderClient({
        endpoint: target.server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      pool = { UserPoolId: target.server.identity.userPoolId };
      client = { ClientId: target.server.identity.clientId };
    });

    afterAll(async () => {
      cognito?.destroy();
      await target?.close();
    });

    const codeFor = (email: string) =>
      delivered.findLast((message) => message.email === email && message.kind === 'confirmation-code')
        ?.secret;

    const signUp = (email: string, password = PASSWORD) =>
      cognito.send(
        new SignUpCommand({
          ...client,
          Username: email,
          Password: password,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'name', Value: 'Sam' },
          ],
        }),
      );

    const signIn = (email: string, password = PASSWORD) =>
      cognito.send(
        new InitiateAuthCommand({
          ...client,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );

    it('signs up, confirms with the code it printed, signs in with Cognito’s tokens', async () => {
      const email = `sam-${storage}@example.com`;
      const signedUp = await signUp(email);
      expect(signedUp.UserConfirmed).toBe(false);
      expect(signedUp.UserSub).toMatch(/^[0-9a-f-]{36}$/);
      expect(signedUp.CodeDeliveryDetails).toEqual({
        Destination: 's***@e***',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      });
      const code = codeFor(email);
      expect(code).toMatch(/^\d{6}$/);

      expect(await failure(signIn(email))).toEqual({
        name: 'UserNotConfirmedException',
        status: 400,
        message: 'User is not confirmed.',
      });
      const wrongCode = code === '000000' ? '000001' : '000000';
      expect(
        await failure(
          cognito.send(new ConfirmSignUpCommand({ ...client, Username: email, ConfirmationCode: wrongCode })),
        ),
      ).toMatchObject({ name: 'CodeMismatchException', status: 400 });
      await cognito.send(new ConfirmSignUpCommand({ ...client, Username: email, ConfirmationCode: code }));
      expect(
        await failure(
          cognito.send(new ConfirmSignUpCommand({ ...client, Username: email, ConfirmationCode: code })),
        ),
      ).toEqual({
        name: 'NotAuthorizedException',
        status: 400,
        message: 'User cannot be confirmed. Current status is CONFIRMED',
      });

      const { AuthenticationResult, ChallengeName } = await signIn(email);
      expect(ChallengeName).toBeUndefined();
      expect(AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
      const id = decode(AuthenticationResult?.IdToken ?? '');
      const access = decode(AuthenticationResult?.AccessToken ?? '');
      expect(id).toMatchObject({
        sub: signedUp.UserSub,
        token_use: 'id',
        aud: client.ClientId,
        iss: target.server.identity.issuer,
        'cognito:username': signedUp.UserSub,
        email,
        email_verified: true,
        name: 'Sam',
      });
      expect(id).not.toHaveProperty('cognito:groups');
      expect(access).toMatchObject({
        sub: signedUp.UserSub,
        token_use: 'access',
        client_id: client.ClientId,
        username: signedUp.UserSub,
        scope: 'aws.cognito.signin.user.admin',
        origin_jti: id.origin_jti,
        auth_time: id.auth_time,
      });
      for (const claims of [id, access]) {
        for (const claim of ['event_id', 'jti', 'origin_jti', 'auth_time', 'iat', 'exp'])
          expect(claims).toHaveProperty(claim);
      }
      expect(id.jti).not.toBe(access.jti);
      expect(AuthenticationResult?.RefreshToken).toEqual(expect.any(String));

      // The orders API (Cognito authorizer) takes the ID token and refuses the access token.
      const orders = (token: string) =>
        fetch(`${target.server.url}/orders`, { headers: { Authorization: token } }).then(
          (response) => response.status,
        );
      expect(await orders(AuthenticationResult?.IdToken ?? '')).toBe(200);
      expect(await orders(AuthenticationResult?.AccessToken ?? '')).toBe(401);
    });

    it('refuses an existing user, a weak password and a missing required attribute', async () => {
      const email = `dup-${storage}@example.com`;
      await signUp(email);
      expect(await failure(signUp(email))).toEqual({
        name: 'UsernameExistsException',
        status: 400,
        message: 'An account with the given email already exists.',
      });
      expect(await failure(signUp(`weak-${storage}@example.com`, 'short1A!'))).toEqual({
        name: 'InvalidPasswordException',
        status: 400,
        message: 'Password did not conform with policy: Password not long enough',
      });
      expect(await failure(signUp(`weak-${storage}@example.com`, 'no-uppercase-1234'))).toMatchObject({
        name: 'InvalidPasswordException',
        message: 'Password did not conform with policy: Password must have uppercase characters',
      });
      expect(
        await failure(
          cognito.send(
            new SignUpCommand({ ...client, Username: `nameless-${storage}@example.com`, Password: PASSWORD }),
          ),
        ),
      ).toEqual({
        name: 'InvalidParameterException',
        status: 400,
        message: 'Attributes did not conform to the schema: name: The attribute is required',
      });
      expect(await failure(signUp('not-an-email'))).toMatchObject({ name: 'InvalidParameterException' });
      expect(USER_POOL_PASSWORD_POLICY.minLength).toBeGreaterThan('short1A!'.length);
    });

    it('creates, confirms, sets passwords, groups, reads, lists and deletes users through the admin API', async () => {
      const email = `admin-made-${storage}@example.com`;
      const { User } = await cognito.send(
        new AdminCreateUserCommand({
          ...pool,
          Username: email,
          TemporaryPassword: 'Temporary-Pass-1',
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'name', Value: 'Ada' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      expect(User).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
      expect(User?.UserCreateDate).toBeInstanceOf(Date);
      expect(delivered.some((message) => message.email === email)).toBe(false);

      // A temporary password signs in to the new-password challenge, not to tokens.
      const challenge = await signIn(email, 'Temporary-Pass-1');
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect(challenge.AuthenticationResult).toBeUndefined();

      await cognito.send(
        new AdminSetUserPasswordCommand({ ...pool, Username: email, Password: PASSWORD, Permanent: true }),
      );
      await cognito.send(
        new AdminAddUserToGroupCommand({ ...pool, Username: email, GroupName: 'apiAdmins' }),
      );
      await cognito.send(
        new AdminAddUserToGroupCommand({ ...pool, Username: email, GroupName: 'apiAdminsReadOnly' }),
      );
      await cognito.send(
        new AdminRemoveUserFromGroupCommand({ ...pool, Username: email, GroupName: 'apiAdminsReadOnly' }),
      );
      expect(
        await failure(
          cognito.send(new AdminAddUserToGroupCommand({ ...pool, Username: email, GroupName: 'nope' })),
        ),
      ).toEqual({ name: 'ResourceNotFoundException', status: 400, message: 'Group not found.' });

      const signedIn = await signIn(email);
      expect(decode(signedIn.AuthenticationResult?.IdToken ?? '')['cognito:groups']).toEqual(['apiAdmins']);

      const got = await cognito.send(new AdminGetUserCommand({ ...pool, Username: email }));
      expect(got).toMatchObject({ Username: User?.Username, UserStatus: 'CONFIRMED', Enabled: true });
      expect(got.UserAttributes).toEqual(
        expect.arrayContaining([
          { Name: 'email', Value: email },
          { Name: 'name', Value: 'Ada' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'sub', Value: User?.Username },
        ]),
      );
      // By username (the sub) as well as by the email alias.
      expect(
        (await cognito.send(new AdminGetUserCommand({ ...pool, Username: User?.Username }))).Username,
      ).toBe(User?.Username);

      const listed = await cognito.send(new ListUsersCommand({ ...pool, Filter: `email = "${email}"` }));
      expect(listed.Users?.map((user) => user.Username)).toEqual([User?.Username]);
      expect(
        (await cognito.send(new ListUsersCommand({ ...pool, Filter: 'email ^= "admin-made-"' }))).Users
          ?.length,
      ).toBeGreaterThanOrEqual(1);
      expect(
        await failure(cognito.send(new ListUsersCommand({ ...pool, Filter: 'nonsense' }))),
      ).toMatchObject({
        name: 'InvalidParameterException',
      });

      await cognito.send(new AdminDeleteUserCommand({ ...pool, Username: email }));
      expect(await failure(cognito.send(new AdminGetUserCommand({ ...pool, Username: email })))).toEqual({
        name: 'UserNotFoundException',
        status: 400,
        message: 'User does not exist.',
      });
      expect(
        await failure(cognito.send(new AdminDeleteUserCommand({ ...pool, Username: email }))),
      ).toMatchObject({
        name: 'UserNotFoundException',
      });
    });

    it('refuses admin-create-user without the required name, as Cognito does', async () => {
      expect(
        await failure(
          cognito.send(
            new AdminCreateUserCommand({
              ...pool,
              Username: `no-name-${storage}@example.com`,
              TemporaryPassword: 'TempPass123!',
              MessageAction: 'SUPPRESS',
              UserAttributes: [{ Name: 'email', Value: `no-name-${storage}@example.com` }],
            }),
          ),
        ),
      ).toEqual({
        name: 'InvalidParameterException',
        status: 400,
        message: 'Attributes did not conform to the schema: name: The attribute is required',
      });
    });

    it('confirms a sign-up by admin, and pages through ListUsers', async () => {
      const emails = [1, 2, 3].map((n) => `page-${n}-${storage}@example.com`);
      for (const email of emails) await signUp(email);
      await cognito.send(new AdminConfirmSignUpCommand({ ...pool, Username: emails[0] }));
      expect((await cognito.send(new AdminGetUserCommand({ ...pool, Username: emails[0] }))).UserStatus).toBe(
        'CONFIRMED',
      );
      expect(
        await failure(cognito.send(new AdminConfirmSignUpCommand({ ...pool, Username: emails[0] }))),
      ).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'User cannot be confirmed. Current status is CONFIRMED',
      });
      expect((await signIn(emails[0] ?? '')).AuthenticationResult?.IdToken).toEqual(expect.any(String));

      const seen: string[] = [];
      let PaginationToken: string | undefined;
      do {
        const page = await cognito.send(
          new ListUsersCommand({ ...pool, Limit: 1, Filter: 'email ^= "page-"', PaginationToken }),
        );
        expect(page.Users?.length).toBeLessThanOrEqual(1);
        seen.push(
          ...(page.Users ?? []).map(
            (user) => user.Attributes?.find(({ Name }) => Name === 'email')?.Value ?? '',
          ),
        );
        PaginationToken = page.PaginationToken;
      } while (PaginationToken !== undefined);
      expect(seen.sort()).toEqual([...emails].sort());
    });

    it('refuses a wrong password and an unknown user alike, and an unknown pool or client', async () => {
      const email = `wrong-${storage}@example.com`;
      await signUp(email);
      await cognito.send(new AdminConfirmSignUpCommand({ ...pool, Username: email }));
      const incorrect = {
        name: 'NotAuthorizedException',
        status: 400,
        message: 'Incorrect username or password.',
      };
      expect(await failure(signIn(email, 'Wrong-Password-42'))).toEqual(incorrect);
      // The app client prevents user-existence errors: an unknown user looks the same.
      expect(await failure(signIn(`nobody-${storage}@example.com`))).toEqual(incorrect);
      expect(
        await failure(cognito.send(new AdminGetUserCommand({ ...pool, Username: 'nobody@example.com' }))),
      ).toMatchObject({ name: 'UserNotFoundException' });
      expect(
        await failure(
          cognito.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Other', Username: email })),
        ),
      ).toEqual({
        name: 'ResourceNotFoundException',
        status: 400,
        message: 'User pool us-east-1_Other does not exist.',
      });
      expect(
        await failure(
          cognito.send(
            new InitiateAuthCommand({
              ClientId: 'otherclient',
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
            }),
          ),
        ),
      ).toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('refreshes tokens, reads the user by access token, and revokes both on global sign-out', async () => {
      const email = `refresh-${storage}@example.com`;
      await signUp(email);
      await cognito.send(new AdminConfirmSignUpCommand({ ...pool, Username: email }));
      const first = (await signIn(email)).AuthenticationResult;
      const refreshToken = first?.RefreshToken ?? '';

      const refreshed = await cognito.send(
        new InitiateAuthCommand({
          ...client,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
      const refreshedId = decode(refreshed.AuthenticationResult?.IdToken ?? '');
      expect(refreshedId.origin_jti).toBe(decode(first?.IdToken ?? '').origin_jti);
      const byAdmin = await cognito.send(
        new AdminInitiateAuthCommand({
          ...pool,
          ...client,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      expect(byAdmin.AuthenticationResult?.IdToken).toEqual(expect.any(String));
      // The app client has no ADMIN_USER_PASSWORD_AUTH flow (USER_POOL_CLIENT_AUTH_FLOWS), as deployed.
      expect(
        await failure(
          cognito.send(
            new AdminInitiateAuthCommand({
              ...pool,
              ...client,
              AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: email, PASSWORD },
            }),
          ),
        ),
      ).toEqual({
        name: 'InvalidParameterException',
        status: 400,
        message: 'Auth flow not enabled for this client',
      });

      const me = await cognito.send(new GetUserCommand({ AccessToken: first?.AccessToken }));
      expect(me.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: email }]));
      expect(await failure(cognito.send(new GetUserCommand({ AccessToken: first?.IdToken })))).toEqual({
        name: 'NotAuthorizedException',
        status: 400,
        message: 'Invalid Access Token',
      });

      await cognito.send(new GlobalSignOutCommand({ AccessToken: first?.AccessToken }));
      expect(
        await failure(
          cognito.send(
            new InitiateAuthCommand({
              ...client,
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              AuthParameters: { REFRESH_TOKEN: refreshToken },
            }),
          ),
        ),
      ).toEqual({ name: 'NotAuthorizedException', status: 400, message: 'Refresh Token has been revoked' });
      expect(await failure(cognito.send(new GetUserCommand({ AccessToken: first?.AccessToken })))).toEqual({
        name: 'NotAuthorizedException',
        status: 400,
        message: 'Access Token has been revoked',
      });
      expect(
        await failure(
          cognito.send(
            new InitiateAuthCommand({
              ...client,
              AuthFlow: 'REFRESH_TOKEN_AUTH',
              AuthParameters: { REFRESH_TOKEN: 'garbage' },
            }),
          ),
        ),
      ).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
      // A new sign-in after the sign-out works again.
      expect((await signIn(email)).AuthenticationResult?.RefreshToken).toEqual(expect.any(String));
    });
  },
);
