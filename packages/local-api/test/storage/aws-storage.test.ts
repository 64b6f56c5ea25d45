import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createDocumentClient, ensureTables } from '@app/adapters-dynamodb';
import { startDynalite, uniqueTableNames } from '@app/adapters-dynamodb/testing';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CliIo, runCli } from '../../src/cli/cli.js';
import { startLocalServer } from '../../src/gateway/server.js';
import '../helpers/target.js';

/**
 * `--storage dynamodb --aws`: the SDK's own configuration, not the local one. dynalite stands in
 * for AWS through the SDK's service endpoint variable, with credentials from the environment
 * (the default chain's first source), as a developer's shell would have them.
 */
describe('--storage dynamodb --aws', () => {
  let dynalite: Awaited<ReturnType<typeof startDynalite>>;
  const tables = uniqueTableNames('aws');
  const direct = () =>
    createDocumentClient({
      endpoint: dynalite.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'direct', secretAccessKey: 'direct' },
    });

  beforeAll(async () => {
    dynalite = await startDynalite();
    const setup = direct();
    await ensureTables(setup, tables);
    setup.destroy();
  });
  afterAll(() => dynalite.close());

  const standInForAws = () => {
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynalite.endpoint);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFAKEFORTESTS');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
    vi.stubEnv('AWS_PROFILE', undefined);
  };
  afterEach(() => vi.unstubAllEnvs());

  it('reads and writes the named existing tables with the default credential chain', async () => {
    standInForAws();
    const server = await startLocalServer({
      port: 0,
      storage: 'dynamodb',
      dynamodb: { aws: true, region: 'eu-west-1', tables },
    });
    try {
      const { idToken, sub } = server.identity.issueToken('aws@example.com');
      const put = await fetch(`${server.url}/users/${sub}`, {
        method: 'PUT',
        headers: { Authorization: idToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'On AWS' }),
      });
      expect(put.status).toBe(200);
      expect(server.tables).toEqual(tables);
    } finally {
      await server.close();
    }

    const check = direct();
    const { Items } = await check.send(new ScanCommand({ TableName: tables.users }));
    check.destroy();
    expect(Items).toEqual([expect.objectContaining({ name: 'On AWS' })]);
  });

  it('creates no table: a missing one is named, and stays missing', async () => {
    standInForAws();
    const missing = { ...tables, orders: `${tables.orders}-missing` };

    await expect(
      startLocalServer({
        port: 0,
        storage: 'dynamodb',
        dynamodb: { aws: true, region: 'eu-west-1', tables: missing },
      }),
    ).rejects.toThrow(
      `The DynamoDB tables in eu-west-1 could not be read: No such table: ${missing.orders}.`,
    );

    const check = direct();
    await expect(check.send(new ScanCommand({ TableName: missing.orders }))).rejects.toThrow(
      /non-existent table|not found/i,
    );
    check.destroy();
  });

  it('prints a warning line naming the tables and the region', async () => {
    standInForAws();
    const err: string[] = [];
    const cli: CliIo = {
      stdout: () => undefined,
      stderr: (text) => err.push(text),
      env: { PORT: '0', AWS_REGION: 'eu-west-1' },
      stopRequested: async () => 'SIGTERM',
    };
    const args = ['--storage', 'dynamodb', '--aws', '--users-table', tables.users];
    args.push('--orders-table', tables.orders, '--idempotency-table', tables.idempotency);

    expect(await runCli(args, cli)).toBe(0);

    expect(err.join('')).toBe(
      `WARNING --aws: this server reads and writes the DynamoDB tables ${tables.users}, ${tables.orders}, ${tables.idempotency} in eu-west-1 of your AWS account.\n`,
    );
  });

  it('reads the names not given from the stacks’ outputs (moto standing in for CloudFormation)', async () => {
    standInForAws();
    const moto = await startMoto();
    try {
      vi.stubEnv('AWS_ENDPOINT_URL_CLOUDFORMATION', moto.endpoint);
      const cloudFormation = new CloudFormationClient({ region: 'eu-west-1' });
      const stack = (name: string, outputs: Record<string, string>) =>
        cloudFormation.send(
          new CreateStackCommand({
            StackName: name,
            TemplateBody: JSON.stringify({
              Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
              Outputs: Object.fromEntries(
                Object.entries(outputs).map(([key, value]) => [key, { Value: value }]),
              ),
            }),
          }),
        );
      await stack('UsersStack', { UsersTable: tables.users });
      await stack('OrdersStack', { OrdersTable: 'not-this-one', IdempotencyTable: tables.idempotency });
      cloudFormation.destroy();

      const server = await startLocalServer({
        port: 0,
        storage: 'dynamodb',
        dynamodb: { aws: true, region: 'eu-west-1', tables: { orders: tables.orders } },
      });
      await server.close();

      expect(server.tables).toEqual(tables);
    } finally {
      await moto.close();
    }
  });
});

/** moto's server (Python, `moto_server`) on a free port, until `close()`. */
async function startMoto(): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null || attempt > 600)
      throw new Error('moto_server did not start (is moto installed?)');
    if (
      await fetch(`${endpoint}/moto-api/`).then(
        () => true,
        () => false,
      )
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
