import { buildServices, isDomainError, type Principal } from '@app/core';
import { sampleContent, sampleOrder, uniqueId } from '@app/core/testing';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbAdapters, DynamoDbIdempotency, DynamoDbOrderRepository } from '../src/index.js';
import { SERVERS, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';
import { injectFault } from './helpers/faults.js';

let db: TestDatabase;
// Every test here runs on both servers: dynalite in process, and moto (see server-differences.test.ts).
describe.each(SERVERS)('on %s', (kind) => {
  beforeAll(async () => {
    db = await startTestDatabase(`faults-${kind}`, kind);
  });
  afterAll(() => db.close());

  const codeOf = (error: unknown) => (isDomainError(error) ? error.code : error);
  const customer = (): Principal => ({ sub: uniqueId('user'), groups: [], isAdmin: false });

  /** Every item of a table, read by a client without faults. */
  const itemsOf = async (tableName: string) =>
    (await db.client().send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Items ?? [];
  const ordersOf = async (userId: string) =>
    (await itemsOf(db.tables.orders)).filter((item) => item.userId === userId);

  /** The order services on a client the test can break, with a fresh idempotency layer. */
  const servicesOn = (client = db.client(), inProgressTimeoutSeconds?: number) => {
    const adapters = createDynamoDbAdapters({ client, tables: db.tables });
    const idempotency = new DynamoDbIdempotency({
      client,
      tableName: db.tables.idempotency,
      keyPrefix: 'faults',
      ...(inProgressTimeoutSeconds === undefined ? {} : { inProgressTimeoutSeconds }),
    });
    return buildServices({ ...adapters, idempotency, cursorSigningKey: 'fault-test-signing-key' });
  };

  describe('throttling', () => {
    it('succeeds when DynamoDB throttles twice and then accepts the write', async () => {
      const client = db.client();
      const fault = injectFault(client, { kind: 'throttle', command: 'PutItemCommand', times: 2 });
      const order = sampleOrder();
      expect(await new DynamoDbOrderRepository(client, db.tables.orders).create(order)).toEqual({
        created: true,
      });
      expect(fault).toMatchObject({ attempts: 3, failed: 2 });
      expect(await ordersOf(order.userId)).toHaveLength(1);
    });

    it('creates an order through the services when every call is throttled twice first', async () => {
      const client = db.client();
      for (const command of ['PutItemCommand', 'UpdateItemCommand']) {
        injectFault(client, { kind: 'throttle', command, times: 2 });
      }
      const caller = customer();
      const request = { orderId: uniqueId('order'), ...sampleContent() };
      const outcome = await servicesOn(client).orders.create(caller, request);
      expect(outcome.replayed).toBe(false);
      expect(await ordersOf(caller.sub)).toHaveLength(1);
    });

    it('reports SERVICE_UNAVAILABLE and writes nothing when DynamoDB throttles every attempt', async () => {
      const client = db.client();
      const fault = injectFault(client, { kind: 'throttle' });
      const before = await itemsOf(db.tables.idempotency);
      const caller = customer();
      const error = await servicesOn(client)
        .orders.create(caller, { orderId: uniqueId('order'), ...sampleContent() })
        .catch((e: unknown) => e);
      expect(codeOf(error)).toBe('SERVICE_UNAVAILABLE');
      expect(fault.attempts).toBe(3);
      expect(await ordersOf(caller.sub)).toEqual([]);
      expect(await itemsOf(db.tables.idempotency)).toEqual(before);
    });

    it('releases the idempotency record when the order write stays throttled, so a retry runs', async () => {
      const client = db.client();
      injectFault(client, { kind: 'throttle', command: 'PutItemCommand', tableName: db.tables.orders });
      const before = await itemsOf(db.tables.idempotency);
      const caller = customer();
      const request = { orderId: uniqueId('order'), ...sampleContent() };
      expect(await servicesOn(client).orders.create(caller, request).catch(codeOf)).toBe(
        'SERVICE_UNAVAILABLE',
      );
      expect(await ordersOf(caller.sub)).toEqual([]);
      expect(await itemsOf(db.tables.idempotency)).toEqual(before);
      const retry = await servicesOn().orders.create(caller, request);
      expect(retry.replayed).toBe(false);
      expect(await ordersOf(caller.sub)).toHaveLength(1);
    });

    it('reports SERVICE_UNAVAILABLE for a throttled read and a throttled state change', async () => {
      const client = db.client({ maxAttempts: 2 });
      injectFault(client, { kind: 'throttle' });
      const orders = new DynamoDbOrderRepository(client, db.tables.orders);
      await expect(orders.get(uniqueId('user'), uniqueId('order')).catch(codeOf)).resolves.toBe(
        'SERVICE_UNAVAILABLE',
      );
      await expect(
        orders.cancel(uniqueId('user'), uniqueId('order'), new Date()).catch(codeOf),
      ).resolves.toBe('SERVICE_UNAVAILABLE');
    });
  });

  describe('a write whose reply is lost', () => {
    it('ends with exactly one order and success when the order write is retried', async () => {
      const client = db.client();
      const fault = injectFault(client, {
        kind: 'lose-reply',
        command: 'PutItemCommand',
        tableName: db.tables.orders,
        times: 1,
      });
      const caller = customer();
      const request = { orderId: uniqueId('order'), ...sampleContent() };
      const outcome = await servicesOn(client).orders.create(caller, request);
      expect(fault).toMatchObject({ attempts: 2, failed: 1 });
      expect(outcome.order).toMatchObject({
        orderId: request.orderId,
        userId: caller.sub,
        totalAmount: 19.97,
      });
      expect(await ordersOf(caller.sub)).toHaveLength(1);
      // The first request's result is stored: a client retry is a replay of the same order.
      const replay = await servicesOn().orders.create(caller, request);
      expect(replay).toEqual({ order: outcome.order, replayed: true });
    });

    it('ends with exactly one order and success when completing the idempotency record is retried', async () => {
      const client = db.client();
      const fault = injectFault(client, {
        kind: 'lose-reply',
        command: 'UpdateItemCommand',
        tableName: db.tables.idempotency,
        times: 1,
      });
      const caller = customer();
      const request = { orderId: uniqueId('order'), ...sampleContent() };
      const outcome = await servicesOn(client).orders.create(caller, request);
      expect(outcome.replayed).toBe(false);
      expect(fault).toMatchObject({ attempts: 2, failed: 1 });
      expect(await ordersOf(caller.sub)).toHaveLength(1);
      expect(await servicesOn().orders.create(caller, request)).toEqual({
        order: outcome.order,
        replayed: true,
      });
    });

    it('answers IDEMPOTENCY_IN_PROGRESS when the in-progress record was written, and succeeds once it lapses', async () => {
      // Powertools cannot tell its own retried PutItem from a concurrent request: the retry finds
      // the record it wrote itself, in progress. The record blocks the key only until its
      // in-progress expiry (the Lambda's remaining time; here 1 s), then a retry runs once.
      const client = db.client();
      injectFault(client, {
        kind: 'lose-reply',
        command: 'PutItemCommand',
        tableName: db.tables.idempotency,
        times: 1,
      });
      const caller = customer();
      const request = { orderId: uniqueId('order'), ...sampleContent() };
      expect(await servicesOn(client, 1).orders.create(caller, request).catch(codeOf)).toBe(
        'IDEMPOTENCY_IN_PROGRESS',
      );
      expect(await ordersOf(caller.sub)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const retry = await servicesOn(db.client(), 1).orders.create(caller, request);
      expect(retry.replayed).toBe(false);
      expect(await ordersOf(caller.sub)).toHaveLength(1);
    });
  });
});
