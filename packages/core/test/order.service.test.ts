import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors.js';
import { codeOf, customer, errorOf, makeServices, orderInput, START } from './helpers/services.js';

const alice = customer('alice');
const bob = customer('bob');

describe('OrderService', () => {
  describe('create', () => {
    it('places an order for the caller with status PLACED and the server time in whole seconds', async () => {
      // prepare
      const { orders } = makeServices(new Date('2026-01-01T12:00:00.750Z'));
      // act
      const { order, replayed } = await orders.create(alice, orderInput());
      // assess
      expect(replayed).toBe(false);
      expect(order).toEqual({
        ...orderInput(),
        userId: 'alice',
        status: 'PLACED',
        orderTime: '2026-01-01T12:00:00Z',
      });
      expect(await orders.get(alice, 'order-1')).toEqual(order);
    });

    it('does not require totalAmount to equal the item sum (it may include fees)', async () => {
      const { orders } = makeServices();
      const { order } = await orders.create(alice, orderInput('o', { totalAmount: 25 }));
      expect(order.totalAmount).toBe(25);
    });

    it('replays the first result for the same payload and writes once', async () => {
      const { orders, clock } = makeServices();
      const first = await orders.create(alice, orderInput());
      clock.advance(30);
      const again = await orders.create(alice, { ...orderInput(), status: 'PLACED', userId: 'alice' });
      expect(again).toEqual({ order: first.order, replayed: true });
      expect((await orders.list(alice)).items).toHaveLength(1);
    });

    it('refuses the same orderId with another payload, keeping the stored order', async () => {
      const { orders } = makeServices();
      const first = await orders.create(alice, orderInput());
      expect(await codeOf(orders.create(alice, orderInput('order-1', { totalAmount: 1 })))).toBe(
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(await orders.get(alice, 'order-1')).toEqual(first.order);
    });

    it('keys idempotency by caller: two users may use the same orderId', async () => {
      const { orders } = makeServices();
      const a = await orders.create(alice, orderInput());
      const b = await orders.create(bob, orderInput('order-1', { totalAmount: 5 }));
      expect([a.replayed, b.replayed]).toEqual([false, false]);
      expect((await orders.get(bob, 'order-1')).totalAmount).toBe(5);
    });

    it('after the window, returns the stored order for the same payload and refuses another', async () => {
      const { orders, clock } = makeServices();
      const first = await orders.create(alice, orderInput());
      clock.advance(3601);
      expect(await orders.create(alice, orderInput())).toEqual({ order: first.order, replayed: true });
      clock.advance(3601);
      expect(await codeOf(orders.create(alice, orderInput('order-1', { totalAmount: 2 })))).toBe(
        'ORDER_EXISTS',
      );
      expect(await orders.get(alice, 'order-1')).toEqual(first.order);
    });

    it.each([
      [{ userId: 'bob' }, 'userId'],
      [{ status: 'ACKNOWLEDGED' }, 'status'],
      [{ orderTime: '2026-01-01T12:00:00Z' }, 'orderTime'],
    ])('refuses the read-only field %j and stores nothing', async (extra, field) => {
      const { orders, idempotency } = makeServices();
      const error = await errorOf(orders.create(alice, orderInput('order-1', extra)));
      expect([error.code, error.issues[0]?.path]).toEqual(['READ_ONLY_FIELD', field]);
      expect(await codeOf(orders.get(alice, 'order-1'))).toBe('ORDER_NOT_FOUND');
      expect(idempotency.size).toBe(0);
    });

    it('stores nothing for an invalid body, so the corrected retry is a real creation', async () => {
      const { orders, idempotency } = makeServices();
      expect(await codeOf(orders.create(alice, orderInput('order-1', { totalAmount: -1 })))).toBe(
        'VALIDATION_FAILED',
      );
      expect(idempotency.size).toBe(0);
      expect((await orders.create(alice, orderInput())).replayed).toBe(false);
    });

    it('reports a real creation when the write it finds is its own (a retried write whose reply was lost)', async () => {
      const { orders, orderRepository } = makeServices();
      const create = orderRepository.create.bind(orderRepository);
      orderRepository.create = async (order) => {
        await create(order);
        return create(order);
      };
      expect((await orders.create(alice, orderInput())).replayed).toBe(false);
    });

    it('releases the key when storage fails, so a retry runs again', async () => {
      const { orders, orderRepository } = makeServices();
      const create = orderRepository.create.bind(orderRepository);
      orderRepository.create = async () => Promise.reject(new DomainError('SERVICE_UNAVAILABLE', 'down'));
      expect(await codeOf(orders.create(alice, orderInput()))).toBe('SERVICE_UNAVAILABLE');
      orderRepository.create = create;
      expect((await orders.create(alice, orderInput())).replayed).toBe(false);
    });
  });

  describe('get', () => {
    it('answers ORDER_NOT_FOUND, with the same detail, for a missing order and another user’s', async () => {
      const { orders } = makeServices();
      await orders.create(bob, orderInput('shared'));
      const foreign = await errorOf(orders.get(alice, 'shared'));
      await orders.create(alice, orderInput('mine'));
      const missing = await errorOf(orders.get(alice, 'shared'));
      expect(foreign.code).toBe('ORDER_NOT_FOUND');
      expect([foreign.code, foreign.detail]).toEqual([missing.code, missing.detail]);
    });

    it('refuses a malformed order id', async () => {
      const { orders } = makeServices();
      const error = await errorOf(orders.get(alice, 'a/../b'));
      expect([error.code, error.issues[0]?.path]).toEqual(['VALIDATION_FAILED', 'orderId']);
    });
  });

  describe('list', () => {
    it('lists only the caller’s orders, paged with a token bound to the caller', async () => {
      const { orders } = makeServices();
      for (const id of ['o1', 'o2', 'o3']) await orders.create(alice, orderInput(id));
      await orders.create(bob, orderInput('b1'));
      const first = await orders.list(alice, { limit: 2 });
      expect(first.items.map((o) => o.orderId)).toEqual(['o1', 'o2']);
      expect((await orders.list(alice, { nextToken: first.nextToken })).items.map((o) => o.orderId)).toEqual([
        'o3',
      ]);
      expect(await codeOf(orders.list(bob, { nextToken: first.nextToken }))).toBe('INVALID_CURSOR');
      expect(await codeOf(orders.list(alice, { nextToken: `${first.nextToken}x` }))).toBe('INVALID_CURSOR');
    });
  });

  describe('edit', () => {
    it('replaces the content when the client sends back status and orderTime', async () => {
      const { orders } = makeServices();
      const { order } = await orders.create(alice, orderInput());
      const items = [
        { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
        { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
        { id: 3, name: 'Salad - LARGE', price: 5.99, quantity: 1 },
      ];
      const edited = await orders.edit(alice, 'order-1', { ...order, orderItems: items, totalAmount: 25.97 });
      expect(edited).toEqual({ ...order, orderItems: items, totalAmount: 25.97 });
    });

    it.each([
      [{ orderId: 'other' }, 'orderId'],
      [{ userId: 'bob' }, 'userId'],
      [{ status: 'CANCELED' }, 'status'],
      [{ orderTime: '2020-01-01T00:00:00Z' }, 'orderTime'],
    ] as [Record<string, unknown>, string][])(
      'refuses a changed read-only field %j',
      async (extra, field) => {
        const { orders } = makeServices();
        const { order } = await orders.create(alice, orderInput());
        const error = await errorOf(
          orders.edit(alice, 'order-1', {
            ...orderInput(),
            totalAmount: 1,
            ...extra,
            orderId: extra.orderId ?? 'order-1',
          }),
        );
        expect([error.code, error.issues[0]?.path]).toEqual(['READ_ONLY_FIELD', field]);
        expect(await orders.get(alice, 'order-1')).toEqual(order);
      },
    );

    it('refuses an order that is no longer PLACED', async () => {
      const { orders } = makeServices();
      await orders.create(alice, orderInput());
      await orders.acknowledge('alice', 'order-1');
      const { orderId: _, ...content } = orderInput();
      expect(await codeOf(orders.edit(alice, 'order-1', content))).toBe('ORDER_NOT_EDITABLE');
    });

    it('answers ORDER_NOT_FOUND for another user’s order and leaves it alone', async () => {
      const { orders } = makeServices();
      const { order } = await orders.create(bob, orderInput());
      const { orderId: _, ...content } = orderInput('x', { totalAmount: 0 });
      expect(await codeOf(orders.edit(alice, 'order-1', content))).toBe('ORDER_NOT_FOUND');
      expect(await orders.get(bob, 'order-1')).toEqual(order);
    });
  });

  describe('cancel', () => {
    it('cancels 599 seconds after placing, not 600', async () => {
      const { orders, clock } = makeServices(START);
      await orders.create(alice, orderInput('early'));
      await orders.create(alice, orderInput('late'));
      clock.advance(599);
      expect((await orders.cancel(alice, 'early')).status).toBe('CANCELED');
      clock.advance(1);
      const error = await errorOf(orders.cancel(alice, 'late'));
      expect(error.code).toBe('ORDER_NOT_CANCELABLE');
      expect(error.detail).toContain('600 seconds ago');
    });

    it.each(['ACKNOWLEDGED', 'CANCELED'])('refuses an order that is %s, saying why', async (status) => {
      const { orders } = makeServices();
      await orders.create(alice, orderInput());
      if (status === 'ACKNOWLEDGED') await orders.acknowledge('alice', 'order-1');
      else await orders.cancel(alice, 'order-1');
      const error = await errorOf(orders.cancel(alice, 'order-1'));
      expect(error.code).toBe('ORDER_NOT_CANCELABLE');
      expect(error.detail).toContain(status);
    });

    it('answers ORDER_NOT_FOUND for another user’s order', async () => {
      const { orders } = makeServices();
      await orders.create(bob, orderInput());
      expect(await codeOf(orders.cancel(alice, 'order-1'))).toBe('ORDER_NOT_FOUND');
      expect((await orders.get(bob, 'order-1')).status).toBe('PLACED');
    });

    it('lets exactly one of 50 concurrent cancels succeed', async () => {
      const { orders } = makeServices();
      await orders.create(alice, orderInput());
      const codes = await Promise.all(
        Array.from({ length: 50 }, () => codeOf(orders.cancel(alice, 'order-1'))),
      );
      expect(codes.filter((c) => c === 'resolved')).toHaveLength(1);
      expect(codes.filter((c) => c === 'ORDER_NOT_CANCELABLE')).toHaveLength(49);
    });
  });

  describe('acknowledge', () => {
    it('acknowledges a PLACED order once', async () => {
      const { orders } = makeServices();
      await orders.create(alice, orderInput());
      expect((await orders.acknowledge('alice', 'order-1')).status).toBe('ACKNOWLEDGED');
      expect(await codeOf(orders.acknowledge('alice', 'order-1'))).toBe('ORDER_NOT_EDITABLE');
      expect(await codeOf(orders.acknowledge('alice', 'missing'))).toBe('ORDER_NOT_FOUND');
    });
  });
});
