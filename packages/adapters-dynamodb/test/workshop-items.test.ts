import { buildServices, CANCEL_WINDOW_SECONDS, isDomainError, type Order, type Principal } from '@app/core';
import { sampleContent, uniqueId } from '@app/core/testing';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoDbOrderRepository,
  DynamoDbUserRepository,
  UnreadableItemError,
  type UnreadableItemReport,
} from '../src/index.js';
import { putRawItem, workshopOrderItem, workshopUserItem } from '../src/testing/index.js';
import { startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

let db: TestDatabase;
const reports: UnreadableItemReport[] = [];
let orders: DynamoDbOrderRepository;
let users: DynamoDbUserRepository;
beforeAll(async () => {
  db = await startTestDatabase('workshop');
  const onUnreadableItem = (report: UnreadableItemReport) => reports.push(report);
  orders = new DynamoDbOrderRepository(db.client(), db.tables.orders, { onUnreadableItem });
  users = new DynamoDbUserRepository(db.client(), db.tables.users, { onUnreadableItem });
});
afterAll(() => db.close());

const put = (tableName: string, item: Record<string, unknown>) => putRawItem(db.client(), tableName, item);
const rawOrder = async (userId: string, orderId: string) =>
  (
    await db
      .client()
      .send(new GetCommand({ TableName: db.tables.orders, Key: { userId, orderId }, ConsistentRead: true }))
  ).Item;
const newReports = async <T>(action: () => Promise<T>) => {
  const before = reports.length;
  const result = await action().catch((error: unknown) => error);
  return { result, reports: reports.slice(before) };
};

/** A user's partition: a workshop PLACED order, an ACKNOWLEDGED one written by the restaurant side, one unreadable. */
async function workshopPartition() {
  const userId = uniqueId('user');
  const placed = workshopOrderItem({ userId, orderId: 'a-placed' });
  const acknowledged = workshopOrderItem({ userId, orderId: 'b-acknowledged' }, { status: 'ACKNOWLEDGED' });
  const unreadable = workshopOrderItem({ userId, orderId: 'c-unreadable' }, { status: undefined });
  delete (unreadable.data as Record<string, unknown>).status;
  for (const item of [placed, acknowledged, unreadable]) await put(db.tables.orders, item);
  return { userId, placed, acknowledged, unreadable };
}

describe('orders written by the workshop', () => {
  it('gets a workshop-layout order as the contract’s Order', async () => {
    const { userId, placed } = await workshopPartition();
    expect(await orders.get(userId, 'a-placed')).toEqual(placed.data);
  });

  it('reads an order whose data lacks the key copies (orderId, userId) from its key, and ignores extra attributes', async () => {
    const userId = uniqueId('user');
    const item = workshopOrderItem({ userId, orderId: 'restaurant-written' }, { kitchenNote: 'no onions' });
    const data = item.data as Record<string, unknown>;
    delete data.orderId;
    delete data.userId;
    (data.orderItems as Record<string, unknown>[])[0]!.spicy = true;
    await put(db.tables.orders, { ...item, updatedBy: 'restaurant' });

    const order = await orders.get(userId, 'restaurant-written');

    expect(order).toEqual({
      orderId: 'restaurant-written',
      userId,
      restaurantId: 1,
      orderItems: [
        { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
        { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
      ],
      totalAmount: 19.97,
      status: 'PLACED',
      orderTime: data.orderTime,
    });
    expect(reports.filter((report) => report.key.orderId === 'restaurant-written')).toEqual([]);
  });

  it('lists the readable orders of a partition holding an unreadable one, and reports that one with its key and failing fields', async () => {
    const { userId, placed, acknowledged } = await workshopPartition();

    const { result, reports: reported } = await newReports(() => orders.listByUser(userId, { limit: 10 }));

    expect(result).toEqual({ items: [placed.data, acknowledged.data] });
    expect(reported).toEqual([
      {
        table: db.tables.orders,
        key: { userId, orderId: 'c-unreadable' },
        issues: [{ path: 'data.status', message: expect.any(String) }],
      },
    ]);
  });

  it('pages past an unreadable order without losing the cursor', async () => {
    const { userId, placed, acknowledged } = await workshopPartition();
    const first = await orders.listByUser(userId, { limit: 2 });
    const second = await orders.listByUser(userId, { limit: 2, after: first.lastKey! });
    expect(first.items).toEqual([placed.data, acknowledged.data]);
    expect(second.items).toEqual([]);
  });

  it('fails a single read of an unreadable order with UnreadableItemError (not a domain error), reporting it', async () => {
    const { userId } = await workshopPartition();
    const { result, reports: reported } = await newReports(() => orders.get(userId, 'c-unreadable'));
    expect(result).toBeInstanceOf(UnreadableItemError);
    expect(isDomainError(result)).toBe(false);
    expect(reported).toEqual([(result as UnreadableItemError).report]);
    expect(reported[0]!.key).toEqual({ userId, orderId: 'c-unreadable' });
  });

  it.each([
    ['edit', (userId: string) => orders.edit(userId, 'c-unreadable', sampleContent(), {})],
    ['cancel', (userId: string) => orders.cancel(userId, 'c-unreadable', new Date())],
    ['acknowledge', (userId: string) => orders.acknowledge(userId, 'c-unreadable')],
  ])('fails %s of an unreadable order with UnreadableItemError and changes nothing', async (_, action) => {
    const { userId, unreadable } = await workshopPartition();
    const { result, reports: reported } = await newReports(() => action(userId));
    expect(result).toBeInstanceOf(UnreadableItemError);
    expect(reported).toHaveLength(1);
    expect(await rawOrder(userId, 'c-unreadable')).toEqual(unreadable);
  });

  it('edits a workshop order in data, in one conditional write, keeping status and orderTime', async () => {
    const { userId, placed } = await workshopPartition();
    const content = sampleContent({ restaurantId: 'r-2', totalAmount: 5 });
    const data = placed.data as Record<string, unknown>;

    const result = await orders.edit(userId, 'a-placed', content, {
      status: 'PLACED',
      orderTime: data.orderTime,
    });

    const expected = { ...data, ...content };
    expect(result).toEqual({ ok: true, order: expected });
    expect(await rawOrder(userId, 'a-placed')).toEqual({ userId, orderId: 'a-placed', data: expected });
  });

  it('cancels a workshop order inside the window and refuses it at 600 s, by data.orderTime', async () => {
    const { userId, placed } = await workshopPartition();
    const placedAt = Date.parse((placed.data as { orderTime: string }).orderTime);

    expect(
      await orders.cancel(userId, 'a-placed', new Date(placedAt + CANCEL_WINDOW_SECONDS * 1000)),
    ).toEqual({
      ok: false,
      reason: 'too-late',
      secondsSincePlaced: CANCEL_WINDOW_SECONDS,
    });
    const canceled = await orders.cancel(userId, 'a-placed', new Date(placedAt + 599_000));
    expect(canceled).toEqual({ ok: true, order: { ...placed.data, status: 'CANCELED' } });
    expect((await rawOrder(userId, 'a-placed'))?.data).toEqual({ ...placed.data, status: 'CANCELED' });
  });

  it('refuses to cancel an order whose orderTime has another form, writing nothing, even when it sorts inside the window', async () => {
    const userId = uniqueId('user');
    const pythonStyle = new Date().toISOString().replace('Z', '000');
    const item = workshopOrderItem({ userId, orderId: 'odd-time' }, { orderTime: pythonStyle });
    await put(db.tables.orders, item);

    const { result, reports: reported } = await newReports(() =>
      orders.cancel(userId, 'odd-time', new Date()),
    );

    expect(result).toBeInstanceOf(UnreadableItemError);
    expect(reported.flatMap((report) => report.issues.map((issue) => issue.path))).toEqual([
      'data.orderTime',
    ]);
    expect(await rawOrder(userId, 'odd-time')).toEqual(item);
  });

  it.each([
    ['edit', (userId: string) => orders.edit(userId, 'b-acknowledged', sampleContent(), {})],
    ['cancel', (userId: string) => orders.cancel(userId, 'b-acknowledged', new Date())],
    ['acknowledge', (userId: string) => orders.acknowledge(userId, 'b-acknowledged')],
  ])('refuses to %s an order the workshop’s restaurant side ACKNOWLEDGED', async (_, action) => {
    const { userId, acknowledged } = await workshopPartition();
    expect(await action(userId)).toEqual({ ok: false, reason: 'wrong-status', status: 'ACKNOWLEDGED' });
    expect(await rawOrder(userId, 'b-acknowledged')).toEqual(acknowledged);
  });

  it('acknowledges a workshop PLACED order by setting data.status, as the restaurant side does', async () => {
    const { userId, placed } = await workshopPartition();
    expect(await orders.acknowledge(userId, 'a-placed')).toEqual({
      ok: true,
      order: { ...placed.data, status: 'ACKNOWLEDGED' },
    });
  });

  it('refuses to create over a workshop order, returning it', async () => {
    const { userId, placed } = await workshopPartition();
    const data = placed.data as Order;
    expect(await orders.create({ ...data, totalAmount: 1 })).toEqual({
      created: false,
      existing: placed.data,
    });
    expect(await rawOrder(userId, 'a-placed')).toEqual(placed);
  });

  it('reports an item of the earlier flat layout (no data map) as unreadable', async () => {
    const userId = uniqueId('user');
    const { data } = workshopOrderItem({ userId, orderId: 'flat' });
    await put(db.tables.orders, data as Record<string, unknown>);
    const { result, reports: reported } = await newReports(() => orders.listByUser(userId, { limit: 5 }));
    expect(result).toEqual({ items: [] });
    expect(reported.map((report) => report.issues)).toEqual([
      [{ path: 'data', message: 'missing, or not a map' }],
    ]);
  });

  it.each([
    ['an amount with 3 decimals', { totalAmount: 9.999 }, 'data.totalAmount'],
    ['an unknown status', { status: 'DELIVERED' }, 'data.status'],
    [
      'an orderTime not in whole-second Z form',
      { orderTime: '2024-05-06T07:08:09.123456' },
      'data.orderTime',
    ],
    [
      'an order item without a name',
      { orderItems: [{ id: 1, price: 1, quantity: 1 }] },
      'data.orderItems.0.name',
    ],
  ])('reports an order with %s, naming the field', async (_, data, path) => {
    const userId = uniqueId('user');
    await put(db.tables.orders, workshopOrderItem({ userId, orderId: 'odd' }, data));
    const { reports: reported } = await newReports(() => orders.listByUser(userId, { limit: 5 }));
    expect(reported.flatMap((report) => report.issues.map((issue) => issue.path))).toEqual([path]);
  });
});

describe('users written by the workshop', () => {
  it('reads a zoneless timestamp as UTC and leaves extra attributes out', async () => {
    const userid = uniqueId('user');
    await put(db.tables.users, workshopUserItem(userid, { address: '1 Main St', createdBy: 'workshop' }));
    expect(await users.get(userid)).toEqual({
      userid,
      name: 'Jane Workshop',
      email: 'jane.workshop@example.com',
      timestamp: '2024-05-06T07:08:09.123456Z',
    });
  });

  it('accepts the timestamp it returned as the echo of a zoneless one, in one conditional write', async () => {
    const userid = uniqueId('user');
    await put(db.tables.users, workshopUserItem(userid));
    const services = buildServices({ userRepository: users, cursorSigningKey: 'workshop-test-signing-key' });
    const owner: Principal = { sub: userid, groups: [], isAdmin: false };
    const read = await services.users.get(owner, userid);

    const replaced = await services.users.replace(owner, userid, {
      name: 'Jane Renamed',
      timestamp: read.timestamp,
    });

    expect(replaced.name).toBe('Jane Renamed');
    const stale = await services.users
      .replace(owner, userid, { name: 'Again', timestamp: read.timestamp })
      .catch((error: unknown) => (isDomainError(error) ? error.code : error));
    expect(stale).toBe('READ_ONLY_FIELD');
  });

  it('lists the readable users and reports one without a name', async () => {
    const readable = uniqueId('user');
    const nameless = uniqueId('user');
    await put(db.tables.users, workshopUserItem(readable));
    await put(db.tables.users, workshopUserItem(nameless, { name: undefined }));

    const { result, reports: reported } = await newReports(async () => {
      const all = [];
      let after: string | undefined;
      do {
        const page = await users.list({ limit: 100, ...(after === undefined ? {} : { after }) });
        all.push(...page.items);
        after = page.lastKey;
      } while (after !== undefined);
      return all;
    });

    expect((result as { userid: string }[]).map((user) => user.userid)).toContain(readable);
    expect((result as { userid: string }[]).map((user) => user.userid)).not.toContain(nameless);
    expect(reported).toEqual([
      {
        table: db.tables.users,
        key: { userid: nameless },
        issues: [{ path: 'name', message: expect.any(String) }],
      },
    ]);
    expect(await users.get(nameless).catch((error: unknown) => error)).toBeInstanceOf(UnreadableItemError);
  });
});
