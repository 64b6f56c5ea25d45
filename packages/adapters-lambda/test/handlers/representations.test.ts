import type { Order } from '@app/core';
import { InMemoryOrderRepository } from '@app/core/in-memory';
import { sampleOrder } from '@app/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listBody, orderBody, orderJson, orderListJson } from '../../src/handlers/representations.js';

const orderArbitrary = fc.record({
  orderId: fc.string({ minLength: 1, maxLength: 20 }),
  restaurantId: fc.integer({ min: 1, max: 1_000_000 }),
  orderItems: fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 1000 }),
      name: fc.string({ unit: 'grapheme', maxLength: 30 }),
      price: fc.double({ min: 0, max: 10_000, noNaN: true }),
      quantity: fc.integer({ min: 1, max: 100 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  totalAmount: fc.double({ min: 0, max: 1e6, noNaN: true }),
});

type OrderContent = typeof orderArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Orders as in-memory storage hands them out: the stored, deeply frozen objects. */
async function storedOrders(contents: ReadonlyArray<OrderContent>): Promise<Order[]> {
  const repository = new InMemoryOrderRepository();
  const userId = 'user-representations';
  const seen = new Set<string>();
  for (const content of contents) {
    if (seen.has(content.orderId)) continue;
    seen.add(content.orderId);
    await repository.create(sampleOrder({ ...content, userId }));
  }
  return (await repository.listByUser(userId, { limit: 100 })).items;
}

describe('order JSON', () => {
  it('is byte for byte what JSON.stringify of the representation gives, cached or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderArbitrary, { maxLength: 8 }),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        async (contents, nextToken) => {
          const frozen = await storedOrders(contents);
          const mutable = frozen.map((order) => structuredClone(order));
          for (const items of [frozen, mutable]) {
            const result = nextToken === undefined ? { items } : { items, nextToken };
            const expected = JSON.stringify(listBody('orders', result, orderBody));
            expect(orderListJson(result)).toBe(expected);
            expect(orderListJson(result)).toBe(expected); // the second time from the cache
            for (const order of items) expect(orderJson(order)).toBe(JSON.stringify(orderBody(order)));
          }
        },
      ),
    );
  });

  it('never serves stale text for an order that can still change', () => {
    const order = sampleOrder();
    const before = orderJson(order);
    order.status = 'CANCELED';
    const after = orderJson(order);
    expect(after).not.toBe(before);
    expect(JSON.parse(after)).toMatchObject({ status: 'CANCELED' });
  });

  it('leaves out what the representation leaves out, frozen or not', async () => {
    const [stored] = await storedOrders([
      {
        orderId: 'order-1',
        restaurantId: 7,
        orderItems: [{ id: 1, name: 'Tea', price: 2, quantity: 1 }],
        totalAmount: 2,
      },
    ]);
    const withStray = Object.freeze({ ...stored!, stray: 'internal' }) as Order;
    expect(JSON.parse(orderJson(withStray))).not.toHaveProperty('stray');
  });
});
