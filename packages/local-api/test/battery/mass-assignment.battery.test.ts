import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatteryTarget,
  diffSnapshots,
  type Identity,
  newOrder,
  report,
  startBatteryTarget,
} from './support.js';

const FIELDS = [
  'userId',
  'status',
  'orderTime',
  'orderId',
  'userid',
  'timestamp',
  'groups',
  'isAdmin',
  '__proto__',
  'constructor',
] as const;
type Field = (typeof FIELDS)[number];

/** A JSON object text with `field` as an own key (so `__proto__` really is sent as a key). */
function withField(base: Record<string, unknown>, field: string, value: unknown): string {
  const text = JSON.stringify(base);
  return `${text.slice(0, -1)},${JSON.stringify(field)}:${JSON.stringify(value)}}`;
}

/**
 * Every read-only or internal field on every write route, with values that differ from what the
 * server would set: none may be accepted, and no item may be written or changed.
 */
describe('battery: mass assignment on every write route (dynamodb storage)', () => {
  let target: BatteryTarget;
  let owner: Identity;
  let other: Identity;
  let admin: Identity;
  let ownOrder: { orderId: string; orderTime: string };

  beforeAll(async () => {
    target = await startBatteryTarget();
    owner = await target.http.identity();
    other = await target.http.identity();
    admin = await target.http.identity({ groups: ['apiAdmins'] });
    for (const who of [owner, other]) {
      expect(
        (await target.http.put(`/users/${who.sub}`, { token: who.token, body: { name: 'Someone' } })).status,
      ).toBe(200);
    }
    const created = await target.http.post('/orders', {
      token: owner.token,
      body: newOrder('mass-existing'),
    });
    expect(created.status).toBe(200);
    ownOrder = created.json;
  });

  afterAll(async () => {
    await target?.close();
  });

  /** Hostile values of each field: never the value the server holds or would set. */
  function hostileValues(field: Field, route: string): unknown[] {
    switch (field) {
      case 'userId':
        return [other.sub, admin.sub, '*', ''];
      case 'status':
        return ['ACKNOWLEDGED', 'CANCELED', 'placed', null];
      case 'orderTime':
        return ['2000-01-01T00:00:00Z', '2999-01-01T00:00:00Z', ownOrder.orderTime.replace(/Z$/, '.000Z')];
      case 'orderId':
        // On POST the id of an existing order (with other content); on PUT another id.
        return route === 'POST /orders' ? ['mass-existing'] : ['mass-other-id', 'mass-existing-x', ''];
      case 'userid':
        // On PUT /users another id than the path's; on POST /users an existing user's id.
        return route === 'PUT /users/{userid}'
          ? [other.sub, '*', 'x'.repeat(65)]
          : [other.sub, owner.sub, '*'];
      case 'timestamp':
        return ['2000-01-01T00:00:00.000Z', new Date().toISOString()];
      case 'groups':
        return [['apiAdmins'], 'apiAdmins'];
      case 'isAdmin':
        return [true, 'true'];
      case '__proto__':
        return [{ isAdmin: true }, { status: 'ACKNOWLEDGED', userId: other.sub }];
      case 'constructor':
        return [{ prototype: { isAdmin: true } }, { name: 'Admin' }];
    }
  }

  it('accepts none of the read-only or internal fields on any write route and writes nothing', async () => {
    let sequence = 0;
    const routes = [
      {
        name: 'POST /users',
        token: () => admin.token,
        path: () => '/users',
        method: 'POST',
        base: () => ({ name: 'Mass' }),
      },
      {
        name: 'PUT /users/{userid}',
        token: () => owner.token,
        path: () => `/users/${owner.sub}`,
        method: 'PUT',
        base: () => ({ name: 'Someone' }),
      },
      {
        name: 'POST /orders',
        token: () => owner.token,
        path: () => '/orders',
        method: 'POST',
        // A fresh orderId, so that an accepted field would show as a written order.
        base: (field: Field) => {
          const order = newOrder(`mass-new-${++sequence}`, { totalAmount: 1.5 });
          if (field === 'orderId') {
            const { orderId: _omitted, ...rest } = order;
            return rest;
          }
          return order;
        },
      },
      {
        name: 'PUT /orders/{orderId}',
        token: () => owner.token,
        path: () => `/orders/${ownOrder.orderId}`,
        method: 'PUT',
        base: () => ({
          restaurantId: 7,
          orderItems: [{ id: 1, name: 'Changed', price: 1, quantity: 2 }],
          totalAmount: 2,
        }),
      },
    ] as const;

    const before = await target.snapshot();
    let attempts = 0;
    let accepted = 0;
    const outcomes = new Map<number, number>();
    const failures: string[] = [];
    for (const route of routes) {
      for (const field of FIELDS) {
        for (const value of hostileValues(field, route.name)) {
          const response = await target.http.request(route.method, route.path(), {
            token: route.token(),
            rawBody: withField(route.base(field), field, value),
            headers: { 'Content-Type': 'application/json' },
          });
          attempts++;
          outcomes.set(response.status, (outcomes.get(response.status) ?? 0) + 1);
          if (response.status < 300) accepted++;
          if (response.status < 400 || response.status >= 500) {
            failures.push(
              `${route.name} ${field}=${JSON.stringify(value)} → ${response.status} ${response.text.slice(0, 160)}`,
            );
          }
        }
      }
      report(`  mass assignment: ${route.name} done`);
    }
    const after = await target.snapshot();
    const { added, removed, changed } = diffSnapshots(before, after);
    const written = added.length + removed.length + changed.length;

    report(`  mass assignment: statuses ${JSON.stringify(Object.fromEntries(outcomes))}`);
    report(`Mass assignment: ${attempts} attempts, ${accepted} accepted, ${written} items written`);
    expect(failures).toEqual([]);
    expect(accepted).toBe(0);
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: [] });
  });
});
