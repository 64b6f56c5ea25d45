import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderRepository } from '../orders/order.repository.js';
import { CANCEL_WINDOW_SECONDS } from '../orders/order.rules.js';
import type { Order } from '../orders/order.schema.js';
import { sampleContent, sampleOrder, uniqueId } from './fixtures.js';

const at = (order: Order, seconds: number) => new Date(Date.parse(order.orderTime) + seconds * 1000);

/**
 * The behaviour every `OrderRepository` must have. `setup` is called once; every test uses
 * fresh ids, so one store serves the whole suite.
 */
export function describeOrderRepositoryContract(name: string, setup: () => Promise<OrderRepository>): void {
  describe(`OrderRepository contract: ${name}`, () => {
    let repo: OrderRepository;
    beforeAll(async () => {
      repo = await setup();
    });

    const placed = async (overrides: Partial<Order> = {}) => {
      const order = sampleOrder(overrides);
      await repo.create(order);
      return order;
    };

    it('stores a new order and reads it back unchanged, money exact', async () => {
      const order = sampleOrder({ totalAmount: 19.97, restaurantId: 'r-1' });
      expect(await repo.create(order)).toEqual({ created: true });
      expect(await repo.get(order.userId, order.orderId)).toEqual(order);
    });

    it('refuses to overwrite an existing order and returns the stored one', async () => {
      const order = await placed();
      const result = await repo.create({ ...order, totalAmount: 1, orderTime: '2030-01-01T00:00:00Z' });
      expect(result).toEqual({ created: false, existing: order });
      expect(await repo.get(order.userId, order.orderId)).toEqual(order);
    });

    it('keeps the same orderId of two users apart', async () => {
      const orderId = uniqueId('order');
      const a = await placed({ orderId, totalAmount: 1 });
      const b = await placed({ orderId, totalAmount: 2 });
      expect(await repo.get(a.userId, orderId)).toEqual(a);
      expect(await repo.get(b.userId, orderId)).toEqual(b);
    });

    it('returns undefined for a missing order', async () => {
      expect(await repo.get(uniqueId('user'), uniqueId('order'))).toBeUndefined();
    });

    it('lists only the user’s orders, in orderId order, each exactly once across pages', async () => {
      const userId = uniqueId('user');
      const ids = Array.from({ length: 7 }, (_, i) => `o-${String(i).padStart(2, '0')}`);
      for (const orderId of [...ids].reverse()) await placed({ userId, orderId });
      await placed({ orderId: 'o-00' });
      const seen: string[] = [];
      let after: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await repo.listByUser(userId, { limit: 3, ...(after === undefined ? {} : { after }) });
        expect(page.items.length).toBeLessThanOrEqual(3);
        for (const order of page.items) expect(order.userId).toBe(userId);
        seen.push(...page.items.map((order) => order.orderId));
        if (page.lastKey === undefined) break;
        after = page.lastKey;
      }
      expect(seen).toEqual(ids);
    });

    it('lists orderIds in byte order: - before digits before upper case before _ before lower case', async () => {
      const userId = uniqueId('user');
      const ids = ['-', '-a', '0', '10', '9', 'A', 'Z', '_', '__', 'a', 'a-', 'a0', 'aA', 'a_', 'aa', 'z'];
      for (const orderId of [...ids].reverse()) await placed({ userId, orderId });
      const first = await repo.listByUser(userId, { limit: 5 });
      const rest = await repo.listByUser(userId, { limit: 100, after: 'Z' });
      expect(first.items.map((order) => order.orderId)).toEqual(ids.slice(0, 5));
      expect(rest.items.map((order) => order.orderId)).toEqual(ids.slice(ids.indexOf('Z') + 1));
      expect(rest.lastKey).toBeUndefined();
    });

    it('lists nothing for a user without orders', async () => {
      expect(await repo.listByUser(uniqueId('user'), { limit: 10 })).toEqual({ items: [] });
    });

    describe('edit', () => {
      it('replaces the content of a PLACED order and keeps the rest', async () => {
        const order = await placed();
        const content = sampleContent({ restaurantId: 7, totalAmount: 25.97 });
        const result = await repo.edit(order.userId, order.orderId, content, {
          status: 'PLACED',
          orderTime: order.orderTime,
        });
        const expected = { ...order, ...content };
        expect(result).toEqual({ ok: true, order: expected });
        expect(await repo.get(order.userId, order.orderId)).toEqual(expected);
      });

      it.each([
        ['absent', undefined],
        ['ACKNOWLEDGED', 'ACKNOWLEDGED'],
        ['CANCELED', 'CANCELED'],
      ] as const)('refuses an order that is %s and changes nothing', async (_, status) => {
        const order = status === undefined ? sampleOrder() : await placed({ status });
        const result = await repo.edit(order.userId, order.orderId, sampleContent({ totalAmount: 1 }), {});
        expect(result).toEqual(
          status === undefined
            ? { ok: false, reason: 'absent' }
            : { ok: false, reason: 'wrong-status', status },
        );
        expect(await repo.get(order.userId, order.orderId)).toEqual(status === undefined ? undefined : order);
      });

      it.each([
        ['status', { status: 'CANCELED' }],
        ['orderTime', { orderTime: '2020-01-01T00:00:00Z' }],
      ] as const)('refuses a changed read-only %s and changes nothing', async (field, echo) => {
        const order = await placed();
        const result = await repo.edit(order.userId, order.orderId, sampleContent({ totalAmount: 1 }), echo);
        expect(result).toEqual({ ok: false, reason: 'read-only', field });
        expect(await repo.get(order.userId, order.orderId)).toEqual(order);
      });
    });

    describe('cancel', () => {
      it(`cancels a PLACED order ${CANCEL_WINDOW_SECONDS - 1} seconds after it was placed`, async () => {
        const order = await placed();
        const result = await repo.cancel(order.userId, order.orderId, at(order, CANCEL_WINDOW_SECONDS - 1));
        expect(result).toEqual({ ok: true, order: { ...order, status: 'CANCELED' } });
        expect((await repo.get(order.userId, order.orderId))?.status).toBe('CANCELED');
      });

      it.each([CANCEL_WINDOW_SECONDS, CANCEL_WINDOW_SECONDS + 0.5, 86_400])(
        'refuses to cancel %s seconds after it was placed',
        async (seconds) => {
          const order = await placed();
          const result = await repo.cancel(order.userId, order.orderId, at(order, seconds));
          expect(result).toEqual({ ok: false, reason: 'too-late', secondsSincePlaced: Math.floor(seconds) });
          expect(await repo.get(order.userId, order.orderId)).toEqual(order);
        },
      );

      it.each(['ACKNOWLEDGED', 'CANCELED'] as const)(
        'refuses to cancel an order that is %s',
        async (status) => {
          const order = await placed({ status });
          expect(await repo.cancel(order.userId, order.orderId, at(order, 1))).toEqual({
            ok: false,
            reason: 'wrong-status',
            status,
          });
        },
      );

      it('reports a missing order as absent', async () => {
        expect(await repo.cancel(uniqueId('user'), uniqueId('order'), new Date())).toEqual({
          ok: false,
          reason: 'absent',
        });
      });

      it('lets exactly one of 50 concurrent cancels succeed', async () => {
        const order = await placed();
        const results = await Promise.all(
          Array.from({ length: 50 }, () => repo.cancel(order.userId, order.orderId, at(order, 10))),
        );
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.filter((result) => !result.ok && result.reason === 'wrong-status')).toHaveLength(49);
      });

      it('never lets an edit land after a concurrent cancel', async () => {
        const order = await placed();
        const content = sampleContent({ totalAmount: 99 });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? repo
                  .edit(order.userId, order.orderId, content, {})
                  .then((r) => ({ kind: 'edit' as const, r }))
              : repo
                  .cancel(order.userId, order.orderId, at(order, 10))
                  .then((r) => ({ kind: 'cancel' as const, r })),
          ),
        );
        const stored = await repo.get(order.userId, order.orderId);
        expect(stored?.status).toBe('CANCELED');
        expect(results.filter(({ kind, r }) => kind === 'cancel' && r.ok)).toHaveLength(1);
        const cancel = results.find(({ kind, r }) => kind === 'cancel' && r.ok);
        const canceledContent = cancel?.r.ok ? cancel.r.order.totalAmount : undefined;
        expect(stored?.totalAmount).toBe(canceledContent);
      });
    });

    describe('acknowledge', () => {
      it('acknowledges a PLACED order', async () => {
        const order = await placed();
        expect(await repo.acknowledge(order.userId, order.orderId)).toEqual({
          ok: true,
          order: { ...order, status: 'ACKNOWLEDGED' },
        });
      });

      it.each(['ACKNOWLEDGED', 'CANCELED'] as const)('refuses an order that is %s', async (status) => {
        const order = await placed({ status });
        expect(await repo.acknowledge(order.userId, order.orderId)).toEqual({
          ok: false,
          reason: 'wrong-status',
          status,
        });
      });

      it('reports a missing order as absent', async () => {
        expect(await repo.acknowledge(uniqueId('user'), uniqueId('order'))).toEqual({
          ok: false,
          reason: 'absent',
        });
      });
    });
  });
}
