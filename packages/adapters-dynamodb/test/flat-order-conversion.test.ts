import { sampleOrder, uniqueId } from '@app/core/testing';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { convertFlatOrders, DynamoDbOrderRepository } from '../src/index.js';
import { putRawItem, workshopOrderItem } from '../src/testing/index.js';
import { countCalls, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase('flat');
});
afterAll(() => db.close());

const raw = async (userId: string, orderId: string) =>
  (
    await db
      .client()
      .send(new GetCommand({ TableName: db.tables.orders, Key: { userId, orderId }, ConsistentRead: true }))
  ).Item;

it('converts the earlier flat layout in place, once, leaving workshop-layout and unreadable items alone', async () => {
  const flat = sampleOrder({ status: 'ACKNOWLEDGED' });
  const userId = flat.userId;
  await putRawItem(db.client(), db.tables.orders, flat);
  const workshop = workshopOrderItem({ userId, orderId: 'workshop' });
  await putRawItem(db.client(), db.tables.orders, workshop);
  const broken = { userId, orderId: 'broken', status: 'PLACED' };
  await putRawItem(db.client(), db.tables.orders, broken);
  const orders = new DynamoDbOrderRepository(db.client(), db.tables.orders, { onUnreadableItem: () => {} });

  const first = await convertFlatOrders(db.client(), db.tables.orders);

  expect(first).toEqual({
    converted: 1,
    alreadyInLayout: 1,
    unreadable: [
      {
        table: db.tables.orders,
        key: { userId, orderId: 'broken' },
        issues: expect.arrayContaining([expect.objectContaining({ path: 'data.restaurantId' })]),
      },
    ],
  });
  expect(await raw(userId, flat.orderId)).toEqual({ userId, orderId: flat.orderId, data: flat });
  expect(await raw(userId, 'workshop')).toEqual(workshop);
  expect(await raw(userId, 'broken')).toEqual(broken);
  expect((await orders.listByUser(userId, { limit: 10 })).items).toEqual([flat, workshop.data]);
  expect(await convertFlatOrders(db.client(), db.tables.orders)).toMatchObject({
    converted: 0,
    alreadyInLayout: 2,
  });
});

it('pages through a table larger than one Scan page', async () => {
  const userId = uniqueId('user');
  const big = 'x'.repeat(200_000);
  for (let i = 0; i < 6; i++) {
    await putRawItem(db.client(), db.tables.orders, {
      ...sampleOrder({ userId, orderId: `o-${i}` }),
      padding: big,
    });
  }
  const client = db.client();
  const counter = countCalls(client);
  const { result, byOperation } = await counter.during(() => convertFlatOrders(client, db.tables.orders));
  expect(byOperation.Scan).toBeGreaterThanOrEqual(2);
  expect(result.converted).toBe(6);
  expect(await raw(userId, 'o-5')).toMatchObject({ data: { orderId: 'o-5', status: 'PLACED' } });
});
