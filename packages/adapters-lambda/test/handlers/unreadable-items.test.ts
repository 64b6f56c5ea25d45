import { createDocumentClient, ensureTables } from '@app/adapters-dynamodb';
import {
  type DynaliteServer,
  LOCAL_CREDENTIALS,
  putRawItem,
  startDynalite,
  uniqueTableNames,
  workshopOrderItem,
  workshopUserItem,
} from '@app/adapters-dynamodb/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  composeGetOrderFunction,
  composeListOrdersFunction,
  composeUsersFunction,
} from '../../src/app/compose-lambda.js';
import { bodyOf } from '../helpers/app.js';
import { apiEvent, lambdaContext, tokenAuthorizerContext } from '../helpers/events.js';
import { ALICE, invoke } from '../helpers/orders.js';
import { captureStdout, emfMetrics } from '../helpers/stdout.js';

let dynalite: DynaliteServer;
const tables = uniqueTableNames('unreadable');
let env: Record<string, string>;
beforeAll(async () => {
  dynalite = await startDynalite();
  const client = createDocumentClient({ endpoint: dynalite.endpoint, credentials: LOCAL_CREDENTIALS });
  await ensureTables(client, tables);
  const unreadable = workshopOrderItem({ userId: ALICE.sub, orderId: 'b-unreadable' });
  delete unreadable.data.status;
  for (const item of [
    workshopOrderItem({ userId: ALICE.sub, orderId: 'a-placed' }),
    unreadable,
    workshopOrderItem({ userId: ALICE.sub, orderId: 'c-acknowledged' }, { status: 'ACKNOWLEDGED' }),
  ]) {
    await putRawItem(client, tables.orders, item);
  }
  await putRawItem(client, tables.users, workshopUserItem('nameless', { name: undefined }));
  client.destroy();
  env = {
    AWS_REGION: 'us-east-1',
    ORDERS_TABLE: tables.orders,
    USERS_TABLE: tables.users,
    CURSOR_SIGNING_KEY: 'unreadable-items-test-signing-key!',
    DYNAMODB_ENDPOINT: dynalite.endpoint,
  };
});
afterAll(() => dynalite.close());

beforeEach(() => {
  // The functions' clients use the default credential chain, as on Lambda.
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const unreadableLines = (documents: Record<string, unknown>[]) =>
  documents.filter((line) => line.message === 'Unreadable item');

describe('an unreadable item, through the Lambda functions on DynamoDB', () => {
  it('GET /orders answers 200 with the readable orders; the item is logged at ERROR and counted', async () => {
    const handler = composeListOrdersFunction(env);
    const stdout = captureStdout();

    const response = await invoke(handler, ALICE, 'GET', '/orders');
    const documents = stdout.json();
    stdout.restore();

    expect(response.statusCode).toBe(200);
    expect(bodyOf<{ orders: { orderId: string }[] }>(response).orders.map((order) => order.orderId)).toEqual([
      'a-placed',
      'c-acknowledged',
    ]);
    expect(unreadableLines(documents)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        service: 'orders',
        unreadableItem: {
          table: tables.orders,
          key: { userId: ALICE.sub, orderId: 'b-unreadable' },
          issues: [{ path: 'data.status', message: expect.any(String) }],
        },
      }),
    ]);
    expect(emfMetrics(documents)).toContainEqual({
      namespace: 'ServerlessWorkshop',
      service: 'orders',
      UnreadableItem: 1,
    });
  });

  it('GET /orders/{orderId} of it answers a generic 500 INTERNAL, with the same log line and count', async () => {
    const handler = composeGetOrderFunction(env);
    const stdout = captureStdout();

    const response = await invoke(handler, ALICE, 'GET', '/orders/{orderId}', {
      pathParameters: { orderId: 'b-unreadable' },
    });
    const documents = stdout.json();
    stdout.restore();

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toMatchObject({ code: 'INTERNAL', status: 500 });
    expect(response.body).not.toMatch(/data\.status|Unreadable|unreadable/);
    expect(unreadableLines(documents)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        unreadableItem: expect.objectContaining({ key: { userId: ALICE.sub, orderId: 'b-unreadable' } }),
      }),
    ]);
    expect(emfMetrics(documents)).toContainEqual(expect.objectContaining({ UnreadableItem: 1 }));
  });

  it('GET /users/{userid} of a user without a name answers 500 INTERNAL and logs it', async () => {
    const handler = composeUsersFunction(env);
    const stdout = captureStdout();

    const response = await handler(
      apiEvent({
        method: 'GET',
        resource: '/users/{userid}',
        pathParameters: { userid: 'nameless' },
        authorizer: tokenAuthorizerContext({ sub: 'nameless' }),
      }),
      lambdaContext('users'),
    );
    const documents = stdout.json();
    stdout.restore();

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toMatchObject({ code: 'INTERNAL' });
    expect(unreadableLines(documents)).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        service: 'users',
        unreadableItem: {
          table: tables.users,
          key: { userid: 'nameless' },
          issues: [expect.objectContaining({ path: 'name' })],
        },
      }),
    ]);
    expect(emfMetrics(documents)).toContainEqual(
      expect.objectContaining({ service: 'users', UnreadableItem: 1 }),
    );
  });
});
