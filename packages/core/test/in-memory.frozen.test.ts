import { describe, expect, it } from 'vitest';
import { frozenCopy, frozenInPlace } from '../src/in-memory/frozen-copy.js';
import { InMemoryIdempotency, InMemoryOrderRepository, ManualClock } from '../src/in-memory/index.js';
import { sampleOrder } from '../src/testing/index.js';

/** Writing to a frozen object throws in strict mode (every module is). */
const mutate = (change: () => void) => expect(change).toThrow(TypeError);

describe('the in-memory adapters share no mutable state', () => {
  it('store an order frozen all the way down and hand out that same frozen order', async () => {
    const repository = new InMemoryOrderRepository();
    const order = sampleOrder();
    await repository.create(order);

    const read = await repository.get(order.userId, order.orderId);
    expect(read).toEqual(order);
    expect(await repository.get(order.userId, order.orderId)).toBe(read);
    mutate(() => {
      (read as { status: string }).status = 'CANCELED';
    });
    mutate(() => {
      (read?.orderItems[0] as { quantity: number }).quantity = 99;
    });
    const page = await repository.listByUser(order.userId, { limit: 10 });
    page.items.pop();
    expect((await repository.listByUser(order.userId, { limit: 10 })).items).toEqual([order]);
  });

  it('copy an edit: the content given stays the caller’s', async () => {
    const repository = new InMemoryOrderRepository();
    const order = sampleOrder();
    await repository.create(order);
    const content = {
      restaurantId: 9,
      orderItems: [{ id: 1, name: 'Soup', price: 4, quantity: 1 }],
      totalAmount: 4,
    };
    const result = await repository.edit(order.userId, order.orderId, content, {});
    if (!result.ok) throw new Error('edit refused');

    content.orderItems[0] = { id: 2, name: 'Changed', price: 1, quantity: 1 };
    expect((await repository.get(order.userId, order.orderId))?.orderItems).toEqual([
      { id: 1, name: 'Soup', price: 4, quantity: 1 },
    ]);
    expect(Object.isFrozen(result.order.orderItems[0])).toBe(true);
  });

  it('replay the first value frozen, and keep comparing payloads whatever their key order', async () => {
    const idempotency = new InMemoryIdempotency({ clock: new ManualClock(new Date('2026-01-01T00:00:00Z')) });
    type Value = { n: number; items: Array<{ x: number }> };
    const value = (n: number): Value => ({ n, items: n === 1 ? [{ x: 1 }] : [] });
    const first = await idempotency.run({
      key: 'k',
      payload: { a: 1, b: [1, 2] },
      run: async () => value(1),
    });
    const replay = await idempotency.run({
      key: 'k',
      payload: { b: [1, 2], a: 1 },
      run: async () => value(2),
    });

    expect(replay).toEqual({ value: { n: 1, items: [{ x: 1 }] }, replayed: true });
    expect(first.value).toEqual(replay.value);
    mutate(() => {
      (replay.value.items[0] as { x: number }).x = 2;
    });
    first.value.items[0] = { x: 3 };
    const again = await idempotency.run({
      key: 'k',
      payload: { a: 1, b: [1, 2] },
      run: async () => value(3),
    });
    expect(again.value).toEqual({ n: 1, items: [{ x: 1 }] });
  });
});

describe('frozenCopy and frozenInPlace', () => {
  it('copy what is not frozen all the way down, and share what is', () => {
    const shallow = Object.freeze({ inner: { x: 1 } });
    const copied = frozenCopy(shallow);
    expect(copied).not.toBe(shallow);
    expect(Object.isFrozen(copied.inner)).toBe(true);
    shallow.inner.x = 2;
    expect(copied.inner.x).toBe(1);

    const deep = frozenInPlace({ list: [{ y: 1 }] });
    expect(frozenCopy(deep)).toBe(deep);
  });

  it('copy a value that is not plain data with structuredClone', () => {
    const date = new Date(0);
    const stored = frozenInPlace({ at: date });
    expect(stored.at).not.toBe(date);
    expect(stored.at.getTime()).toBe(0);
    expect(frozenCopy(stored)).not.toBe(stored);
  });
});
