import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idTokenClaims, signJwt } from './forge.js';
import {
  type BatteryTarget,
  diffSnapshots,
  type HttpResponse,
  type Identity,
  newOrder,
  report,
  startBatteryTarget,
  withoutRequestId,
} from './support.js';

type Actor = 'owner' | 'other' | 'admin' | 'none' | 'forged';
const CROSS_USER: readonly Exclude<Actor, 'owner'>[] = ['other', 'admin', 'none', 'forged'];

/**
 * Object-level authorization: every route on the owner's resources, called by the owner, another
 * user, an admin, nobody and a forged token. Table snapshots before and after the cross-user
 * requests show that nothing of the owner's changed.
 */
describe('battery: isolation between users (BOLA, dynamodb storage)', () => {
  let target: BatteryTarget;
  let owner: Identity;
  let other: Identity;
  let admin: Identity;
  let forged: string;
  const ownerOrderId = 'bola-owner-order-1';
  const ownerOrderBody = newOrder(ownerOrderId, { restaurantId: 'owner-restaurant', totalAmount: 42.5 });

  beforeAll(async () => {
    target = await startBatteryTarget();
    owner = await target.http.identity();
    other = await target.http.identity();
    admin = await target.http.identity({ groups: ['apiAdmins'] });
    const attackerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const kid = (await target.http.get('/.well-known/jwks.json')).json.keys[0].kid;
    forged = signJwt(
      { kid, alg: 'RS256' },
      idTokenClaims(owner.sub, { 'cognito:groups': ['apiAdmins'] }),
      attackerKey,
    );

    for (const [who, name] of [
      [owner, 'Owner'],
      [other, 'Other'],
    ] as const) {
      expect((await target.http.put(`/users/${who.sub}`, { token: who.token, body: { name } })).status).toBe(
        200,
      );
    }
    expect((await target.http.post('/orders', { token: owner.token, body: ownerOrderBody })).status).toBe(
      200,
    );
    for (const id of ['bola-owner-order-2', 'bola-owner-order-3']) {
      expect((await target.http.post('/orders', { token: owner.token, body: newOrder(id) })).status).toBe(
        200,
      );
    }
    expect(
      (await target.http.post('/orders', { token: other.token, body: newOrder('bola-other-order-1') }))
        .status,
    ).toBe(200);
  });

  afterAll(async () => {
    await target?.close();
  });

  const authorization = (actor: Actor): { authorization?: string } =>
    actor === 'owner'
      ? { authorization: `Bearer ${owner.token}` }
      : actor === 'other'
        ? { authorization: `Bearer ${other.token}` }
        : actor === 'admin'
          ? { authorization: `Bearer ${admin.token}` }
          : actor === 'forged'
            ? { authorization: `Bearer ${forged}` }
            : {};
  const subOf = (actor: Actor) => (actor === 'other' ? other.sub : actor === 'admin' ? admin.sub : owner.sub);

  it('gives every cross-user request its expected status, returns no foreign item and changes none', async () => {
    const editBody = {
      restaurantId: 'pwned',
      orderItems: [{ id: 9, name: 'Pwned', price: 0, quantity: 1 }],
      totalAmount: 0,
    };
    const routes = [
      { method: 'GET', path: '/users', expected: { other: 403, admin: 200 } },
      {
        method: 'POST',
        path: '/users',
        body: { name: 'Created by admin' },
        expected: { other: 403, admin: 200 },
      },
      { method: 'GET', path: `/users/${owner.sub}`, expected: { other: 403, admin: 200 } },
      {
        method: 'PUT',
        path: `/users/${owner.sub}`,
        body: { name: 'Owner' },
        expected: { other: 403, admin: 200 },
      },
      { method: 'GET', path: '/orders', expected: { other: 200, admin: 200 } },
      { method: 'GET', path: `/orders/${ownerOrderId}`, expected: { other: 404, admin: 404 } },
      {
        method: 'PUT',
        path: `/orders/${ownerOrderId}`,
        body: editBody,
        expected: { other: 404, admin: 404 },
      },
      { method: 'DELETE', path: `/orders/${ownerOrderId}`, expected: { other: 404, admin: 404 } },
      // The owner's orderId, sent by others: each gets an order of their own (the key is per caller).
      { method: 'POST', path: '/orders', body: ownerOrderBody, expected: { other: 200, admin: 200 } },
      // Last: the admin's delete is allowed, and the owner's profile is put back in the second phase.
      { method: 'DELETE', path: `/users/${owner.sub}`, expected: { other: 403, admin: 204 } },
    ] as const;

    const before = await target.snapshot();
    let requests = 0;
    let foreignItemsReturned = 0;
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const actor of CROSS_USER) {
        const expected = actor === 'none' || actor === 'forged' ? 401 : route.expected[actor];
        const response = await target.http.request(route.method, route.path, {
          ...authorization(actor),
          ...('body' in route ? { body: route.body } : {}),
        });
        requests++;
        if (response.status !== expected) {
          mismatches.push(`${actor} ${route.method} ${route.path}: ${response.status}, expected ${expected}`);
        }
        foreignItemsReturned += foreignItems(actor, route.path, response);
      }
    }

    // The admin's own order and user, and the other user's own order, are the only new items;
    // the admin's delete of the owner's profile is the only removal (an admin may do that).
    const after = await target.snapshot();
    const { added, removed, changed } = diffSnapshots(before, after);
    const foreignChanged = [
      ...changed.filter((key) => !key.startsWith('idempotency:')),
      ...removed.filter((key) => key !== `users:${owner.sub}`),
      ...added.filter(
        (key) =>
          !key.startsWith('idempotency:') &&
          !key.startsWith('users:') &&
          key !== `orders:${other.sub}/${ownerOrderId}` &&
          key !== `orders:${admin.sub}/${ownerOrderId}`,
      ),
    ];
    expect(added.filter((key) => key.startsWith('users:'))).toHaveLength(1);
    expect(removed).toEqual([`users:${owner.sub}`]);
    expect(after.get(`orders:${owner.sub}/${ownerOrderId}`)).toBe(
      before.get(`orders:${owner.sub}/${ownerOrderId}`),
    );

    report(`  BOLA: ${routes.length} routes × ${CROSS_USER.length} cross-user callers, then the owner`);
    report(
      `BOLA: ${requests} cross-user requests, ${foreignItemsReturned} foreign items returned, ${foreignChanged.length} foreign items changed`,
    );
    expect(mismatches).toEqual([]);
    expect(foreignItemsReturned).toBe(0);
    expect(foreignChanged).toEqual([]);

    // The owner: every route works on their own resources.
    const ownerRoutes = [
      { method: 'GET', path: '/users', expected: 403 },
      { method: 'POST', path: '/users', body: { name: 'Nope' }, expected: 403 },
      { method: 'PUT', path: `/users/${owner.sub}`, body: { name: 'Owner again' }, expected: 200 },
      { method: 'GET', path: `/users/${owner.sub}`, expected: 200 },
      { method: 'POST', path: '/orders', body: ownerOrderBody, expected: 200 },
      { method: 'GET', path: '/orders', expected: 200 },
      { method: 'GET', path: `/orders/${ownerOrderId}`, expected: 200 },
      { method: 'PUT', path: `/orders/${ownerOrderId}`, body: editBody, expected: 200 },
      { method: 'DELETE', path: `/orders/${ownerOrderId}`, expected: 200 },
      { method: 'DELETE', path: `/users/${owner.sub}`, expected: 204 },
    ] as const;
    for (const route of ownerRoutes) {
      const response = await target.http.request(route.method, route.path, {
        ...authorization('owner'),
        ...('body' in route ? { body: route.body } : {}),
      });
      expect(response.status, `owner ${route.method} ${route.path}: ${response.text}`).toBe(route.expected);
      expect(foreignItems('owner', route.path, response)).toBe(0);
    }
  });

  it('answers a foreign order with the bytes of a missing one (requestId aside), on every order route', async () => {
    const laterId = 'bola-owner-order-later';
    const edit = {
      restaurantId: 1,
      orderItems: [{ id: 1, name: 'X', price: 1, quantity: 1 }],
      totalAmount: 1,
    };
    const probe = (method: string) =>
      target.http.request(method, `/orders/${laterId}`, {
        token: other.token,
        ...(method === 'PUT' ? { body: edit } : {}),
      });
    const missing: HttpResponse[] = [];
    for (const method of ['GET', 'PUT', 'DELETE']) missing.push(await probe(method));
    expect((await target.http.post('/orders', { token: owner.token, body: newOrder(laterId) })).status).toBe(
      200,
    );
    for (const [index, method] of ['GET', 'PUT', 'DELETE'].entries()) {
      const foreign = await probe(method);
      const absent = missing[index] as HttpResponse;
      expect(foreign.status).toBe(404);
      expect(withoutRequestId(foreign.text)).toBe(withoutRequestId(absent.text));
      expect(foreign.headers['content-type']).toBe(absent.headers['content-type']);
    }
    // Still there, unchanged, for its owner.
    const mine = await target.http.get(`/orders/${laterId}`, { token: owner.token });
    expect(mine.status).toBe(200);
    expect(mine.json.status).toBe('PLACED');
  });

  it("refuses another user's pagination cursor with 400 INVALID_CURSOR", async () => {
    const page = await target.http.get('/orders?limit=1', { token: owner.token });
    expect(page.status).toBe(200);
    expect(typeof page.json.nextToken).toBe('string');
    const stolen = await target.http.get(
      `/orders?limit=1&nextToken=${encodeURIComponent(page.json.nextToken)}`,
      {
        token: other.token,
      },
    );
    expect(stolen.status).toBe(400);
    expect(stolen.json.code).toBe('INVALID_CURSOR');
  });

  /** Items in a 2xx body that belong to someone the caller may not see. */
  function foreignItems(actor: Actor, path: string, response: HttpResponse): number {
    if (response.status >= 300 || response.json === undefined) return 0;
    const sub = subOf(actor);
    if (path.startsWith('/orders')) {
      const orders: Array<{ userId: string }> = Array.isArray(response.json.orders)
        ? response.json.orders
        : [response.json];
      return orders.filter((order) => order.userId !== sub).length;
    }
    if (actor === 'admin') return 0;
    const users: Array<{ userid: string }> = Array.isArray(response.json.users)
      ? response.json.users
      : [response.json];
    return users.filter((user) => user.userid !== sub).length;
  }
});
