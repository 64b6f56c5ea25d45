import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryOrderRepository, InMemoryUserRepository } from '../src/in-memory/index.js';
import { OrderedMap } from '../src/in-memory/ordered-map.js';
import type { OrderRepository } from '../src/orders/order.repository.js';
import {
  ACKNOWLEDGED,
  acknowledgeRejection,
  CANCELED,
  cancelRejection,
  editRejection,
  type TransitionRejection,
} from '../src/orders/order.rules.js';
import type { Order } from '../src/orders/order.schema.js';
import type { Page, PageRequest } from '../src/pagination/page.js';
import { sampleContent, sampleOrder, sampleUser } from '../src/testing/index.js';
import type { User } from '../src/users/user.schema.js';
import { idArb } from './arbitraries.js';
import { sortAndSlice } from './helpers/sort-and-slice.js';

/**
 * Ids that sort apart from how they read: `-` before digits before upper case before `_` before
 * lower case, a prefix before its extensions, `10` before `9`; plus any valid id.
 */
const SPECIAL_IDS = [
  '-',
  '--',
  '0',
  '09',
  '1',
  '10',
  '9',
  'A',
  'Z',
  '_',
  '__',
  'a',
  'a-',
  'a0',
  'aA',
  'a_',
  'aa',
  'z',
];
const keyArb = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...SPECIAL_IDS) },
  { weight: 1, arbitrary: idArb },
);
const limitArb = fc.integer({ min: 1, max: 8 });
/** Where a page starts: the start, where the caller's last page ended, or any key (stored or not). */
const fromArb = fc.oneof(
  fc.constant({ kind: 'start' as const }),
  fc.constant({ kind: 'next' as const }),
  keyArb.map((key) => ({ kind: 'after' as const, key })),
);

/** Both the JSON and the value: "the same page" means byte for byte, in the same key order. */
const expectSame = (actual: unknown, expected: unknown) => {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
  expect(actual).toEqual(expected);
};

type From = { kind: 'start' } | { kind: 'next' } | { kind: 'after'; key: string };

/** Pages that continue where the previous one of the same caller ended, while writes go on. */
class Cursors {
  readonly #last = new Map<string, string | undefined>();

  request(owner: string, limit: number, from: From): PageRequest {
    const after = from.kind === 'after' ? from.key : from.kind === 'next' ? this.#last.get(owner) : undefined;
    return { limit, ...(after === undefined ? {} : { after }) };
  }

  ended(owner: string, lastKey: string | undefined): void {
    this.#last.set(owner, lastKey);
  }
}

const USERS = ['u-1', 'u-2'];
const userArb = fc.constantFrom(...USERS);
const PLACED_AT = '2026-01-01T12:00:00Z';

const orderStepArb = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    user: userArb,
    orderId: keyArb,
    status: fc.constantFrom('PLACED', 'PLACED', 'ACKNOWLEDGED', 'CANCELED'),
    total: fc.integer({ min: 0, max: 99 }),
  }),
  fc.record({
    op: fc.constant('edit' as const),
    user: userArb,
    orderId: keyArb,
    total: fc.integer({ min: 0, max: 99 }),
  }),
  fc.record({
    op: fc.constant('cancel' as const),
    user: userArb,
    orderId: keyArb,
    seconds: fc.constantFrom(1, 600),
  }),
  fc.record({ op: fc.constant('acknowledge' as const), user: userArb, orderId: keyArb }),
  fc.record({ op: fc.constant('get' as const), user: userArb, orderId: keyArb }),
  fc.record({ op: fc.constant('list' as const), user: userArb, limit: limitArb, from: fromArb }),
  fc.record({ op: fc.constant('list' as const), user: userArb, limit: limitArb, from: fromArb }),
);
type OrderStep = typeof orderStepArb extends fc.Arbitrary<infer S> ? S : never;

/** The model: what is stored, per user, in a plain Map; pages by sorting it all. */
async function runOrderStep(
  repo: OrderRepository,
  model: Map<string, Map<string, Order>>,
  cursors: Cursors,
  step: OrderStep,
): Promise<void> {
  const orders = model.get(step.user) ?? new Map<string, Order>();
  model.set(step.user, orders);
  /** A state change: refused as the rule says (nothing stored changes), or applied. */
  const transition = async (
    orderId: string,
    actual: Promise<unknown>,
    rejection: (current: Order | undefined) => TransitionRejection | undefined,
    change: Partial<Order>,
  ) => {
    const current = orders.get(orderId);
    const refused = rejection(current);
    if (refused !== undefined || current === undefined) {
      expectSame(await actual, { ok: false, ...(refused ?? { reason: 'absent' }) });
      return;
    }
    const updated = { ...current, ...change };
    expectSame(await actual, { ok: true, order: updated });
    orders.set(orderId, updated);
  };
  switch (step.op) {
    case 'create': {
      const order = sampleOrder({
        userId: step.user,
        orderId: step.orderId,
        status: step.status,
        orderTime: PLACED_AT,
        totalAmount: step.total,
      });
      const existing = orders.get(step.orderId);
      expectSame(
        await repo.create(order),
        existing === undefined ? { created: true } : { created: false, existing },
      );
      if (existing === undefined) orders.set(step.orderId, order);
      return;
    }
    case 'edit': {
      const content = sampleContent({ totalAmount: step.total });
      const actual = repo.edit(step.user, step.orderId, content, {});
      return transition(step.orderId, actual, (current) => editRejection(current, {}), content);
    }
    case 'cancel': {
      const now = new Date(Date.parse(PLACED_AT) + step.seconds * 1000);
      const actual = repo.cancel(step.user, step.orderId, now);
      return transition(step.orderId, actual, (current) => cancelRejection(current, now), {
        status: CANCELED,
      });
    }
    case 'acknowledge': {
      const actual = repo.acknowledge(step.user, step.orderId);
      return transition(step.orderId, actual, acknowledgeRejection, { status: ACKNOWLEDGED });
    }
    case 'get':
      expectSame(await repo.get(step.user, step.orderId), orders.get(step.orderId));
      return;
    case 'list': {
      const request = cursors.request(step.user, step.limit, step.from);
      const page = await repo.listByUser(step.user, request);
      expectSame(
        page,
        sortAndSlice(orders.values(), (order) => order.orderId, request),
      );
      cursors.ended(step.user, page.lastKey);
    }
  }
}

const userStepArb = fc.oneof(
  fc.record({ op: fc.constant('create' as const), userid: keyArb, name: fc.constantFrom('Ann', 'Bo') }),
  fc.record({
    op: fc.constant('replace' as const),
    userid: keyArb,
    name: fc.constantFrom('Cy', 'Di'),
    expect: fc.constantFrom('none', 'current', 'stale'),
  }),
  fc.record({ op: fc.constant('delete' as const), userid: keyArb }),
  fc.record({ op: fc.constant('get' as const), userid: keyArb }),
  fc.record({ op: fc.constant('list' as const), limit: limitArb, from: fromArb }),
  fc.record({ op: fc.constant('list' as const), limit: limitArb, from: fromArb }),
);
type UserStep = typeof userStepArb extends fc.Arbitrary<infer S> ? S : never;

async function runUserStep(
  repo: InMemoryUserRepository,
  model: Map<string, User>,
  cursors: Cursors,
  step: UserStep,
  index: number,
): Promise<void> {
  const timestamp = new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString();
  switch (step.op) {
    case 'create': {
      const user = sampleUser({ userid: step.userid, name: step.name, timestamp });
      const absent = !model.has(step.userid);
      expect(await repo.create(user)).toBe(absent);
      if (absent) model.set(step.userid, user);
      return;
    }
    case 'replace': {
      const user = sampleUser({ userid: step.userid, name: step.name, timestamp });
      const stored = model.get(step.userid)?.timestamp;
      const expected =
        step.expect === 'none'
          ? undefined
          : step.expect === 'current'
            ? (stored ?? timestamp)
            : '1999-01-01T00:00:00.000Z';
      const allowed = expected === undefined || expected === stored;
      expectSame(
        await repo.replace(user, expected),
        allowed ? { ok: true, user } : { ok: false, reason: 'stale-timestamp' },
      );
      if (allowed) model.set(step.userid, user);
      return;
    }
    case 'delete':
      expect(await repo.delete(step.userid)).toBe(model.delete(step.userid));
      return;
    case 'get':
      expectSame(await repo.get(step.userid), model.get(step.userid));
      return;
    case 'list': {
      const request = cursors.request('admin', step.limit, step.from);
      const page = await repo.list(request);
      expectSame(
        page,
        sortAndSlice(model.values(), (user) => user.userid, request),
      );
      cursors.ended('admin', page.lastKey);
    }
  }
}

/** Every page from the first to the last, two at a time, each as the model's. */
async function expectSameWalk<T>(
  listPage: (request: PageRequest) => Promise<Page<T>>,
  stored: Iterable<T>,
  keyOf: (item: T) => string,
): Promise<void> {
  const items = [...stored];
  let request: PageRequest = { limit: 2 };
  for (let pages = 0; pages <= items.length; pages++) {
    const page = await listPage(request);
    expectSame(page, sortAndSlice(items, keyOf, request));
    if (page.lastKey === undefined) return;
    request = { limit: 2, after: page.lastKey };
  }
  throw new Error('more pages than items');
}

const STEPS = { minLength: 1, maxLength: 80, size: 'medium' } as const;

describe('in-memory pages agree with sorting everything and slicing', () => {
  it('for orders, across creates, edits, cancels, acknowledgements and paging in between', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(orderStepArb, STEPS), async (steps) => {
        const [repo, model, cursors] = [new InMemoryOrderRepository(), new Map(), new Cursors()];
        for (const step of steps) await runOrderStep(repo, model, cursors, step);
        for (const user of USERS) {
          await expectSameWalk(
            (request) => repo.listByUser(user, request),
            model.get(user)?.values() ?? [],
            (order: Order) => order.orderId,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for users, across creates, replaces, deletes and paging in between', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(userStepArb, STEPS), async (steps) => {
        const [repo, model, cursors] = [new InMemoryUserRepository(), new Map<string, User>(), new Cursors()];
        for (const [index, step] of steps.entries()) await runUserStep(repo, model, cursors, step, index);
        await expectSameWalk(
          (request) => repo.list(request),
          model.values(),
          (user) => user.userid,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('for any strings as keys, surrogate pairs and private-use characters included', () => {
    const anyKey = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom('', '\uFFFF', '\u{1F600}', '\uE000', 'a'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), anyKey)),
        fc.array(fc.tuple(limitArb, fc.option(anyKey, { nil: undefined }))),
        (writes, pages) => {
          const [map, model] = [new OrderedMap<string>(), new Map<string, string>()];
          for (const [remove, key] of writes) {
            if (remove) expect(map.delete(key)).toBe(model.delete(key));
            else {
              map.set(key, `value of ${key}`);
              model.set(key, `value of ${key}`);
            }
          }
          expect(map.size).toBe(model.size);
          for (const [limit, after] of pages) {
            const request = { limit, ...(after === undefined ? {} : { after }) };
            const expected = sortAndSlice([...model.keys()], (key) => key, request);
            expectSame(map.page(request), {
              ...expected,
              items: expected.items.map((key) => `value of ${key}`),
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
