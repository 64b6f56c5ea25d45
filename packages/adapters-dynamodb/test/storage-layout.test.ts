import { buildServices, isDomainError, type Order, type Principal } from '@app/core';
import { sampleContent, sampleOrder, sampleUser, uniqueId } from '@app/core/testing';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asDynamoDbClient,
  createDynamoDbAdapters,
  DynamoDbIdempotency,
  DynamoDbOrderRepository,
  DynamoDbUserRepository,
  StorageError,
} from '../src/index.js';
import { countCalls, SERVERS, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

let db: TestDatabase;
let orders: DynamoDbOrderRepository;
let users: DynamoDbUserRepository;
// Every test here runs on both servers: dynalite in process, and moto (see server-differences.test.ts).
describe.each(SERVERS)('on %s', (kind) => {
  beforeAll(async () => {
    db = await startTestDatabase(`layout-${kind}`, kind);
    orders = new DynamoDbOrderRepository(db.client(), db.tables.orders);
    users = new DynamoDbUserRepository(db.client(), db.tables.users);
  });
  afterAll(() => db.close());

  const codeOf = (error: unknown) => (isDomainError(error) ? error.code : error);
  const rawItem = async (tableName: string, key: Record<string, string>) =>
    (
      await asDynamoDbClient(db.client()).send(
        new GetItemCommand({
          TableName: tableName,
          Key: Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }])),
          ConsistentRead: true,
        }),
      )
    ).Item;

  describe('orders table', () => {
    it('stores an order in the workshop layout, (userId, orderId) and the whole order in data, amounts as exact decimal numbers', async () => {
      const order = sampleOrder({ restaurantId: 'r-7' });
      await orders.create(order);
      expect(await rawItem(db.tables.orders, { userId: order.userId, orderId: order.orderId })).toEqual({
        userId: { S: order.userId },
        orderId: { S: order.orderId },
        data: {
          M: {
            orderId: { S: order.orderId },
            userId: { S: order.userId },
            restaurantId: { S: 'r-7' },
            orderItems: {
              L: [
                {
                  M: { id: { N: '1' }, name: { S: 'Spaghetti' }, price: { N: '9.99' }, quantity: { N: '1' } },
                },
                {
                  M: {
                    id: { N: '2' },
                    name: { S: 'Pizza - SMALL' },
                    price: { N: '4.99' },
                    quantity: { N: '2' },
                  },
                },
              ],
            },
            totalAmount: { N: '19.97' },
            status: { S: 'PLACED' },
            orderTime: { S: order.orderTime },
          },
        },
      });
    });

    it('writes a transition into data, leaving no flat attribute behind', async () => {
      const order = sampleOrder();
      await orders.create(order);
      await orders.cancel(order.userId, order.orderId, new Date(Date.parse(order.orderTime) + 1000));
      const item = await rawItem(db.tables.orders, { userId: order.userId, orderId: order.orderId });
      expect(Object.keys(item!).sort()).toEqual(['data', 'orderId', 'userId']);
      expect(item!.data!.M!.status).toEqual({ S: 'CANCELED' });
    });

    it.each([0, 0.01, 0.1, 0.29, 4.35, 19.97, 123456.78, 999999.99, 1_000_000])(
      'round-trips the amount %s exactly',
      async (amount) => {
        const order = sampleOrder({
          totalAmount: amount,
          orderItems: [{ id: 'x', name: 'Item', price: amount, quantity: 3 }],
        });
        await orders.create(order);
        const stored = await orders.get(order.userId, order.orderId);
        expect(stored?.totalAmount).toBe(amount);
        expect(stored?.orderItems[0]?.price).toBe(amount);
        expect(JSON.stringify(stored)).toContain(`"totalAmount":${amount}`);
      },
    );

    it('returns orders with their fields in the schema order, whatever the stored order', async () => {
      const order = sampleOrder();
      const shuffled = Object.fromEntries(Object.entries(order).reverse()) as Order;
      await orders.create(shuffled);
      const expectedKeys = [
        'orderId',
        'userId',
        'restaurantId',
        'orderItems',
        'totalAmount',
        'status',
        'orderTime',
      ];
      expect(Object.keys((await orders.get(order.userId, order.orderId))!)).toEqual(expectedKeys);
      expect(Object.keys((await orders.listByUser(order.userId, { limit: 5 })).items[0]!)).toEqual(
        expectedKeys,
      );
      const canceled = await orders.cancel(
        order.userId,
        order.orderId,
        new Date(Date.parse(order.orderTime) + 1000),
      );
      expect(canceled.ok && Object.keys(canceled.order)).toEqual(expectedKeys);
      expect(Object.keys((await orders.get(order.userId, order.orderId))!.orderItems[0]!)).toEqual([
        'id',
        'name',
        'price',
        'quantity',
      ]);
    });

    it('refuses an echo that can never match without writing, explaining it with one read', async () => {
      const client = db.client();
      const counter = countCalls(client);
      const repo = new DynamoDbOrderRepository(client, db.tables.orders);
      const order = sampleOrder();
      await repo.create(order);
      const { result, byOperation } = await counter.during(() =>
        repo.edit(order.userId, order.orderId, sampleContent({ totalAmount: 1 }), { orderTime: 12 }),
      );
      expect(result).toEqual({ ok: false, reason: 'read-only', field: 'orderTime' });
      expect(byOperation).toEqual({ GetItem: 1 });
      expect(await repo.get(order.userId, order.orderId)).toEqual(order);
    });
  });

  describe('users table', () => {
    it('stores a user under userid with name, email and timestamp', async () => {
      const user = sampleUser();
      await users.create(user);
      expect(await rawItem(db.tables.users, { userid: user.userid })).toEqual({
        userid: { S: user.userid },
        name: { S: user.name },
        email: { S: user.email },
        timestamp: { S: user.timestamp },
      });
    });

    it('returns users with their fields in the schema order', async () => {
      const user = sampleUser();
      await users.create(Object.fromEntries(Object.entries(user).reverse()) as typeof user);
      expect(Object.keys((await users.get(user.userid))!)).toEqual(['userid', 'name', 'email', 'timestamp']);
    });
  });

  describe('idempotency table', () => {
    const caller = (): Principal => ({ sub: uniqueId('user'), groups: [], isAdmin: false });
    const services = (windowSeconds?: number) =>
      buildServices({
        ...createDynamoDbAdapters({
          client: db.client(),
          tables: db.tables,
          keyPrefix: 'layout',
          ...(windowSeconds === undefined ? {} : { idempotencyWindowSeconds: windowSeconds }),
        }),
        cursorSigningKey: 'layout-test-signing-key',
      });
    const records = async () =>
      (await db.client().send(new ScanCommand({ TableName: db.tables.idempotency, ConsistentRead: true })))
        .Items ?? [];

    it('keeps the Powertools record layout: id, expiration, status, data, validation, in_progress_expiration', async () => {
      const before = new Set((await records()).map((record) => record.id));
      const startedSeconds = Date.now() / 1000;
      const { order } = await services().orders.create(caller(), {
        orderId: uniqueId('order'),
        ...sampleContent(),
      });
      const [record, ...others] = (await records()).filter((item) => !before.has(item.id));
      expect(others).toEqual([]);
      expect(Object.keys(record!).sort()).toEqual(
        ['data', 'expiration', 'id', 'in_progress_expiration', 'status', 'validation'].sort(),
      );
      expect(record!.id).toMatch(/^layout#/);
      expect(record!.status).toBe('COMPLETED');
      expect(JSON.parse(record!.data as string)).toEqual(order);
      expect(record!.expiration).toBeGreaterThanOrEqual(Math.floor(startedSeconds + 3600));
      expect(record!.expiration).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000 + 3600));
    });

    it('bounds an unfinished run by the registered Lambda context’s remaining time', async () => {
      const idempotency = new DynamoDbIdempotency({
        client: db.client(),
        tableName: db.tables.idempotency,
        keyPrefix: 'context',
      });
      idempotency.registerLambdaContext({ getRemainingTimeInMillis: () => 5_000 });
      let inProgress: Record<string, unknown> | undefined;
      await idempotency.run({
        key: uniqueId('key'),
        payload: 1,
        run: async () => {
          inProgress = (await records()).find(
            (item) => item.status === 'INPROGRESS' && String(item.id).startsWith('context#'),
          );
          return 'done';
        },
      });
      const expiresInMs = (inProgress?.in_progress_expiration as number) - Date.now();
      expect(expiresInMs).toBeGreaterThan(0);
      expect(expiresInMs).toBeLessThanOrEqual(5_000);
    });

    it('after the window, returns the stored order for the same payload and ORDER_EXISTS for another', async () => {
      const windowed = services(1);
      const who = caller();
      const request = { orderId: uniqueId('order'), ...sampleContent() };
      const first = await windowed.orders.create(who, request);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect(await windowed.orders.create(who, request)).toEqual({ order: first.order, replayed: true });
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect(await windowed.orders.create(who, { ...request, totalAmount: 5 }).catch(codeOf)).toBe(
        'ORDER_EXISTS',
      );
      expect((await orders.listByUser(who.sub, { limit: 10 })).items).toEqual([first.order]);
    });
  });

  describe('storage errors', () => {
    it('reports a missing table as a StorageError carrying the SDK error, never the raw error', async () => {
      const error = await new DynamoDbOrderRepository(db.client(), 'no-such-table')
        .get('u', 'o')
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).cause).toMatchObject({ name: 'ResourceNotFoundException' });
      expect(isDomainError(error)).toBe(false);
    });

    it('reports a failing idempotency table as a StorageError, and runs nothing', async () => {
      let ran = false;
      const idempotency = new DynamoDbIdempotency({
        client: db.client(),
        tableName: 'no-such-table',
        keyPrefix: 'x',
      });
      const error = await idempotency
        .run({ key: uniqueId('key'), payload: 1, run: async () => (ran = true) })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect(ran).toBe(false);
    });
  });
});
