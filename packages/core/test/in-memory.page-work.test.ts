import { beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemoryOrderRepository, InMemoryUserRepository } from '../src/in-memory/index.js';
import { sampleOrder, sampleUser } from '../src/testing/index.js';

/** Every key comparison the in-memory stores make, counted (the real comparison still decides). */
const comparisons = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/in-memory/key-order.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/in-memory/key-order.js')>();
  return {
    compareKeys: (a: string, b: string) => {
      comparisons.count++;
      return original.compareKeys(a, b);
    },
  };
});

const counted = async <T>(work: () => Promise<T>): Promise<{ result: T; comparisons: number }> => {
  comparisons.count = 0;
  const result = await work();
  return { result, comparisons: comparisons.count };
};

/**
 * What one binary search over `n` keys makes: between ⌊log₂ n⌋ and ⌈log₂ (n + 1)⌉ comparisons.
 * The lower bound makes sure the store's own comparison is the one counted.
 */
const expectOneSearch = (comparisons: number, n: number) => {
  expect(comparisons).toBeGreaterThanOrEqual(Math.floor(Math.log2(n)));
  expect(comparisons).toBeLessThanOrEqual(Math.ceil(Math.log2(n + 1)));
};
const idOf = (index: number) => `order-${String(index).padStart(6, '0')}`;

describe('an in-memory page costs what the page holds, not what the store holds', () => {
  const OWN = 20_000;
  const repo = new InMemoryOrderRepository();
  const lister = 'lister';
  beforeAll(async () => {
    // Written in a scrambled order (a stride coprime to OWN), among other users' orders.
    for (let step = 0; step < OWN; step++) {
      await repo.create(sampleOrder({ userId: lister, orderId: idOf((step * 7919) % OWN) }));
      await repo.create(sampleOrder({ userId: `other-${step % 100}` }));
    }
  });

  it('reads a first page with no comparison at all', async () => {
    const { result, comparisons } = await counted(() => repo.listByUser(lister, { limit: 50 }));
    expect(result.items.map((order) => order.orderId)).toEqual(Array.from({ length: 50 }, (_, i) => idOf(i)));
    expect(result.lastKey).toBe(idOf(49));
    expect(comparisons).toBe(0);
  });

  it.each([
    ['a stored key deep in the list', idOf(OWN - 60), OWN - 59],
    ['a key between two stored ones', `${idOf(12_345)}-`, 12_346],
    ['a key before every stored one', 'a', 0],
  ])('seeks to %s with one binary search', async (_, after, first) => {
    const { result, comparisons } = await counted(() => repo.listByUser(lister, { limit: 50, after }));
    expect(result.items.map((order) => order.orderId)).toEqual(
      Array.from({ length: 50 }, (_, i) => idOf(first + i)),
    );
    expectOneSearch(comparisons, OWN);
  });

  it('ends the list on the last page without a lastKey', async () => {
    const { result, comparisons } = await counted(() =>
      repo.listByUser(lister, { limit: 50, after: idOf(OWN - 11) }),
    );
    expect(result).toEqual({ items: expect.any(Array) });
    expect(result.items).toHaveLength(10);
    expectOneSearch(comparisons, OWN);
  });

  it('places a new order with one binary search, and edits it with none', async () => {
    const order = sampleOrder({ userId: lister, orderId: `${idOf(777)}-new` });
    expectOneSearch((await counted(() => repo.create(order))).comparisons, OWN);
    const { result, comparisons } = await counted(() => repo.acknowledge(lister, order.orderId));
    expect(result.ok).toBe(true);
    expect(comparisons).toBe(0);
  });
});

describe('an in-memory users page costs what the page holds', () => {
  const USERS = 20_000;
  const repo = new InMemoryUserRepository();
  const idOfUser = (index: number) => `user-${String(index).padStart(6, '0')}`;
  beforeAll(async () => {
    for (let step = 0; step < USERS; step++)
      await repo.create(sampleUser({ userid: idOfUser((step * 7919) % USERS) }));
  });

  it('seeks to the cursor with one binary search, and deletes with one', async () => {
    const { result, comparisons } = await counted(() => repo.list({ limit: 50, after: idOfUser(9_999) }));
    expect(result.items.map((user) => user.userid)).toEqual(
      Array.from({ length: 50 }, (_, i) => idOfUser(10_000 + i)),
    );
    expectOneSearch(comparisons, USERS);
    expectOneSearch((await counted(() => repo.delete(idOfUser(10_000)))).comparisons, USERS);
    expect((await repo.list({ limit: 1, after: idOfUser(9_999) })).items[0]?.userid).toBe(idOfUser(10_001));
  });
});
