import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { awsApiTarget, awsStackNames } from '../src/targets/aws-target.js';
import { CognitoTokenProvider } from '../src/targets/cognito-token-provider.js';
import { resolveAwsTarget } from '../src/targets/stack-outputs.js';
import { fakeService } from './fake-aws-client.js';

const REGION = { region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
const POOL = { userPoolId: 'eu-west-1_Pool1', userPoolClientId: 'client1', adminGroupName: 'apiAdmins' };

/** An unsigned JWT-shaped token carrying `sub`. */
function idToken(sub: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part({ sub, token_use: 'id' })}.signature`;
}

function cognitoStub() {
  const cognito = new CognitoIdentityProviderClient(REGION);
  const calls = fakeService(cognito, {
    AdminCreateUserCommand: () => ({ User: {} }),
    AdminSetUserPasswordCommand: () => ({}),
    AdminAddUserToGroupCommand: () => ({}),
    InitiateAuthCommand: () => ({ AuthenticationResult: { IdToken: idToken('sub-1') } }),
    AdminDeleteUserCommand: () => ({}),
  });
  return { cognito, calls };
}

describe('CognitoTokenProvider', () => {
  it('creates a confirmed user with a permanent password and signs in with USER_PASSWORD_AUTH', async () => {
    const { cognito, calls } = cognitoStub();
    const provider = new CognitoTokenProvider({ cognito, ...POOL });

    const identity = await provider.token({ email: 'ana@example.com' });

    expect(identity).toEqual({ token: idToken('sub-1'), sub: 'sub-1', email: 'ana@example.com' });
    expect(calls.map((call) => call.command)).toEqual([
      'AdminCreateUserCommand',
      'AdminSetUserPasswordCommand',
      'InitiateAuthCommand',
    ]);
    const [create, setPassword, auth] = calls.map((call) => call.input);
    expect(create).toMatchObject({
      UserPoolId: POOL.userPoolId,
      Username: 'ana@example.com',
      MessageAction: 'SUPPRESS',
      UserAttributes: expect.arrayContaining([
        { Name: 'email', Value: 'ana@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    });
    expect(setPassword).toMatchObject({ Username: 'ana@example.com', Permanent: true });
    const password = (setPassword as { Password: string }).Password;
    expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{12,}$/);
    expect(auth).toEqual({
      ClientId: POOL.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'ana@example.com', PASSWORD: password },
    });
  });

  it('adds an admin to the admin group, and a user to the groups asked for', async () => {
    const { cognito, calls } = cognitoStub();
    const provider = new CognitoTokenProvider({ cognito, ...POOL });

    await provider.token({ admin: true, groups: ['apiAdminsReadOnly'] });

    const groups = calls
      .filter((call) => call.command === 'AdminAddUserToGroupCommand')
      .map((call) => call.input);
    expect(groups.map((input) => input.GroupName)).toEqual(['apiAdmins', 'apiAdminsReadOnly']);
    expect(groups[0]?.Username).toMatch(/^e2e-[0-9a-f-]{36}@example\.com$/);
  });

  it('deletes every user it created, once', async () => {
    const { cognito, calls } = cognitoStub();
    const provider = new CognitoTokenProvider({ cognito, ...POOL });
    const first = await provider.token();
    const second = await provider.token({ admin: true });

    await provider.cleanup();
    await provider.cleanup();

    const deleted = calls
      .filter((call) => call.command === 'AdminDeleteUserCommand')
      .map((call) => call.input);
    expect(deleted).toEqual([
      { UserPoolId: POOL.userPoolId, Username: first.email },
      { UserPoolId: POOL.userPoolId, Username: second.email },
    ]);
  });

  it('fails when Cognito returns no ID token', async () => {
    const cognito = new CognitoIdentityProviderClient(REGION);
    fakeService(cognito, {
      AdminCreateUserCommand: () => ({}),
      AdminSetUserPasswordCommand: () => ({}),
      InitiateAuthCommand: () => ({ ChallengeName: 'NEW_PASSWORD_REQUIRED' }),
    });

    await expect(
      new CognitoTokenProvider({ cognito, ...POOL }).token({ email: 'x@example.com' }),
    ).rejects.toThrow('no ID token for x@example.com');
  });
});

describe('resolveAwsTarget', () => {
  it('reads the endpoints and Cognito identifiers from the stack outputs', async () => {
    const cloudFormation = new CloudFormationClient(REGION);
    const outputs: Record<string, Record<string, string>> = {
      UsersStack: {
        APIEndpoint: 'https://users.example/Prod',
        UserPool: POOL.userPoolId,
        UserPoolClient: POOL.userPoolClientId,
        UserPoolAdminGroupName: 'admins',
      },
      OrdersStack: { OrdersServiceEndpoint: 'https://orders.example/Prod/' },
    };
    const calls = fakeService(cloudFormation, {
      DescribeStacksCommand: (input) => ({
        Stacks: [
          {
            StackName: input.StackName,
            Outputs: Object.entries(outputs[input.StackName as string] ?? {}).map(
              ([OutputKey, OutputValue]) => ({
                OutputKey,
                OutputValue,
              }),
            ),
          },
        ],
      }),
    });

    const target = await resolveAwsTarget(cloudFormation, { users: 'UsersStack', orders: 'OrdersStack' });

    expect(target).toEqual({
      usersApiUrl: 'https://users.example/Prod',
      ordersApiUrl: 'https://orders.example/Prod',
      userPoolId: POOL.userPoolId,
      userPoolClientId: POOL.userPoolClientId,
      adminGroupName: 'admins',
    });
    expect(calls.map((call) => call.input.StackName).sort()).toEqual(['OrdersStack', 'UsersStack']);
  });

  it('names the missing output', async () => {
    const cloudFormation = new CloudFormationClient(REGION);
    fakeService(cloudFormation, { DescribeStacksCommand: () => ({ Stacks: [{ Outputs: [] }] }) });

    await expect(resolveAwsTarget(cloudFormation, { users: 'U', orders: 'O' })).rejects.toThrow(
      'Stack U has no output APIEndpoint',
    );
  });
});

describe('awsApiTarget', () => {
  const outputs: Record<string, Record<string, string>> = {
    'e2e-users': {
      APIEndpoint: 'https://users.example/Prod/',
      UserPool: POOL.userPoolId,
      UserPoolClient: POOL.userPoolClientId,
      UserPoolAdminGroupName: 'admins',
    },
    'e2e-orders': { OrdersServiceEndpoint: 'https://orders.example/Prod' },
  };

  function target() {
    const cloudFormation = new CloudFormationClient(REGION);
    fakeService(cloudFormation, {
      DescribeStacksCommand: (input) => ({
        Stacks: [
          {
            Outputs: Object.entries(outputs[input.StackName as string] ?? {}).map(
              ([OutputKey, OutputValue]) => ({ OutputKey, OutputValue }),
            ),
          },
        ],
      }),
    });
    const { cognito, calls } = cognitoStub();
    return {
      calls,
      target: awsApiTarget({
        cloudFormation,
        cognito,
        stackNames: { users: 'e2e-users', orders: 'e2e-orders' },
      }),
    };
  }

  it('points the scenarios at the stacks’ endpoints, sending raw ID tokens', async () => {
    const { target: pending } = target();
    const resolved = await pending;

    expect(resolved).toMatchObject({
      usersUrl: 'https://users.example/Prod',
      ordersUrl: 'https://orders.example/Prod',
      authorization: 'raw',
    });
  });

  it('signs in a new pool user per token, the admin in the stack’s admin group, and deletes them all', async () => {
    const { target: pending, calls } = target();
    const resolved = await pending;

    const admin = await resolved.tokenFor('admin@example.com', { admin: true });
    const user = await resolved.tokenFor('user@example.com');
    await resolved.tokens.cleanup();

    expect(admin).toEqual({ token: idToken('sub-1'), sub: 'sub-1', email: 'admin@example.com' });
    expect(user.email).toBe('user@example.com');
    const inputs = (command: string) =>
      calls.filter((call) => call.command === command).map((call) => call.input);
    expect(inputs('AdminCreateUserCommand').map((input) => input.Username)).toEqual([
      'admin@example.com',
      'user@example.com',
    ]);
    expect(inputs('AdminAddUserToGroupCommand')).toEqual([
      { UserPoolId: POOL.userPoolId, Username: 'admin@example.com', GroupName: 'admins' },
    ]);
    expect(inputs('InitiateAuthCommand').map((input) => input.ClientId)).toEqual([
      POOL.userPoolClientId,
      POOL.userPoolClientId,
    ]);
    expect(inputs('AdminDeleteUserCommand').map((input) => input.Username)).toEqual([
      'admin@example.com',
      'user@example.com',
    ]);
  });
});

describe('awsStackNames', () => {
  it('reads E2E_USERS_STACK and E2E_ORDERS_STACK, defaulting to the app’s stack names', () => {
    expect(awsStackNames({})).toEqual({ users: 'UsersStack', orders: 'OrdersStack' });
    expect(awsStackNames({ E2E_USERS_STACK: '', E2E_ORDERS_STACK: '' })).toEqual({
      users: 'UsersStack',
      orders: 'OrdersStack',
    });
    expect(awsStackNames({ E2E_USERS_STACK: 'users-test', E2E_ORDERS_STACK: 'orders-test' })).toEqual({
      users: 'users-test',
      orders: 'orders-test',
    });
  });
});
