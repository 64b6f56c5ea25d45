import { serviceUnavailable } from '@app/core';
import { describe, expect, it, vi } from 'vitest';
import { bodyOf, createTestApp } from '../helpers/app.js';
import { apiEvent, lambdaContext } from '../helpers/events.js';
import { ALICE, BOB, invoke, newOrder } from '../helpers/orders.js';

type App = ReturnType<typeof createTestApp>;

const place = (app: App, caller = ALICE, body: unknown = newOrder()) =>
  invoke(app.handlers.addOrder, caller, 'POST', '/orders', { body });
const getOrder = (app: App, orderId: string, caller = ALICE) =>
  invoke(app.handlers.getOrder, caller, 'GET', '/orders/{orderId}', { pathParameters: { orderId } });
const cancel = (app: App, orderId: string, caller = ALICE) =>
  invoke(app.handlers.cancelOrder, caller, 'DELETE', '/orders/{orderId}', { pathParameters: { orderId } });
const edit = (app: App, orderId: string, body: unknown, caller = ALICE) =>
  invoke(app.handlers.editOrder, caller, 'PUT', '/orders/{orderId}', { pathParameters: { orderId }, body });

describe('orders functions', () => {
  describe('POST /orders', () => {
    it('places the order for the caller: 200 PLACED at the server time', async () => {
      const response = await place(createTestApp());

      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      });
      expect(response.headers).not.toHaveProperty('Idempotent-Replayed');
      expect(bodyOf(response)).toEqual({
        ...newOrder(),
        userId: ALICE.sub,
        status: 'PLACED',
        orderTime: '2026-01-01T12:00:00Z',
      });
    });

    it('keeps one order for three identical POSTs and replays the first response byte for byte', async () => {
      const app = createTestApp();

      const responses = [await place(app), await place(app), await place(app)];
      const list = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders');

      expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200]);
      expect(responses.map((response) => response.headers?.['Idempotent-Replayed'])).toEqual([
        undefined,
        'true',
        'true',
      ]);
      expect(new Set(responses.map((response) => response.body)).size).toBe(1);
      expect(bodyOf<{ orders: unknown[] }>(list).orders).toHaveLength(1);
    });

    it('keeps the idempotency key per caller: the same orderId from two users makes two orders', async () => {
      const app = createTestApp();

      const alice = await place(app, ALICE);
      const bob = await place(app, BOB);

      expect(bob.headers).not.toHaveProperty('Idempotent-Replayed');
      expect(bodyOf(alice).userId).toBe(ALICE.sub);
      expect(bodyOf(bob).userId).toBe(BOB.sub);
    });

    it('answers 409 IDEMPOTENCY_IN_PROGRESS with Retry-After 1 while the first request runs', async () => {
      const app = createTestApp();

      const [first, second] = await Promise.all([place(app), place(app)]);

      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(409);
      expect(second.headers).toMatchObject({
        'Retry-After': '1',
        'Content-Type': 'application/problem+json',
      });
      expect(bodyOf(second)).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same orderId with another payload', async () => {
      const app = createTestApp();
      await place(app);

      const response = await place(app, ALICE, { ...newOrder(), totalAmount: 1 });
      const stored = await getOrder(app, 'order-0001');

      expect(response.statusCode).toBe(422);
      expect(bodyOf(response)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(bodyOf(stored).totalAmount).toBe(19.97);
    });

    it('answers 409 ORDER_EXISTS after the window for another payload, 200 for the same', async () => {
      const app = createTestApp();
      await place(app);
      app.clock.advance(3601);

      const other = await place(app, ALICE, { ...newOrder(), totalAmount: 1 });
      const same = await place(app);

      expect(other.statusCode).toBe(409);
      expect(bodyOf(other)).toMatchObject({ code: 'ORDER_EXISTS' });
      expect(same.statusCode).toBe(200);
      expect(bodyOf(same).orderTime).toBe('2026-01-01T12:00:00Z');
    });

    it.each([
      ['userId of another user', { userId: BOB.sub }, 'userId'],
      ['a status other than PLACED', { status: 'ACKNOWLEDGED' }, 'status'],
      ['an orderTime', { orderTime: '2020-01-01T00:00:00Z' }, 'orderTime'],
    ])('answers 400 READ_ONLY_FIELD for %s', async (_, extra, field) => {
      const response = await place(createTestApp(), ALICE, { ...newOrder(), ...extra });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'READ_ONLY_FIELD', errors: [{ path: field }] });
    });

    it('accepts userId and status echoed with the values the server would set', async () => {
      const response = await place(createTestApp(), ALICE, {
        ...newOrder(),
        userId: ALICE.sub,
        status: 'PLACED',
      });

      expect(response.statusCode).toBe(200);
    });

    it('answers 400 with paths for schema failures and stores nothing, so a corrected retry runs', async () => {
      const app = createTestApp();

      const bad = await place(app, ALICE, {
        ...newOrder(),
        orderItems: [{ id: 1, name: 'x', price: 1.234, quantity: 0 }],
        tip: 1,
      });
      const retry = await place(app);

      expect(bad.statusCode).toBe(400);
      const paths = bodyOf<{ errors: { path: string }[] }>(bad).errors.map((issue) => issue.path);
      expect(paths).toEqual(expect.arrayContaining(['orderItems.0.price', 'orderItems.0.quantity', 'tip']));
      expect(retry.statusCode).toBe(200);
      expect(retry.headers).not.toHaveProperty('Idempotent-Replayed');
    });
  });

  describe('GET /orders and GET /orders/{orderId}', () => {
    it("reads the caller's order and lists it", async () => {
      const app = createTestApp();
      const placed = bodyOf(await place(app));

      const got = await getOrder(app, 'order-0001');
      const list = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders');

      expect(got.statusCode).toBe(200);
      expect(bodyOf(got)).toEqual(placed);
      expect(bodyOf(list)).toEqual({ orders: [placed] });
    });

    it("answers another user's order exactly like a missing one (404 ORDER_NOT_FOUND)", async () => {
      const app = createTestApp();
      await place(app, ALICE);
      await place(app, ALICE, newOrder('order-0002'));

      const foreign = bodyOf(await getOrder(app, 'order-0001', BOB));
      const missing = bodyOf(
        await getOrder(app, 'order-0001', { sub: 'carol-0001', email: 'c@example.com' }),
      );

      expect(foreign).toMatchObject({ status: 404, code: 'ORDER_NOT_FOUND' });
      expect({ ...foreign, requestId: '' }).toEqual({ ...missing, requestId: '' });
    });

    it('pages the list with limit and nextToken, and refuses a foreign nextToken', async () => {
      const app = createTestApp();
      for (const orderId of ['o-1', 'o-2', 'o-3']) await place(app, ALICE, newOrder(orderId));

      const first = bodyOf<{ orders: { orderId: string }[]; nextToken: string }>(
        await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders', { query: { limit: '2' } }),
      );
      const rest = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders', {
        query: { nextToken: first.nextToken },
      });
      const foreign = await invoke(app.handlers.listOrders, BOB, 'GET', '/orders', {
        query: { nextToken: first.nextToken },
      });

      expect(first.orders.map((order) => order.orderId)).toEqual(['o-1', 'o-2']);
      expect(bodyOf<{ orders: { orderId: string }[] }>(rest).orders.map((order) => order.orderId)).toEqual([
        'o-3',
      ]);
      expect(foreign.statusCode).toBe(400);
      expect(bodyOf(foreign)).toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('refuses unknown query parameters with 400', async () => {
      const app = createTestApp();

      const response = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders', {
        query: { userId: BOB.sub },
      });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        errors: [{ path: 'userId', message: 'unknown query parameter' }],
      });
    });
  });

  describe('PUT /orders/{orderId}', () => {
    it('edits a PLACED order sent back with status and orderTime, three items and totalAmount 25.97', async () => {
      const app = createTestApp();
      const placed = bodyOf(await place(app));
      const orderItems = [
        { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
        { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
        { id: 3, name: 'Salad - LARGE', price: 5.99, quantity: 1 },
      ];

      const response = await edit(app, 'order-0001', { ...placed, orderItems, totalAmount: 25.97 });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ ...placed, orderItems, totalAmount: 25.97 });
    });

    it('answers 400 READ_ONLY_FIELD when the echoed orderTime differs', async () => {
      const app = createTestApp();
      const placed = bodyOf(await place(app));

      const response = await edit(app, 'order-0001', { ...placed, orderTime: '2026-01-01T11:00:00Z' });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'READ_ONLY_FIELD' });
    });

    it('answers 400 ORDER_NOT_EDITABLE once the restaurant acknowledged the order', async () => {
      const app = createTestApp();
      await place(app);
      await app.services.orders.acknowledge(ALICE.sub, 'order-0001');

      const { orderId: _, ...content } = newOrder();
      const response = await edit(app, 'order-0001', content);

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({ code: 'ORDER_NOT_EDITABLE' });
    });

    it("answers 404 for a missing order or another user's", async () => {
      const app = createTestApp();
      await place(app, ALICE);
      const { orderId: _, ...content } = newOrder();

      expect((await edit(app, 'order-0001', content, BOB)).statusCode).toBe(404);
      expect((await edit(app, 'nope', content)).statusCode).toBe(404);
    });
  });

  describe('DELETE /orders/{orderId}', () => {
    it('cancels a PLACED order: 200 with status CANCELED', async () => {
      const app = createTestApp();
      await place(app);
      app.clock.advance(599);

      const response = await cancel(app, 'order-0001');

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({ orderId: 'order-0001', status: 'CANCELED' });
    });

    it('answers 400 ORDER_NOT_CANCELABLE for an ACKNOWLEDGED order', async () => {
      const app = createTestApp();
      await place(app);
      await app.services.orders.acknowledge(ALICE.sub, 'order-0001');

      const response = await cancel(app, 'order-0001');

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        code: 'ORDER_NOT_CANCELABLE',
        detail: expect.stringContaining('ACKNOWLEDGED'),
      });
    });

    it('answers 400 ORDER_NOT_CANCELABLE 600 seconds after the order was placed', async () => {
      const app = createTestApp();
      await place(app);
      app.clock.advance(600);

      const response = await cancel(app, 'order-0001');

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toMatchObject({
        code: 'ORDER_NOT_CANCELABLE',
        detail: expect.stringContaining('600'),
      });
    });

    it('answers 404 ORDER_NOT_FOUND for a missing order', async () => {
      const response = await cancel(createTestApp(), 'nope');

      expect(response.statusCode).toBe(404);
    });
  });

  describe('identity', () => {
    it.each([
      ['no authorizer', undefined],
      ['claims without a sub', { claims: { email: 'x@example.com' } }],
      ['a sub outside the id charset', { claims: { sub: 'a/b' } }],
    ])('answers a 401 problem for %s', async (_, authorizer) => {
      const app = createTestApp();
      const event = apiEvent({ method: 'GET', resource: '/orders', ...(authorizer ? { authorizer } : {}) });

      const response = await app.handlers.listOrders(event, lambdaContext('orders'));

      expect(response.statusCode).toBe(401);
      expect(bodyOf(response)).toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('takes the user id from the claims only, never from the path or the body', async () => {
      const app = createTestApp();

      const response = await place(app, ALICE, { ...newOrder(), userId: ALICE.sub });
      const asBob = await getOrder(app, 'order-0001', BOB);

      expect(bodyOf(response).userId).toBe(ALICE.sub);
      expect(asBob.statusCode).toBe(404);
    });
  });

  describe('failures of the storage', () => {
    it('answers 503 SERVICE_UNAVAILABLE with Retry-After and a generic body', async () => {
      const app = createTestApp();
      vi.spyOn(app.orders, 'get').mockRejectedValue(
        serviceUnavailable(new Error('ProvisionedThroughputExceededException on table prod-orders')),
      );

      const response = await getOrder(app, 'order-0001');

      expect(response.statusCode).toBe(503);
      expect(response.headers).toMatchObject({ 'Retry-After': expect.stringMatching(/^\d+$/) });
      expect(bodyOf(response)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(response.body).not.toMatch(/Provisioned|prod-orders/);
    });

    it('answers 500 INTERNAL for an unexpected error without revealing anything about it', async () => {
      const app = createTestApp();
      vi.spyOn(app.orders, 'listByUser').mockRejectedValue(
        new TypeError("Cannot read properties of undefined (reading 'secretKey')"),
      );

      const response = await invoke(app.handlers.listOrders, ALICE, 'GET', '/orders');

      expect(response.statusCode).toBe(500);
      expect(response.headers).toMatchObject({
        'Content-Type': 'application/problem+json',
        'Cache-Control': 'no-store',
      });
      expect(bodyOf(response)).toEqual({
        type: expect.any(String),
        title: 'Internal error',
        status: 500,
        detail: 'The request could not be processed. Retry later.',
        code: 'INTERNAL',
        requestId: expect.any(String),
      });
      expect(response.body).not.toMatch(/TypeError|secretKey|\bat\s|\.ts:/);
    });
  });
});
