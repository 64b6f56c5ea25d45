import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, OrderContent } from '../src/orders/order.schema.js';
import { toSecondsIso } from '../src/shared/time.js';
import type { User } from '../src/users/user.schema.js';
import { admin, codeOf, customer, makeServices } from './helpers/services.js';

type Services = ReturnType<typeof makeServices>;
const USERS = ['alice', 'bob'] as const;
const ORDER_IDS = ['o1', 'o2', 'o3'] as const;
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
type OrderCommand = fc.AsyncCommand<OrderModel, Services>;

class CreateOrder implements OrderCommand {
  constructor(
    readonly user: string,
    readonly orderId: string,
    readonly content: OrderContent,
  ) {}
  check = () => true;
  async run(m: OrderModel, s: Services) {
    const k = key(this.user, this.orderId);
    const record = m.records.get(k);
    const actual = await s.orders
      .create(customer(this.user), { orderId: this.orderId, ...this.content })
      .then(
        (r) => r,
        (e: { code: string }) => e.code,
      );
    if (record && record.expiresAt > m.now) {
      expect(actual).toEqual(
        same(record.content, this.content)
          ? { order: record.value, replayed: true }
          : 'IDEMPOTENCY_KEY_REUSED',
      );
      return;
    }
    const stored = m.orders.get(k);
    if (stored && !same(stored, this.content)) {
      expect(actual).toBe('ORDER_EXISTS');
      return;
    }
    const order: Order = stored ?? {
      orderId: this.orderId,
      userId: this.user,
      ...this.content,
      status: 'PLACED',
      orderTime: toSecondsIso(new Date(m.now)),
    };
    expect(actual).toEqual({ order, replayed: stored !== undefined });
    m.orders.set(k, order);
    m.records.set(k, { expiresAt: m.now + WINDOW_MS, content: this.content, value: order });
  }
  toString = () => `create(${this.user}, ${this.orderId}, ${this.content.totalAmount})`;
}

class Transition implements OrderCommand {
  constructor(
    readonly kind: 'edit' | 'cancel' | 'acknowledge',
    readonly user: string,
    readonly orderId: string,
    readonly content: OrderContent,
  ) {}
  check = () => true;
  async run(m: OrderModel, s: Services) {
    const k = key(this.user, this.orderId);
    const stored = m.orders.get(k);
    const caller = customer(this.user);
    const call =
      this.kind === 'edit'
        ? s.orders.edit(caller, this.orderId, this.content)
        : this.kind === 'cancel'
          ? s.orders.cancel(caller, this.orderId)
          : s.orders.acknowledge(this.user, this.orderId);
    const actual = await call.then(
      (order) => order,
      (e: { code: string }) => e.code,
    );
    if (stored === undefined) return void expect(actual).toBe('ORDER_NOT_FOUND');
    const late = m.now - Date.parse(stored.orderTime) >= 600_000;
    if (stored.status !== 'PLACED' || (this.kind === 'cancel' && late)) {
      return void expect(actual).toBe(this.kind === 'cancel' ? 'ORDER_NOT_CANCELABLE' : 'ORDER_NOT_EDITABLE');
    }
    const next: Order =
      this.kind === 'edit'
        ? { ...stored, ...this.content }
        : { ...stored, status: this.kind === 'cancel' ? 'CANCELED' : 'ACKNOWLEDGED' };
    expect(actual).toEqual(next);
    m.orders.set(k, next);
  }
  toString = () => `${this.kind}(${this.user}, ${this.orderId})`;
}

class Advance implements OrderCommand {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(m: OrderModel, s: Services) {
    m.now += this.seconds * 1000;
    s.clock.advance(this.seconds);
  }
  toString = () => `advance(${this.seconds})`;
}

class GetOrder implements OrderCommand {
  constructor(
    readonly user: string,
    readonly orderId: string,
  ) {}
  check = () => true;
  async run(m: OrderModel, s: Services) {
    const expected = m.orders.get(key(this.user, this.orderId)) ?? 'ORDER_NOT_FOUND';
    expect(
      await s.orders.get(customer(this.user), this.orderId).catch((e: { code: string }) => e.code),
    ).toEqual(expected);
  }
  toString = () => `get(${this.user}, ${this.orderId})`;
}

class ListOrders implements OrderCommand {
  constructor(
    readonly user: string,
    readonly limit: number,
  ) {}
  check = () => true;
  async run(m: OrderModel, s: Services) {
    const expected = [...m.orders.values()]
      .filter((o) => o.userId === this.user)
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    const seen: Order[] = [];
    let nextToken: string | undefined;
    do {
      const page = await s.orders.list(customer(this.user), {
        limit: this.limit,
        ...(nextToken ? { nextToken } : {}),
      });
      seen.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual(expected);
  }
  toString = () => `list(${this.user}, limit ${this.limit})`;
}

const userArb = fc.constantFrom(...USERS);
const orderIdArb = fc.constantFrom(...ORDER_IDS);
const contentArb = fc.constantFrom(...CONTENTS);
const orderCommands = [
  fc.tuple(userArb, orderIdArb, contentArb).map(([u, o, c]) => new CreateOrder(u, o, c)),
  fc
    .tuple(fc.constantFrom('edit', 'cancel', 'acknowledge' as const), userArb, orderIdArb, contentArb)
    .map(([k, u, o, c]) => new Transition(k, u, o, c)),
  fc.constantFrom(1, 299, 599, 1, 600, 3600).map((s) => new Advance(s)),
  fc.tuple(userArb, orderIdArb).map(([u, o]) => new GetOrder(u, o)),
  fc.tuple(userArb, fc.integer({ min: 1, max: 4 })).map(([u, l]) => new ListOrders(u, l)),
];

interface UserModel {
  now: number;
  users: Map<string, User>;
}
type UserCommand = fc.AsyncCommand<UserModel, Services>;
const USER_IDS = ['alice', 'bob', 'carol'];

class CreateUser implements UserCommand {
  constructor(
    readonly userid: string,
    readonly name: string,
  ) {}
  check = () => true;
  async run(m: UserModel, s: Services) {
    const actual = await s.users
      .create(admin(), { userid: this.userid, name: this.name })
      .catch((e: { code: string }) => e.code);
    if (m.users.has(this.userid)) return void expect(actual).toBe('USER_EXISTS');
    const user = { userid: this.userid, name: this.name, timestamp: new Date(m.now).toISOString() };
    expect(actual).toEqual(user);
    m.users.set(this.userid, user);
  }
  toString = () => `createUser(${this.userid})`;
}

class ReplaceUser implements UserCommand {
  constructor(
    readonly caller: string,
    readonly userid: string,
    readonly name: string,
    readonly echoStored: boolean,
  ) {}
  check = () => true;
  async run(m: UserModel, s: Services) {
    const stored = m.users.get(this.userid);
    const input = this.echoStored && stored ? { ...stored, name: this.name } : { name: this.name };
    const actual = await s.users
      .replace(customer(this.caller), this.userid, input)
      .catch((e: { code: string }) => e.code);
    if (this.caller !== this.userid) return void expect(actual).toBe('FORBIDDEN');
    const user = { userid: this.userid, name: this.name, timestamp: new Date(m.now).toISOString() };
    expect(actual).toEqual(user);
    m.users.set(this.userid, user);
  }
  toString = () => `replaceUser(${this.caller} → ${this.userid})`;
}

class DeleteOrGetUser implements UserCommand {
  constructor(
    readonly op: 'delete' | 'get',
    readonly userid: string,
  ) {}
  check = () => true;
  async run(m: UserModel, s: Services) {
    const stored = m.users.get(this.userid);
    if (this.op === 'get') {
      expect(await s.users.get(admin(), this.userid).catch((e: { code: string }) => e.code)).toEqual(
        stored ?? 'USER_NOT_FOUND',
      );
      return;
    }
    expect(await codeOf(s.users.delete(admin(), this.userid))).toBe(stored ? 'resolved' : 'USER_NOT_FOUND');
    m.users.delete(this.userid);
  }
  toString = () => `${this.op}User(${this.userid})`;
}

class ListUsers implements UserCommand {
  constructor(readonly limit: number) {}
  check = () => true;
  async run(m: UserModel, s: Services) {
    const seen: User[] = [];
    let nextToken: string | undefined;
    do {
      const page = await s.users.list(admin(), { limit: this.limit, ...(nextToken ? { nextToken } : {}) });
      seen.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toEqual([...m.users.values()].sort((a, b) => (a.userid < b.userid ? -1 : 1)));
  }
  toString = () => `listUsers(limit ${this.limit})`;
}

class AdvanceUsers implements UserCommand {
  check = () => true;
  async run(m: UserModel, s: Services) {
    m.now += 1000;
    s.clock.advance(1);
  }
  toString = () => 'advance(1)';
}

const userIdArb = fc.constantFrom(...USER_IDS);
const nameArb = fc.constantFrom('Ann', 'Bo', 'Cy');
const userCommands = [
  fc.tuple(userIdArb, nameArb).map(([u, n]) => new CreateUser(u, n)),
  fc.tuple(userIdArb, userIdArb, nameArb, fc.boolean()).map(([c, u, n, e]) => new ReplaceUser(c, u, n, e)),
  fc.tuple(fc.constantFrom('delete', 'get' as const), userIdArb).map(([op, u]) => new DeleteOrGetUser(op, u)),
  fc.integer({ min: 1, max: 3 }).map((l) => new ListUsers(l)),
  fc.constant(new AdvanceUsers()),
];

describe('services against a model (properties)', () => {
  it('keeps OrderService equal to the model over random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(orderCommands, { maxCommands: 40 }), async (commands) => {
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
