import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredMessage } from '../../src/identity/cognito-api/user-pool.js';
import { newOrder, startTarget, type Target } from '../helpers/target.js';

/** The AWS CLI on this machine (v1 here), or nothing: the SDK then plays the same sequence. */
function awsCliVersion(): string | undefined {
  try {
    return execFileSync('aws', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return undefined;
  }
}
const AWS_CLI = awsCliVersion();

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The workshop's getting-started commands against the local server, with only `--endpoint-url`
 * and a region added (and `name`, which the workshop leaves out of `admin-create-user` although
 * its pool requires it: first that call is refused, as Cognito refuses it). Dummy credentials
 * come from the environment; no AWS configuration file is read.
 */
describe('the workshop’s getting-started sequence', () => {
  let target: Target;
  let home: string;
  const delivered: DeliveredMessage[] = [];
  const transcript: string[] = [];

  beforeAll(async () => {
    target = await startTarget('memory', { onCognitoMessage: (message) => delivered.push(message) });
    home = mkdtempSync(join(tmpdir(), 'aws-cli-'));
  });

  afterAll(async () => {
    if (transcript.length > 0) {
      mkdirSync('test-output', { recursive: true });
      writeFileSync('test-output/aws-cli-transcript.txt', `${transcript.join('\n')}\n`);
    }
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
    await target?.close();
  });

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });

  if (AWS_CLI !== undefined) {
    const aws = (...args: string[]): Promise<CliResult> => {
      const argv = ['--endpoint-url', target.server.url, '--region', 'us-east-1', ...args];
      return new Promise((resolve) => {
        execFile(
          'aws',
          argv,
          {
            env: {
              PATH: process.env.PATH,
              HOME: home,
              AWS_ACCESS_KEY_ID: 'local',
              AWS_SECRET_ACCESS_KEY: 'local',
              AWS_CONFIG_FILE: join(home, 'config'),
              AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
            },
            encoding: 'utf8',
          },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
            transcript.push(
              `$ aws ${argv.map((arg) => (/[\s`'[\]*?!]/.test(arg) ? `'${arg}'` : arg)).join(' ')}`,
            );
            if (stdout.trim() !== '') transcript.push(stdout.trimEnd());
            if (stderr.trim() !== '') transcript.push(stderr.trimEnd());
            transcript.push(`(exit ${code})`);
            resolve({ code, stdout, stderr });
          },
        );
      });
    };
    const output = async (...args: string[]) => {
      const result = await aws(...args);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.trim();
    };
    const stackOutput = (key: string) =>
      output(
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        'UsersStack',
        '--query',
        `Stacks[0].Outputs[?OutputKey==\`${key}\`].OutputValue`,
        '--output',
        'text',
      );

    const signIn = (clientId: string, username: string, password: string) =>
      output(
        'cognito-idp',
        'initiate-auth',
        '--auth-flow',
        'USER_PASSWORD_AUTH',
        '--client-id',
        clientId,
        '--auth-parameters',
        `USERNAME=${username},PASSWORD=${password}`,
        '--query',
        'AuthenticationResult.IdToken',
        '--output',
        'text',
      );

    it(`runs the workshop’s commands with the real aws binary (${AWS_CLI}): the admin lists the users`, async () => {
      transcript.push(`# ${AWS_CLI}`);
      const USER_POOL_ID = await stackOutput('UserPool');
      const CLIENT_ID = await stackOutput('UserPoolClient');
      expect(USER_POOL_ID).toBe(target.server.identity.userPoolId);
      expect(CLIENT_ID).toBe(target.server.identity.clientId);

      const createAdmin = (...attributes: string[]) =>
        aws(
          'cognito-idp',
          'admin-create-user',
          '--user-pool-id',
          USER_POOL_ID,
          '--username',
          'admin@example.com',
          '--user-attributes',
          'Name=email,Value=admin@example.com',
          ...attributes,
          '--temporary-password',
          'TempPass123!',
          '--message-action',
          'SUPPRESS',
        );
      // As the workshop's README has it, without name: refused, as Cognito refuses it.
      const refused = await createAdmin();
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(
        'An error occurred (InvalidParameterException) when calling the AdminCreateUser operation: Attributes did not conform to the schema: name: The attribute is required',
      );
      const created = await createAdmin('Name=name,Value=Admin');
      expect(created.code, created.stderr).toBe(0);
      expect(JSON.parse(created.stdout).User.UserStatus).toBe('FORCE_CHANGE_PASSWORD');

      await output(
        'cognito-idp',
        'admin-add-user-to-group',
        '--user-pool-id',
        USER_POOL_ID,
        '--username',
        'admin@example.com',
        '--group-name',
        'apiAdmins',
      );
      await output(
        'cognito-idp',
        'admin-set-user-password',
        '--user-pool-id',
        USER_POOL_ID,
        '--username',
        'admin@example.com',
        '--password',
        'SecurePass123!',
        '--permanent',
      );
      const TOKEN = await signIn(CLIENT_ID, 'admin@example.com', 'SecurePass123!');
      const API_URL = await stackOutput('APIEndpoint');

      const users = await api(`${API_URL}/users`, TOKEN);
      transcript.push(
        `$ curl -H "Authorization: Bearer $TOKEN" $API_URL/users`,
        `${users.status} ${await users.clone().text()}`,
      );
      expect(users.status).toBe(200);
      expect(await users.json()).toEqual({ users: [] });
    });

    it('signs a regular user up with sign-up and admin-confirm-sign-up: the orders API takes their token', async () => {
      const USER_POOL_ID = target.server.identity.userPoolId;
      const CLIENT_ID = target.server.identity.clientId;
      const API_URL = target.server.url;
      await output(
        'cognito-idp',
        'sign-up',
        '--client-id',
        CLIENT_ID,
        '--username',
        'user@example.com',
        '--password',
        'UserPass123!x',
        '--user-attributes',
        'Name=email,Value=user@example.com',
        'Name=name,Value=User',
      );
      await output(
        'cognito-idp',
        'admin-confirm-sign-up',
        '--user-pool-id',
        USER_POOL_ID,
        '--username',
        'user@example.com',
      );
      const USER_TOKEN = await signIn(CLIENT_ID, 'user@example.com', 'UserPass123!x');
      const placed = await api(`${API_URL}/orders`, USER_TOKEN, {
        method: 'POST',
        body: JSON.stringify(newOrder('cli-order-1')),
      });
      transcript.push(
        `$ curl -X POST -H "Authorization: Bearer $USER_TOKEN" $API_URL/orders -d '{"orderId":"cli-order-1",…}'`,
        `${placed.status} ${await placed.clone().text()}`,
      );
      expect(placed.status).toBe(200);
      expect(await placed.json()).toMatchObject({ orderId: 'cli-order-1', status: 'PLACED' });
      // A regular user is not an admin of the users API.
      expect((await api(`${API_URL}/users`, USER_TOKEN)).status).toBe(403);
    });

    it('signs up, confirms with the code the server printed, and signs in (the README’s path)', async () => {
      const CLIENT_ID = target.server.identity.clientId;
      const API_URL = target.server.url;
      await output(
        'cognito-idp',
        'sign-up',
        '--client-id',
        CLIENT_ID,
        '--username',
        'me@example.com',
        '--password',
        'MyPassword123!',
        '--user-attributes',
        'Name=email,Value=me@example.com',
        'Name=name,Value=Me',
      );
      const code = delivered.find((message) => message.email === 'me@example.com')?.secret ?? '';
      expect(code).toMatch(/^\d{6}$/);
      await output(
        'cognito-idp',
        'confirm-sign-up',
        '--client-id',
        CLIENT_ID,
        '--username',
        'me@example.com',
        '--confirmation-code',
        code,
      );
      const MY_TOKEN = await signIn(CLIENT_ID, 'me@example.com', 'MyPassword123!');
      const mine = await api(`${API_URL}/orders`, MY_TOKEN);
      expect(mine.status).toBe(200);
      expect(await mine.json()).toEqual({ orders: [] });
    });
  } else {
    it('runs with the SDK (no aws binary on this machine): an admin lists the users', async () => {
      const cognito = new CognitoIdentityProviderClient({
        endpoint: target.server.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const pool = { UserPoolId: target.server.identity.userPoolId };
      const attributes = [{ Name: 'email', Value: 'admin@example.com' }];
      const create = (extra: typeof attributes) =>
        cognito.send(
          new AdminCreateUserCommand({
            ...pool,
            Username: 'admin@example.com',
            UserAttributes: [...attributes, ...extra],
            TemporaryPassword: 'TempPass123!',
            MessageAction: 'SUPPRESS',
          }),
        );
      await expect(create([])).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await create([{ Name: 'name', Value: 'Admin' }]);
      await cognito.send(
        new AdminAddUserToGroupCommand({ ...pool, Username: 'admin@example.com', GroupName: 'apiAdmins' }),
      );
      await cognito.send(
        new AdminSetUserPasswordCommand({
          ...pool,
          Username: 'admin@example.com',
          Password: 'SecurePass123!',
          Permanent: true,
        }),
      );
      const { AuthenticationResult } = await cognito.send(
        new InitiateAuthCommand({
          ClientId: target.server.identity.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'admin@example.com', PASSWORD: 'SecurePass123!' },
        }),
      );
      const users = await api(`${target.server.url}/users`, AuthenticationResult?.IdToken ?? '');
      expect(users.status).toBe(200);
      cognito.destroy();
    });
  }
});
