import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BATTERY_SEED,
  type BatteryTarget,
  canonical,
  type HttpResponse,
  type Identity,
  newOrder,
  percentile,
  pool,
  report,
  seededRandom,
  startBatteryTarget,
} from './support.js';

const REQUESTS = 4_000;
const IN_FLIGHT = 50;
const USERS = 20;

// biome-ignore lint/suspicious/noExplicitAny: orders as the API answers them
type Order = any;

/**
 * A mixed load on dynalite: 50 clients over 20 users (two or three clients per user), each
 * creating, reading, listing, editing and cancelling its own orders and probing other users'.
 * Each client touches only the orders it created, so it knows what each must look like; at the
 * end every user's list is exactly what that user's clients created.
 */
describe('battery: mixed load (dynamodb storage)', () => {
  let target: BatteryTarget;
  let users: Identity[];

  beforeAll(async () => {
    target = await startBatteryTarget({ maxSockets: IN_FLIGHT });
    users = [];
    for (let index = 0; index < USERS; index++) {
      const user = await target.http.identity();
      expect(
        (await target.http.put(`/users/${user.sub}`, { token: user.token, body: { name: `Load ${index}` } }))
          .status,
      ).toBe(200);
      users.push(user);
    }
  });

  afterAll(async () => {
    await target?.close();
  });

  it(`serves ${REQUESTS} mixed requests at ${IN_FLIGHT} in flight with no 5xx, and every list is exactly its user's`, async () => {
    const random = seededRandom(BATTERY_SEED);
    const perClient = REQUESTS / IN_FLIGHT;
    const mine = Array.from({ length: IN_FLIGHT }, () => new Map<string, Order>());
    const everyOrder: Array<{ user: number; orderId: string }> = [];
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const mismatches: string[] = [];
    let sent = 0;

    const send = async (
      label: string,
      expected: number,
      call: () => Promise<HttpResponse>,
      check?: (response: HttpResponse) => boolean,
    ) => {
      const response = await call();
      latencies.push(response.durationMs);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status !== expected || (check !== undefined && !check(response))) {
        if (mismatches.length < 20)
          mismatches.push(`${label}: ${response.status} ${response.text.slice(0, 160)}`);
      }
      if (++sent % 1000 === 0) report(`  load: ${sent}/${REQUESTS} requests`);
      return response;
    };

    const clients = Array.from({ length: IN_FLIGHT }, (_, client) => ({
      client,
      ops: Array.from({ length: perClient }, () => random()),
    }));
    await pool(clients, IN_FLIGHT, async ({ client, ops }) => {
      const userIndex = client % USERS;
      const user = users[userIndex] as Identity;
      const orders = mine[client] as Map<string, Order>;
      let created = 0;
      const pick = (roll: number, placedOnly: boolean) => {
        const candidates = [...orders.values()].filter((order) => !placedOnly || order.status === 'PLACED');
        return candidates[Math.floor(roll * candidates.length)];
      };
      for (const roll of ops) {
        const sub = (roll * 1000) % 1;
        const placed = pick(sub, true);
        const any = pick(sub, false);
        if (roll < 0.35 || any === undefined) {
          const body = newOrder(`load-${client}-${created++}`, {
            totalAmount: Math.round(sub * 10_000) / 100,
          });
          const response = await send('create', 200, () =>
            target.http.post('/orders', { token: user.token, body }),
          );
          if (response.status === 200) {
            orders.set(body.orderId, response.json);
            everyOrder.push({ user: userIndex, orderId: body.orderId });
          }
        } else if (roll < 0.55) {
          await send(
            'get',
            200,
            () => target.http.get(`/orders/${any.orderId}`, { token: user.token }),
            (r) => canonical(r.json) === canonical(any),
          );
        } else if (roll < 0.7) {
          const limit = 1 + Math.floor(sub * 100);
          await send(
            'list',
            200,
            () => target.http.get(`/orders?limit=${limit}`, { token: user.token }),
            (r) => r.json.orders.every((order: Order) => order.userId === user.sub),
          );
        } else if (roll < 0.8 && placed !== undefined) {
          const content = {
            restaurantId: 9,
            orderItems: [{ id: 2, name: 'Edited', price: 1.25, quantity: 4 }],
            totalAmount: Math.round(sub * 500) / 100,
          };
          const response = await send('edit', 200, () =>
            target.http.put(`/orders/${placed.orderId}`, { token: user.token, body: content }),
          );
          if (response.status === 200) orders.set(placed.orderId, response.json);
        } else if (roll < 0.85 && placed !== undefined) {
          const response = await send('cancel', 200, () =>
            target.http.delete(`/orders/${placed.orderId}`, { token: user.token }),
          );
          if (response.status === 200) orders.set(placed.orderId, response.json);
        } else if (roll < 0.9) {
          const others = everyOrder.filter((entry) => entry.user !== userIndex);
          const foreign = others[Math.floor(sub * others.length)];
          const orderId = foreign?.orderId ?? 'load-nobody';
          await send('get foreign', 404, () => target.http.get(`/orders/${orderId}`, { token: user.token }));
        } else if (roll < 0.95) {
          await send('put profile', 200, () =>
            target.http.put(`/users/${user.sub}`, { token: user.token, body: { name: `Load ${client}` } }),
          );
        } else {
          await send(
            'get profile',
            200,
            () => target.http.get(`/users/${user.sub}`, { token: user.token }),
            (r) => r.json.userid === user.sub,
          );
        }
      }
    });

    // Every user's list, all pages, against what that user's clients created.
    let exactLists = 0;
    for (const [userIndex, user] of users.entries()) {
      const listed: Order[] = [];
      let nextToken: string | undefined;
      do {
        const page = await target.http.get(
          `/orders?limit=100${nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`}`,
          {
            token: user.token,
          },
        );
        expect(page.status).toBe(200);
        listed.push(...page.json.orders);
        nextToken = page.json.nextToken;
      } while (nextToken !== undefined);
      const expected = mine
        .filter((_, client) => client % USERS === userIndex)
        .flatMap((orders) => [...orders.values()])
        .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
      if (canonical(listed) === canonical(expected)) exactLists++;
    }

    const serverErrors = [...statuses]
      .filter(([status]) => status >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    const p = (value: number) => percentile(latencies, value).toFixed(1);
    report(`  load: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    report(
      `Load: ${sent} requests at concurrency ${IN_FLIGHT} over ${USERS} users, ${serverErrors} 5xx, ${exactLists}/${USERS} lists exact; p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms`,
    );
    expect(sent).toBe(REQUESTS);
    expect(serverErrors).toBe(0);
    expect(mismatches).toEqual([]);
    expect(exactLists).toBe(USERS);
  });
});
