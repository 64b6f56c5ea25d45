import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../api-client.js';
import {
  type ApiScenarioOptions,
  expectGatewayValidationFailure,
  type Identity,
  newOrder,
  type ScenarioContext,
  UNAUTHORIZED,
} from './target.js';

/** The orders API: the Cognito authorizer, the order rules, idempotent creation. */
export function describeOrdersScenarios(context: ScenarioContext, options: ApiScenarioOptions): void {
  const { capabilities, gatewayRequestModels } = options;
  describe('orders API', () => {
    let api: ApiClient;
    let user: Identity;
    const { newIdentity } = context;

    beforeAll(async () => {
      api = context.api;
      user = await newIdentity();
    });

    it('refuses a request without a token with 401', async () => {
      for (const [method, path] of [
        ['GET', '/orders'],
        ['POST', '/orders'],
        ['GET', '/orders/x'],
        ['PUT', '/orders/x'],
        ['DELETE', '/orders/x'],
      ] as const) {
        const response = await api.request(method, path);
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.json).toEqual(UNAUTHORIZED);
      }
    });

    it('places, reads, lists, edits and cancels an order (the original scenario)', async () => {
      const customer = await newIdentity();
      const orderId = randomUUID();
      const created = await api.post('/orders', { token: customer.token, body: newOrder(orderId) });
      expect(created.status).toBe(200);
      expect(created.json).toMatchObject({
        orderId,
        userId: customer.sub,
        status: 'PLACED',
        totalAmount: 9.99,
      });
      expect(created.json.orderTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

      const read = await api.get(`/orders/${orderId}`, { token: customer.token });
      expect(read.status).toBe(200);
      expect(read.headers.get('content-type')).toBe('application/json');
      expect(read.headers.get('cache-control')).toBe('no-store');
      expect(read.json).toEqual(created.json);

      const list = await api.get('/orders', { token: customer.token });
      expect(list.status).toBe(200);
      expect(list.json.orders).toHaveLength(1);
      expect(list.json.orders[0]).toEqual(created.json);

      const edited = await api.put(`/orders/${orderId}`, {
        token: customer.token,
        body: {
          restaurantId: 1,
          status: created.json.status,
          orderTime: created.json.orderTime,
          orderItems: [
            { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
            { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
            { id: 3, name: 'Salad - LARGE', price: 6.0, quantity: 1 },
          ],
          totalAmount: 25.97,
        },
      });
      expect(edited.status).toBe(200);
      expect(edited.json).toMatchObject({ orderId, status: 'PLACED', totalAmount: 25.97 });
      expect(edited.json.orderItems).toHaveLength(3);

      const canceled = await api.delete(`/orders/${orderId}`, { token: customer.token });
      expect(canceled.status).toBe(200);
      expect(canceled.json).toMatchObject({ orderId, status: 'CANCELED', totalAmount: 25.97 });
    });

    it('turns three identical POSTs into one order, replaying the first response', async () => {
      const customer = await newIdentity();
      const body = newOrder();
      const responses = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        responses.push(await api.post('/orders', { token: customer.token, body }));
      }
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      expect(responses[0]?.headers.get('idempotent-replayed')).toBeNull();
      expect(responses[1]?.headers.get('idempotent-replayed')).toBe('true');
      expect(responses[2]?.headers.get('idempotent-replayed')).toBe('true');
      expect(responses[1]?.text).toBe(responses[0]?.text);
      expect(responses[2]?.text).toBe(responses[0]?.text);

      const list = await api.get('/orders', { token: customer.token });
      expect(list.json.orders).toHaveLength(1);
    });

    it('answers concurrent identical POSTs with the one order or 409 IDEMPOTENCY_IN_PROGRESS', async () => {
      const customer = await newIdentity();
      const body = newOrder();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => api.post('/orders', { token: customer.token, body })),
      );
      const created = responses.filter((response) => response.status === 200);
      const inProgress = responses.filter((response) => response.status === 409);
      expect(created.length + inProgress.length).toBe(responses.length);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const response of created) expect(response.json).toEqual(created[0]?.json);
      for (const response of inProgress) {
        expect(response.json.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect(response.headers.get('retry-after')).toBe('1');
      }
      expect((await api.get('/orders', { token: customer.token })).json.orders).toHaveLength(1);
    });

    it('refuses the same orderId with another payload with 422, leaving the order unchanged', async () => {
      const orderId = randomUUID();
      const first = await api.post('/orders', { token: user.token, body: newOrder(orderId) });
      const reused = await api.post('/orders', {
        token: user.token,
        body: newOrder(orderId, { totalAmount: 1 }),
      });
      expect(reused.status).toBe(422);
      expect(reused.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await api.get(`/orders/${orderId}`, { token: user.token })).json).toEqual(first.json);
    });

    it('keys idempotency by caller: two users may use the same orderId', async () => {
      const [alice, bob] = [await newIdentity(), await newIdentity()];
      const orderId = randomUUID();
      const forAlice = await api.post('/orders', { token: alice.token, body: newOrder(orderId) });
      const forBob = await api.post('/orders', { token: bob.token, body: newOrder(orderId) });
      expect(forAlice.json.userId).toBe(alice.sub);
      expect(forBob.json.userId).toBe(bob.sub);
      expect(forBob.headers.get('idempotent-replayed')).toBeNull();
    });

    it("answers 404 for another user's order, with the body of a missing one", async () => {
      const [owner, stranger] = [await newIdentity(), await newIdentity()];
      const orderId = randomUUID();
      await api.post('/orders', { token: owner.token, body: newOrder(orderId) });
      const missingId = randomUUID();
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const send = (id: string) =>
          api.request(method, `/orders/${id}`, {
            token: stranger.token,
            ...(method === 'PUT' ? { body: newOrder(id) } : {}),
          });
        const [foreign, missing] = [await send(orderId), await send(missingId)];
        expect(foreign.status, method).toBe(404);
        expect(foreign.json.code).toBe('ORDER_NOT_FOUND');
        const comparable = (body: Record<string, unknown>, id: string) =>
          JSON.stringify({ ...body, requestId: '', detail: String(body.detail).replace(id, '{id}') });
        expect(comparable(foreign.json, orderId)).toBe(comparable(missing.json, missingId));
      }
      expect((await api.get(`/orders/${orderId}`, { token: owner.token })).json.status).toBe('PLACED');
    });

    it('refuses a read-only field with another value with 400 READ_ONLY_FIELD', async () => {
      const response = await api.post('/orders', {
        token: user.token,
        body: newOrder(undefined, { status: 'ACKNOWLEDGED' }),
      });
      expect(response.status).toBe(400);
      expect(response.json.code).toBe('READ_ONLY_FIELD');
      const foreignUser = await api.post('/orders', {
        token: user.token,
        body: newOrder(undefined, { userId: 'someone-else' }),
      });
      expect(foreignUser.status).toBe(400);
      expect(foreignUser.json.code).toBe('READ_ONLY_FIELD');
    });

    it('pages through orders with nextToken and refuses a cursor of another user with 400', async () => {
      const [customer, other] = [await newIdentity(), await newIdentity()];
      const ids = Array.from({ length: 5 }, (_, index) => `page-${index}`);
      for (const orderId of ids)
        await api.post('/orders', { token: customer.token, body: newOrder(orderId) });

      const seen: string[] = [];
      let nextToken: string | undefined;
      let firstToken: string | undefined;
      do {
        const query = `?limit=2${nextToken === undefined ? '' : `&nextToken=${encodeURIComponent(nextToken)}`}`;
        const page = await api.get(`/orders${query}`, { token: customer.token });
        expect(page.status).toBe(200);
        seen.push(...page.json.orders.map((order: { orderId: string }) => order.orderId));
        nextToken = page.json.nextToken;
        firstToken ??= nextToken;
      } while (nextToken !== undefined && seen.length < 10);
      expect(seen).toEqual(ids);

      const foreign = await api.get(`/orders?nextToken=${encodeURIComponent(firstToken ?? '')}`, {
        token: other.token,
      });
      expect(foreign.status).toBe(400);
      expect(foreign.json.code).toBe('INVALID_CURSOR');

      const forged = await api.get('/orders?nextToken=cGFnZS0x.forged', { token: customer.token });
      expect(forged.status).toBe(400);
      expect(forged.json.code).toBe('INVALID_CURSOR');
    });

    it('refuses an unknown query parameter and a bad limit with 400', async () => {
      expect((await api.get('/orders?limit=0', { token: user.token })).status).toBe(400);
      expect((await api.get('/orders?limit=abc', { token: user.token })).status).toBe(400);
      expect((await api.get('/orders?foo=1', { token: user.token })).status).toBe(400);
    });

    it('answers 404 for an order that does not exist', async () => {
      const response = await api.get('/orders/does-not-exist', { token: user.token });
      expect(response.status).toBe(404);
      expect(response.json).toMatchObject({ code: 'ORDER_NOT_FOUND', status: 404 });
    });

    // Defined for targets without request models in front of the handlers (the local server).
    if (!gatewayRequestModels) {
      describe('bodies checked by the handler', () => {
        it('refuses an invalid order with 400 VALIDATION_FAILED and the paths', async () => {
          const response = await api.post('/orders', {
            token: user.token,
            body: newOrder(undefined, { orderItems: [{ id: 1, name: 'X', price: 1.234, quantity: 0 }] }),
          });
          expect(response.status).toBe(400);
          expect(response.json.code).toBe('VALIDATION_FAILED');
          const paths = response.json.errors.map((error: { path: string }) => error.path);
          expect(paths).toEqual(expect.arrayContaining(['orderItems.0.price', 'orderItems.0.quantity']));
        });
      });
    }

    // Defined for targets with API Gateway request models (the deployed stacks).
    if (gatewayRequestModels) {
      describe('bodies checked by API Gateway request models', () => {
        it('refuses an invalid order with the gateway’s 400 VALIDATION_FAILED', async () => {
          for (const body of [
            newOrder(undefined, { orderItems: [{ id: 1, name: 'X', price: 1.234, quantity: 0 }] }),
            { orderId: 'x' },
          ]) {
            const response = await api.post('/orders', { token: user.token, body });
            expectGatewayValidationFailure(response);
          }
        });
      });
    }

    // Defined only for targets that can acknowledge an order (the local server's
    // `/local/orders/{userId}/{orderId}/acknowledge`); a deployed stack has no such route.
    const { acknowledge } = capabilities;
    if (acknowledge) {
      describe('acknowledged orders (the target can acknowledge an order)', () => {
        it('refuses to cancel or edit an ACKNOWLEDGED order with 400', async () => {
          const orderId = randomUUID();
          expect((await api.post('/orders', { token: user.token, body: newOrder(orderId) })).status).toBe(
            200,
          );

          const acknowledged = await acknowledge(user.sub, orderId);
          expect(acknowledged.status).toBe(200);
          expect(acknowledged.json.status).toBe('ACKNOWLEDGED');

          const cancel = await api.delete(`/orders/${orderId}`, { token: user.token });
          expect(cancel.status).toBe(400);
          expect(cancel.json.code).toBe('ORDER_NOT_CANCELABLE');

          const edit = await api.put(`/orders/${orderId}`, { token: user.token, body: newOrder(orderId) });
          expect(edit.status).toBe(400);
          expect(edit.json.code).toBe('ORDER_NOT_EDITABLE');

          const again = await acknowledge(user.sub, orderId);
          expect(again.status).toBe(400);
          expect(again.json.code).toBe('ORDER_NOT_EDITABLE');
          expect((await acknowledge(user.sub, 'missing')).status).toBe(404);
        });
      });
    }

    // Defined only for targets whose clock the suite can move (the local server's `/local/clock`);
    // waiting ten real minutes against a deployed stack is not a test.
    const { clock } = capabilities;
    if (clock) {
      describe('cancel window (the target’s clock can be moved)', () => {
        it('cancels up to 599 s after the order and refuses at 600 s', async () => {
          const customer = await newIdentity();
          const early = randomUUID();
          const late = randomUUID();
          await api.post('/orders', { token: customer.token, body: newOrder(early) });
          await api.post('/orders', { token: customer.token, body: newOrder(late) });

          const before = await clock.now();
          const moved = await clock.advance(599);
          expect(moved.getTime() - before.getTime()).toBe(599_000);
          expect((await api.delete(`/orders/${early}`, { token: customer.token })).status).toBe(200);

          await clock.advance(1);
          const tooLate = await api.delete(`/orders/${late}`, { token: customer.token });
          expect(tooLate.status).toBe(400);
          expect(tooLate.json.code).toBe('ORDER_NOT_CANCELABLE');
          expect(tooLate.json.detail).toMatch(/600 seconds/);
        });
      });

      // Only where that clock also expires idempotency records: Powertools' DynamoDB idempotency
      // expires them by the wall clock, which a moved clock does not change.
      if (capabilities.clockExpiresIdempotency === true) {
        describe('idempotency window (the clock expires idempotency records)', () => {
          it('after 3600 s answers the stored order for the same payload and 409 ORDER_EXISTS for another', async () => {
            const customer = await newIdentity();
            const orderId = randomUUID();
            const first = await api.post('/orders', { token: customer.token, body: newOrder(orderId) });
            await clock.advance(3600);

            const different = await api.post('/orders', {
              token: customer.token,
              body: newOrder(orderId, { totalAmount: 5 }),
            });
            expect(different.status).toBe(409);
            expect(different.json.code).toBe('ORDER_EXISTS');

            const same = await api.post('/orders', { token: customer.token, body: newOrder(orderId) });
            expect(same.status).toBe(200);
            expect(same.json).toEqual(first.json);
          });
        });
      }
    }
  });
}
