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
  type HttpResponse,
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
/** The control routes take JSON on every POST, even without a body. */
const JSON_CONTENT = { headers: { 'Content-Type': 'application/json' } };

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

/**
 * A model-based command. Every command applies in any state (the model says what the answer must
 * be), so `check` is always true and only the name (for a failing sequence's report) and the
 * step differ.
 */
const command = (name: string, run: (model: Model, real: Real) => Promise<void>): Command => ({
  check: () => true,
  run,
  toString: () => name,
});

const identityOf = (real: Real, user: number) => real.users[user] as Identity;

/** A change the model allows: the API answers 200 with exactly the changed order, which the model keeps. */
function expectChanged(response: HttpResponse, model: Model, key: string, changed: StoredOrder): void {
  expect(response.status).toBe(200);
  expect(response.text).toBe(orderText(changed));
  model.orders.set(key, changed);
}

const createCommand = (user: number, orderId: string, contentIndex: number) =>
  command(`create(u${user}, ${orderId}, c${contentIndex})`, async (model, real) => {
    const content = CONTENTS[contentIndex] as Content;
    const identity = identityOf(real, user);
    const key = keyOf(real, user, orderId);
    const payload = canonical({ orderId, ...content });
    const response = await real.http.post('/orders', {
      token: identity.token,
      body: { orderId, ...content },
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
        orderId,
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
  });

const editCommand = (user: number, orderId: string, contentIndex: number) =>
  command(`edit(u${user}, ${orderId}, c${contentIndex})`, async (model, real) => {
    const content = CONTENTS[contentIndex] as Content;
    const response = await real.http.put(`/orders/${orderId}`, {
      token: identityOf(real, user).token,
      body: content,
    });
    const key = keyOf(real, user, orderId);
    const existing = model.orders.get(key);
    if (existing === undefined) {
      expect(response.status).toBe(404);
      expect(response.json.code).toBe('ORDER_NOT_FOUND');
    } else if (existing.status !== 'PLACED') {
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('ORDER_NOT_EDITABLE');
    } else {
      expectChanged(response, model, key, { ...existing, ...content });
    }
  });

const cancelCommand = (user: number, orderId: string) =>
  command(`cancel(u${user}, ${orderId})`, async (model, real) => {
    const response = await real.http.delete(`/orders/${orderId}`, { token: identityOf(real, user).token });
    const key = keyOf(real, user, orderId);
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
      expectChanged(response, model, key, { ...existing, status: 'CANCELED' });
    }
  });

const acknowledgeCommand = (user: number, orderId: string) =>
  command(`acknowledge(u${user}, ${orderId})`, async (model, real) => {
    const sub = identityOf(real, user).sub;
    const response = await real.http.post(`/local/orders/${sub}/${orderId}/acknowledge`, JSON_CONTENT);
    const key = keyOf(real, user, orderId);
    const existing = model.orders.get(key);
    if (existing === undefined) {
      expect(response.status).toBe(404);
    } else if (existing.status !== 'PLACED') {
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('ORDER_NOT_EDITABLE');
    } else {
      expectChanged(response, model, key, { ...existing, status: 'ACKNOWLEDGED' });
    }
  });

const advanceClockCommand = (seconds: number) =>
  command(`advance(${seconds}s)`, async (model, real) => {
    const response = await real.http.post('/local/clock', { body: { advanceSeconds: seconds } });
    model.now += seconds * 1000;
    expect(response.status).toBe(200);
    expect(Date.parse(response.json.now)).toBe(model.now);
  });

const getCommand = (user: number, orderId: string) =>
  command(`get(u${user}, ${orderId})`, async (model, real) => {
    const response = await real.http.get(`/orders/${orderId}`, { token: identityOf(real, user).token });
    const existing = model.orders.get(keyOf(real, user, orderId));
    if (existing === undefined) {
      expect(response.status).toBe(404);
      expect(response.json.code).toBe('ORDER_NOT_FOUND');
    } else {
      expect(response.status).toBe(200);
      expect(response.text).toBe(orderText(existing));
    }
  });

const listCommand = (user: number) =>
  command(`list(u${user})`, async (model, real) => {
    const identity = identityOf(real, user);
    const response = await real.http.get('/orders?limit=100', { token: identity.token });
    const mine = [...model.orders.values()]
      .filter((order) => order.userId === identity.sub)
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    expect(response.status).toBe(200);
    expect(response.json.nextToken).toBeUndefined();
    expect(response.json.orders.map((order: StoredOrder) => orderText(order))).toEqual(mine.map(orderText));
  });

const user = fc.nat(USERS - 1);
const orderId = fc.constantFrom(...ORDER_IDS);
const content = fc.nat(CONTENTS.length - 1);
const commands = [
  fc.tuple(user, orderId, content).map(([u, o, c]) => createCommand(u, o, c)),
  fc.tuple(user, orderId, content).map(([u, o, c]) => editCommand(u, o, c)),
  fc.tuple(user, orderId).map(([u, o]) => cancelCommand(u, o)),
  fc.tuple(user, orderId).map(([u, o]) => acknowledgeCommand(u, o)),
  fc.constantFrom(1, 100, 299, 599, 600, 601, 3599, 3601).map((seconds) => advanceClockCommand(seconds)),
  fc.tuple(user, orderId).map(([u, o]) => getCommand(u, o)),
  user.map((u) => listCommand(u)),
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
