import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createDocumentClient, ensureTables, type TableKind } from '@app/adapters-dynamodb';
import { DeleteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { composeAddOrderFunction } from '../src/app/compose-add-order.js';
import {
  composeCancelOrderFunction,
  composeEditOrderFunction,
  composeGetOrderFunction,
  composeListOrdersFunction,
  composeUsersFunction,
} from '../src/app/compose-lambda.js';
import type { ApiHandler } from '../src/http/http-handler.js';
import { FUNCTIONS, type FunctionName } from '../src/routes.js';
import { FUNCTION_TABLE_ACCESS } from '../src/table-access.js';
import { apiEvent, lambdaContext, tokenAuthorizerContext } from './helpers/events.js';
import { ALICE, invoke, newOrder } from './helpers/orders.js';

/*
 * What each function's code really sends to DynamoDB, against the table its roles are granted
 * from: every function's composition root (as Lambda builds it) runs its routes, success and
 * failure paths, against dynalite, and every request dynalite receives is recorded as
 * `dynamodb:<Action>` on the table it names, for the function being invoked.
 */

const requireCommonJs = createRequire(import.meta.url);
const dynalite = requireCommonJs('dynalite') as (options: { createTableMs?: number }) => Server;

const suffix = randomUUID().slice(0, 8);
const TABLES: Record<TableKind, string> = {
  users: `access-users-${suffix}`,
  orders: `access-orders-${suffix}`,
  idempotency: `access-idempotency-${suffix}`,
};
const kindOf = (tableName: string) =>
  (Object.entries(TABLES).find(([, name]) => name === tableName)?.[0] ?? `unknown:${tableName}`) as TableKind;

const recorded = new Map<FunctionName, Map<TableKind, Set<string>>>();
let current: FunctionName | undefined;
let server: Server;
let endpoint: string;

function record(request: IncomingMessage): void {
  const action = String(request.headers['x-amz-target'] ?? '').split('.')[1];
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (current === undefined || action === undefined) return;
    const { TableName } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
      TableName?: string;
    };
    const tables = recorded.get(current) ?? new Map<TableKind, Set<string>>();
    const actions = tables.get(kindOf(String(TableName))) ?? new Set<string>();
    actions.add(`dynamodb:${action}`);
    tables.set(kindOf(String(TableName)), actions);
    recorded.set(current, tables);
  });
}

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  server = dynalite({ createTableMs: 0 });
  server.on('request', record);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await ensureTables(createDocumentClient({ endpoint, region: 'us-east-1' }), TABLES);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

const ENV = () => ({
  AWS_REGION: 'us-east-1',
  DYNAMODB_ENDPOINT: endpoint,
  USERS_TABLE: TABLES.users,
  ORDERS_TABLE: TABLES.orders,
  IDEMPOTENCY_TABLE: TABLES.idempotency,
  IDEMPOTENCY_WINDOW_SECONDS: '3600',
  ADMIN_GROUP_NAME: 'apiAdmins',
  CURSOR_SIGNING_KEY: 'a-cursor-signing-key-of-32-chars!',
});

/** Runs `calls` as function `name`, checking each answer's status. */
async function as(
  name: FunctionName,
  calls: [Promise<APIGatewayProxyResult>, number][] | (() => [Promise<APIGatewayProxyResult>, number])[],
) {
  current = name;
  try {
    for (const call of calls) {
      const [response, status] = typeof call === 'function' ? call() : call;
      expect((await response).statusCode, name).toBe(status);
    }
  } finally {
    current = undefined;
  }
}

const ADMIN = { sub: 'admin-0001', email: 'admin@example.com', isAdmin: true };
const usersCall = (
  handler: ApiHandler,
  method: string,
  resource: string,
  extra: Partial<Parameters<typeof apiEvent>[0]> = {},
) =>
  handler(
    apiEvent({ method, resource, authorizer: tokenAuthorizerContext(ADMIN), ...extra }),
    lambdaContext('users'),
  );

async function forgetIdempotencyRecords(): Promise<void> {
  const client = createDocumentClient({ endpoint, region: 'us-east-1' });
  const { Items = [] } = await client.send(new ScanCommand({ TableName: TABLES.idempotency }));
  for (const item of Items)
    await client.send(new DeleteCommand({ TableName: TABLES.idempotency, Key: { id: item.id } }));
}

it('grants every function exactly the DynamoDB actions its code sends, table by table', async () => {
  const users = composeUsersFunction(ENV());
  const alice = { pathParameters: { userid: 'alice-0001' } };
  await as('users', [
    () => [usersCall(users, 'POST', '/users', { body: { name: 'Admin Made' } }), 200],
    () => [usersCall(users, 'PUT', '/users/{userid}', { ...alice, body: { name: 'Alice' } }), 200],
    () => [usersCall(users, 'PUT', '/users/{userid}', { ...alice, body: { name: 'Alice Again' } }), 200],
    () => [usersCall(users, 'GET', '/users/{userid}', alice), 200],
    () => [usersCall(users, 'GET', '/users', { query: { limit: '1' } }), 200],
    () => [usersCall(users, 'DELETE', '/users/{userid}', alice), 204],
    () => [usersCall(users, 'GET', '/users/{userid}', alice), 404],
  ]);

  const addOrder = composeAddOrderFunction(ENV());
  const place = (body: object) => invoke(addOrder, ALICE, 'POST', '/orders', { body });
  await as('addOrder', [
    () => [place(newOrder('order-0001')), 200],
    () => [place(newOrder('order-0001')), 200],
    () => [place({ ...newOrder('order-0001'), totalAmount: 1 }), 422],
    () => [place(newOrder('order-0002')), 200],
  ]);
  await forgetIdempotencyRecords();
  // A retry after the idempotency window: the order exists, and is read back.
  await as('addOrder', [
    () => [place(newOrder('order-0001')), 200],
    () => [place({ ...newOrder('order-0002'), totalAmount: 4.99 }), 409],
  ]);

  const path = (orderId: string) => ({ pathParameters: { orderId } });
  await as('getOrder', [
    () => [
      invoke(composeGetOrderFunction(ENV()), ALICE, 'GET', '/orders/{orderId}', path('order-0001')),
      200,
    ],
    () => [invoke(composeGetOrderFunction(ENV()), ALICE, 'GET', '/orders/{orderId}', path('missing')), 404],
  ]);
  await as('listOrders', [
    () => [invoke(composeListOrdersFunction(ENV()), ALICE, 'GET', '/orders', { query: { limit: '1' } }), 200],
  ]);
  const edit = composeEditOrderFunction(ENV());
  const cancel = composeCancelOrderFunction(ENV());
  await as('editOrder', [
    () => [
      invoke(edit, ALICE, 'PUT', '/orders/{orderId}', {
        ...path('order-0001'),
        body: { ...newOrder('order-0001'), totalAmount: 20 },
      }),
      200,
    ],
  ]);
  await as('cancelOrder', [
    () => [invoke(cancel, ALICE, 'DELETE', '/orders/{orderId}', path('order-0001')), 200],
    () => [invoke(cancel, ALICE, 'DELETE', '/orders/{orderId}', path('order-0001')), 400],
  ]);
  await as('editOrder', [
    () => [
      invoke(edit, ALICE, 'PUT', '/orders/{orderId}', {
        ...path('order-0001'),
        body: newOrder('order-0001'),
      }),
      400,
    ],
  ]);

  const sent = Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
      name,
      Object.fromEntries(
        [...(recorded.get(name) ?? new Map()).entries()].map(([kind, actions]) => [
          kind,
          [...actions].sort(),
        ]),
      ),
    ]),
  );
  const granted = Object.fromEntries(
    Object.entries(FUNCTION_TABLE_ACCESS).map(([name, tables]) => [
      name,
      Object.fromEntries(Object.entries(tables).map(([kind, actions]) => [kind, [...actions].sort()])),
    ]),
  );
  expect(sent).toEqual(granted);
});
