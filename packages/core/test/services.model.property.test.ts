import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, OrderContent } from '../src/orders/order.schema.js';
import { toSecondsIso } from '../src/shared/time.js';
import type { User } from '../src/users/user.schema.js';
import { admin, codeOf, customer, makeServices } from './helpers/services.js';

type Services = ReturnType<typeof makeServices>;
const USERS = ['alice', 'bob'] as const;
const ORDER_IDS = ['o1', 'o2'] as const;
const CONTENTS: OrderContent[] = [
  { restaurantId: 1, orderItems: [{ id: 1, name: 'Soup', price: 4.5, quantity: 1 }], totalAmount: 4.5 },
  {
    restaurantId: 'r-2',
    orderItems: [{ id: 'x', name: 'Cake', price: 3.33, quantity: 3 }],
    totalAmount: 9.99,
  },
  { restaurantId: 3, orderItems: [{ id: 2, name: 'Tea', price: 0, quantity: 1000 }], totalAmount: 0.01 },
];
const WINDOW_MS = 3600 * 1000;

interface OrderModel {
  now: number;
  orders: Map<string, Order>;
  records: Map<string, { expiresAt: number; content: OrderContent; value: Order }>;
}

const key = (user: string, orderId: string) => `${user}#${orderId}`;
const contentText = ({ restaurantId, orderItems, totalAmount }: OrderContent) =>
  JSON.stringify([restaurantId, orderItems, totalAmount]);
const same = (a: OrderContent, b: OrderContent) => contentText(a) === contentText(b);
/**
 * A model-based command. fast-check asks each command whether it applies to the model; every
 * command here applies in any state (the model says what the answer must be), so `check` is
 * always true and only the name (for a failing sequence's report) and the step differ.
 */
const command = <M extends object>(
  name: string,
  run: (m: M, s: Services) => Promise<void>,
): fc.AsyncCommand<M, Services> => ({
  check: () => true,
  run,
  toString: () => name,
});

/** What a service call settled to: its value, or the code of the domain error it rejected with. */
const valueOrCode = <T>(call: Promise<T>): Promise<T | string> => call.catch((e: { code: string }) => e.code);

/** Every item of a paginated list, asking page after page until there is no `nextToken`. */
async function allItems<T>(
  listPage: (page: { nextToken?: string }) => Promise<{ items: T[]; nextToken?: string }>,
): Promise<T[]> {
  const seen: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listPage(nextToken ? { nextToken } : {});
    seen.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return seen;
}

const createOrder = (user: string, orderId: string, content: OrderContent) =>
  command<OrderModel>(`create(${user}, ${orderId}, ${content.totalAmount})`, async (m, s) => {
    const k = key(user, orderId);
    const record = m.records.get(k);
    const actual = await valueOrCode(s.orders.create(customer(user), { orderId, ...content }));
    if (record && record.expiresAt > m.now) {
      expect(actual).toEqual(
        same(record.content, content) ? { order: record.value, replayed: true } : 'IDEMPOTENCY_KEY_REUSED',
      );
      return;
    }
    const stored = m.orders.get(k);
    if (stored && !same(stored, content)) {
      expect(actual).toBe('ORDER_EXISTS');
      return;
    }
    const order: Order = stored ?? {
      orderId,
      userId: user,
      ...content,
      status: 'PLACED',
      orderTime: toSecondsIso(new Date(m.now)),
    };
    expect(actual).toEqual({ order, replayed: stored !== undefined });
    m.orders.set(k, order);
    m.records.set(k, { expiresAt: m.now + WINDOW_MS, content, value: order });
  });

const transition = (
  kind: 'edit' | 'cancel' | 'acknowledge',
  user: string,
  orderId: string,
  content: OrderContent,
) =>
  command<OrderModel>(`${kind}(${user}, ${orderId})`, async (m, s) => {
    const k = key(user, orderId);
    const stored = m.orders.get(k);
    const caller = customer(user);
    const call =
      kind === 'edit'
        ? s.orders.edit(caller, orderId, content)
        : kind === 'cancel'
          ? s.orders.cancel(caller, orderId)
          : s.orders.acknowledge(user, orderId);
    const actual = await valueOrCode(call);
    if (stored === undefined) return void expect(actual).toBe('ORDER_NOT_FOUND');
    const late = m.now - Date.parse(stored.orderTime) >= 600_000;
    if (stored.status !== 'PLACED' || (kind === 'cancel' && late)) {
      return void expect(actual).toBe(kind === 'cancel' ? 'ORDER_NOT_CANCELABLE' : 'ORDER_NOT_EDITABLE');
    }
    const next: Order =
      kind === 'edit'
        ? { ...stored, ...content }
        : { ...stored, status: kind === 'cancel' ? 'CANCELED' : 'ACKNOWLEDGED' };
    expect(actual).toEqual(next);
    m.orders.set(k, next);
  });

const advance = (seconds: number) =>
  command<OrderModel>(`advance(${seconds})`, async (m, s) => {
    m.now += seconds * 1000;
    s.clock.advance(seconds);
  });

const getOrder = (user: string, orderId: string) =>
  command<OrderModel>(`get(${user}, ${orderId})`, async (m, s) => {
    const expected = m.orders.get(key(user, orderId)) ?? 'ORDER_NOT_FOUND';
    expect(await valueOrCode(s.orders.get(customer(user), orderId))).toEqual(expected);
  });

const listOrders = (user: string, limit: number) =>
  command<OrderModel>(`list(${user}, limit ${limit})`, async (m, s) => {
    const expected = [...m.orders.values()]
      .filter((o) => o.userId === user)
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    expect(await allItems((page) => s.orders.list(customer(user), { limit, ...page }))).toEqual(expected);
  });

const userArb = fc.constantFrom(...USERS);
const orderIdArb = fc.constantFrom(...ORDER_IDS);
const contentArb = fc.constantFrom(...CONTENTS);
const orderCommands = [
  fc.tuple(userArb, orderIdArb, contentArb).map(([u, o, c]) => createOrder(u, o, c)),
  fc
    .tuple(fc.constantFrom('edit', 'cancel', 'acknowledge' as const), userArb, orderIdArb, contentArb)
    .map(([k, u, o, c]) => transition(k, u, o, c)),
  // 3600 s is the idempotency window: after it, a create with other content meets the stored order.
  fc.constantFrom(1, 299, 599, 600, 3600, 3600).map((s) => advance(s)),
  fc.tuple(userArb, orderIdArb).map(([u, o]) => getOrder(u, o)),
  fc.tuple(userArb, fc.integer({ min: 1, max: 4 })).map(([u, l]) => listOrders(u, l)),
];

interface UserModel {
  now: number;
  users: Map<string, User>;
}
const USER_IDS = ['alice', 'bob', 'carol'];

const createUser = (userid: string, name: string) =>
  command<UserModel>(`createUser(${userid})`, async (m, s) => {
    const actual = await valueOrCode(s.users.create(admin(), { userid, name }));
    if (m.users.has(userid)) return void expect(actual).toBe('USER_EXISTS');
    const user = { userid, name, timestamp: new Date(m.now).toISOString() };
    expect(actual).toEqual(user);
    m.users.set(userid, user);
  });

const replaceUser = (caller: string, userid: string, name: string, echoStored: boolean) =>
  command<UserModel>(`replaceUser(${caller} → ${userid})`, async (m, s) => {
    const stored = m.users.get(userid);
    const input = echoStored && stored ? { ...stored, name } : { name };
    const actual = await valueOrCode(s.users.replace(customer(caller), userid, input));
    if (caller !== userid) return void expect(actual).toBe('FORBIDDEN');
    const user = { userid, name, timestamp: new Date(m.now).toISOString() };
    expect(actual).toEqual(user);
    m.users.set(userid, user);
  });

const deleteOrGetUser = (op: 'delete' | 'get', userid: string) =>
  command<UserModel>(`${op}User(${userid})`, async (m, s) => {
    const stored = m.users.get(userid);
    if (op === 'get') {
      expect(await valueOrCode(s.users.get(admin(), userid))).toEqual(stored ?? 'USER_NOT_FOUND');
      return;
    }
    expect(await codeOf(s.users.delete(admin(), userid))).toBe(stored ? 'resolved' : 'USER_NOT_FOUND');
    m.users.delete(userid);
  });

const listUsers = (limit: number) =>
  command<UserModel>(`listUsers(limit ${limit})`, async (m, s) => {
    expect(await allItems((page) => s.users.list(admin(), { limit, ...page }))).toEqual(
      [...m.users.values()].sort((a, b) => (a.userid < b.userid ? -1 : 1)),
    );
  });

const advanceUsers = command<UserModel>('advance(1)', async (m, s) => {
  m.now += 1000;
  s.clock.advance(1);
});

const userIdArb = fc.constantFrom(...USER_IDS);
const nameArb = fc.constantFrom('Ann', 'Bo', 'Cy');
const userCommands = [
  fc.tuple(userIdArb, nameArb).map(([u, n]) => createUser(u, n)),
  fc.tuple(userIdArb, userIdArb, nameArb, fc.boolean()).map(([c, u, n, e]) => replaceUser(c, u, n, e)),
  fc.tuple(fc.constantFrom('delete', 'get' as const), userIdArb).map(([op, u]) => deleteOrGetUser(op, u)),
  fc.integer({ min: 1, max: 3 }).map((l) => listUsers(l)),
  fc.constant(advanceUsers),
];

describe('services against a model (properties)', () => {
  it('keeps OrderService equal to the model over random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(orderCommands, { maxCommands: 40, size: 'medium' }), async (commands) => {
        const services = makeServices();
        const model: OrderModel = {
          now: services.clock.now().getTime(),
          orders: new Map(),
          records: new Map(),
        };
        await fc.asyncModelRun(() => ({ model, real: services }), commands);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps UserService equal to the model over random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(userCommands, { maxCommands: 30 }), async (commands) => {
        const services = makeServices();
        const model: UserModel = { now: services.clock.now().getTime(), users: new Map() };
        await fc.asyncModelRun(() => ({ model, real: services }), commands);
      }),
      { numRuns: 300 },
    );
  });

  it('returns every item exactly once across pages, for any page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), { maxLength: 40 }),
        fc.integer({ min: 1, max: 100 }),
        async (ids, limit) => {
          const services = makeServices();
          for (const id of ids)
            await services.orders.create(customer('alice'), { orderId: id, ...CONTENTS[0]! });
          const seen: string[] = [];
          let nextToken: string | undefined;
          let pages = 0;
          do {
            const page = await services.orders.list(customer('alice'), {
              limit,
              ...(nextToken ? { nextToken } : {}),
            });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((o) => o.orderId));
            nextToken = page.nextToken;
            pages++;
          } while (nextToken);
          expect(seen).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          expect(pages).toBe(Math.max(1, Math.ceil(ids.length / limit)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
