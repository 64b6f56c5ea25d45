import { randomUUID } from 'node:crypto';
import { toSecondsIso } from '@app/core';
import { ManualClock } from '@app/core/in-memory';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BATTERY_SEED,
  type BatteryTarget,
  canonical,
  type HttpClient,
  type Identity,
  report,
  type Storage,
  startBatteryTarget,
} from './support.js';

const RUNS = 100;
const MAX_COMMANDS = 30;
const USERS = 2;
const ORDER_IDS = ['m-0', 'm-1', 'm-2'] as const;
const CANCEL_WINDOW_MS = 600_000;
const IDEMPOTENCY_WINDOW_MS = 3_600_000;

interface Content {
  restaurantId: number | string;
  orderItems: Array<{ id: number | string; name: string; price: number; quantity: number }>;
  totalAmount: number;
}

const CONTENTS: readonly Content[] = [
  {
    restaurantId: 1,
    orderItems: [{ id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 }],
    totalAmount: 9.99,
  },
  { restaurantId: 'r-2', orderItems: [{ id: 'b', name: 'Soup', price: 4.5, quantity: 2 }], totalAmount: 10 },
  {
    restaurantId: 3,
    orderItems: [
      { id: 1, name: 'Pizza', price: 12, quantity: 1 },
      { id: 2, name: 'Cola', price: 2.25, quantity: 3 },
    ],
    totalAmount: 18.75,
  },
];

interface StoredOrder {
  orderId: string;
  userId: string;
  restaurantId: Content['restaurantId'];
  orderItems: Content['orderItems'];
  totalAmount: number;
  status: 'PLACED' | 'ACKNOWLEDGED' | 'CANCELED';
  orderTime: string;
}

/** The idempotency record of one (user, orderId): the first payload and the response replayed. */
interface ModelRecord {
  payload: string;
  text: string;
  createdAt: number;
}

interface Model {
  /** The server clock, in ms (frozen but for `/local/clock`). */
  now: number;
  orders: Map<string, StoredOrder>;
  records: Map<string, ModelRecord>;
  /** Whether the idempotency window follows the server clock (memory) or the wall clock (DynamoDB). */
  windowFollowsClock: boolean;
}

interface Real {
  http: HttpClient;
  users: Identity[];
}

type Command = fc.AsyncCommand<Model, Real>;

const keyOf = (real: Real, user: number, orderId: string) => `${real.users[user]?.sub}/${orderId}`;
const orderText = (order: StoredOrder) =>
  JSON.stringify({
    orderId: order.orderId,
    userId: order.userId,
    restaurantId: order.restaurantId,
    orderItems: order.orderItems,
    totalAmount: order.totalAmount,
    status: order.status,
    orderTime: order.orderTime,
  });
const sameContent = (order: StoredOrder, content: Content) =>
  canonical({ r: order.restaurantId, i: order.orderItems, t: order.totalAmount }) ===
  canonical({ r: content.restaurantId, i: content.orderItems, t: content.totalAmount });

class CreateCommand implements Command {
  constructor(
    readonly user: number,
    readonly orderId: string,
    readonly content: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const content = CONTENTS[this.content] as Content;
    const identity = real.users[this.user] as Identity;
    const key = keyOf(real, this.user, this.orderId);
    const payload = canonical({ orderId: this.orderId, ...content });
    const response = await real.http.post('/orders', {
      token: identity.token,
      body: { orderId: this.orderId, ...content },
    });
    const record = model.records.get(key);
    const live =
      record !== undefined &&
      (!model.windowFollowsClock || model.now - record.createdAt < IDEMPOTENCY_WINDOW_MS);
    const existing = model.orders.get(key);
    if (live) {
      if (record.payload !== payload) {
        expect(response.status).toBe(422);
        expect(response.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
        return;
      }
      expect(response.status).toBe(200);
      expect(response.text).toBe(record.text);
      expect(response.headers['idempotent-replayed']).toBe('true');
      return;
    }
    if (existing === undefined) {
      const order: StoredOrder = {
        orderId: this.orderId,
        userId: identity.sub,
        ...content,
        status: 'PLACED',
        orderTime: toSecondsIso(new Date(model.now)),
      };
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(order));
      expect(response.headers['idempotent-replayed']).toBeUndefined();
      model.orders.set(key, order);
      model.records.set(key, { payload, text: response.text, createdAt: model.now });
      return;
    }
    // After the window: the stored order decides.
    if (sameContent(existing, content)) {
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(existing));
      expect(response.headers['idempotent-replayed']).toBe('true');
      model.records.set(key, { payload, text: response.text, createdAt: model.now });
    } else {
      expect(response.status).toBe(409);
      expect(response.json.code).toBe('ORDER_EXISTS');
      model.records.delete(key);
    }
  }
  toString = () => `create(u${this.user}, ${this.orderId}, c${this.content})`;
}

class EditCommand implements Command {
  constructor(
    readonly user: number,
    readonly orderId: string,
    readonly content: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const content = CONTENTS[this.content] as Content;
    const response = await real.http.put(`/orders/${this.orderId}`, {
      token: (real.users[this.user] as Identity).token,
      body: content,
    });
    const key = keyOf(real, this.user, this.orderId);
    const existing = model.orders.get(key);
    if (existing === undefined) {
      expect(response.status).toBe(404);
      expect(response.json.code).toBe('ORDER_NOT_FOUND');
    } else if (existing.status !== 'PLACED') {
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('ORDER_NOT_EDITABLE');
    } else {
      const edited = { ...existing, ...content };
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(edited));
      model.orders.set(key, edited);
    }
  }
  toString = () => `edit(u${this.user}, ${this.orderId}, c${this.content})`;
}

class CancelCommand implements Command {
  constructor(
    readonly user: number,
    readonly orderId: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const response = await real.http.delete(`/orders/${this.orderId}`, {
      token: (real.users[this.user] as Identity).token,
    });
    const key = keyOf(real, this.user, this.orderId);
    const existing = model.orders.get(key);
    if (existing === undefined) {
      expect(response.status).toBe(404);
    } else if (
      existing.status !== 'PLACED' ||
      model.now - Date.parse(existing.orderTime) >= CANCEL_WINDOW_MS
    ) {
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('ORDER_NOT_CANCELABLE');
    } else {
      const canceled = { ...existing, status: 'CANCELED' as const };
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(canceled));
      model.orders.set(key, canceled);
    }
  }
  toString = () => `cancel(u${this.user}, ${this.orderId})`;
}

class AcknowledgeCommand implements Command {
  constructor(
    readonly user: number,
    readonly orderId: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const sub = (real.users[this.user] as Identity).sub;
    const response = await real.http.post(`/local/orders/${sub}/${this.orderId}/acknowledge`);
    const key = keyOf(real, this.user, this.orderId);
    const existing = model.orders.get(key);
    if (existing === undefined) {
      expect(response.status).toBe(404);
    } else if (existing.status !== 'PLACED') {
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('ORDER_NOT_EDITABLE');
    } else {
      const acknowledged = { ...existing, status: 'ACKNOWLEDGED' as const };
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(acknowledged));
      model.orders.set(key, acknowledged);
    }
  }
  toString = () => `acknowledge(u${this.user}, ${this.orderId})`;
}

class AdvanceClockCommand implements Command {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const response = await real.http.post('/local/clock', { body: { advanceSeconds: this.seconds } });
    model.now += this.seconds * 1000;
    expect(response.status).toBe(200);
    expect(Date.parse(response.json.now)).toBe(model.now);
  }
  toString = () => `advance(${this.seconds}s)`;
}

class GetCommand implements Command {
  constructor(
    readonly user: number,
    readonly orderId: string,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const response = await real.http.get(`/orders/${this.orderId}`, {
      token: (real.users[this.user] as Identity).token,
    });
    const existing = model.orders.get(keyOf(real, this.user, this.orderId));
    if (existing === undefined) {
      expect(response.status).toBe(404);
      expect(response.json.code).toBe('ORDER_NOT_FOUND');
    } else {
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(existing));
    }
  }
  toString = () => `get(u${this.user}, ${this.orderId})`;
}

class ListCommand implements Command {
  constructor(readonly user: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const identity = real.users[this.user] as Identity;
    const response = await real.http.get('/orders?limit=100', { token: identity.token });
    const mine = [...model.orders.values()]
      .filter((order) => order.userId === identity.sub)
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    expect(response.status).toBe(200);
    expect(response.json.nextToken).toBeUndefined();
    expect(response.json.orders.map((order: StoredOrder) => orderText(order))).toEqual(mine.map(orderText));
  }
  toString = () => `list(u${this.user})`;
}

const user = fc.nat(USERS - 1);
const orderId = fc.constantFrom(...ORDER_IDS);
const content = fc.nat(CONTENTS.length - 1);
const commands = [
  fc.tuple(user, orderId, content).map(([u, o, c]) => new CreateCommand(u, o, c)),
  fc.tuple(user, orderId, content).map(([u, o, c]) => new EditCommand(u, o, c)),
  fc.tuple(user, orderId).map(([u, o]) => new CancelCommand(u, o)),
  fc.tuple(user, orderId).map(([u, o]) => new AcknowledgeCommand(u, o)),
  fc.constantFrom(1, 100, 299, 599, 600, 601, 3599, 3601).map((seconds) => new AdvanceClockCommand(seconds)),
  fc.tuple(user, orderId).map(([u, o]) => new GetCommand(u, o)),
  user.map((u) => new ListCommand(u)),
];

/**
 * The orders API against a model, over HTTP, at every step: create (first, replay, key reuse,
 * after the window), edit, cancel (status and the 600 s window), acknowledge, the clock, get
 * and list, for two users sharing order ids. The server clock is frozen but for `/local/clock`,
 * so the cancel window is exact. On DynamoDB, Powertools expires idempotency records by the wall
 * clock, so there the window never passes during a run; in memory it follows the server clock,
 * and the model follows whichever applies.
 */
describe.each<Storage>(['dynamodb', 'memory'])('battery: model-based orders API (%s storage)', (storage) => {
  let target: BatteryTarget;

  beforeAll(async () => {
    target = await startBatteryTarget({ storage, server: { clock: new ManualClock(new Date()) } });
  });

  afterAll(async () => {
    await target?.close();
  });

  it(`matches the model at every step over ${RUNS} runs`, async () => {
    let steps = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commands, { maxCommands: MAX_COMMANDS, size: 'medium' }),
        async (program) => {
          const users: Identity[] = [];
          for (let index = 0; index < USERS; index++) {
            users.push(await target.http.identity({ email: `model-${randomUUID()}@example.com` }));
          }
          const now = Date.parse((await target.http.get('/local/clock')).json.now);
          steps += [...program].length;
          await fc.asyncModelRun(
            () => ({
              model: { now, orders: new Map(), records: new Map(), windowFollowsClock: storage === 'memory' },
              real: { http: target.http, users },
            }),
            program,
          );
        },
      ),
      { numRuns: RUNS, seed: BATTERY_SEED },
    );
    report(
      `Model (${storage}): ${RUNS} runs, ${steps} commands over ${USERS} users, API = model at every step (seed ${BATTERY_SEED})`,
    );
  });
});
