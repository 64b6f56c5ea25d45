import {
  buildServices,
  CANCEL_WINDOW_SECONDS,
  type CoreServices,
  isDomainError,
  type Principal,
} from '@app/core';
import { ManualClock } from '@app/core/in-memory';
import { sampleContent, uniqueId } from '@app/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbAdapters } from '../src/index.js';
import { countCalls, type ServerKind, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

interface Row {
  operation: string;
  calls: number;
  byOperation: Record<string, number>;
}

const admin: Principal = { sub: 'admin-1', groups: ['apiAdmins'], isAdmin: true };
const customer = (): Principal => ({ sub: uniqueId('user'), groups: [], isAdmin: false });
const codeOf = (error: unknown) => (isDomainError(error) ? error.code : error);

/**
 * The DynamoDB requests behind each use case, retries included, measured with an SDK
 * middleware. A refusal costs one more request when the server does not return the refused
 * item: DynamoDB never does for an absent item, dynalite never does at all; moto returns it, as
 * DynamoDB does (`ReturnValuesOnConditionCheckFailure: ALL_OLD`).
 */
describe.each<{ server: string; kind: ServerKind; returnsItem: boolean }>([
  { server: 'moto (refused write returns the item, as DynamoDB)', kind: 'moto', returnsItem: true },
  { server: 'dynalite (refused write returns no item)', kind: 'dynalite', returnsItem: false },
])('DynamoDB calls per operation: $server', ({ server, kind, returnsItem }) => {
  const rows: Row[] = [];
  let db: TestDatabase;
  let services: CoreServices;
  let counter: ReturnType<typeof countCalls>;
  let clock: ManualClock;
  /** A refusal explained without a read when the server returned the item, else with one. */
  const refusal = returnsItem ? 1 : 2;

  beforeAll(async () => {
    db = await startTestDatabase(`calls-${kind}`, kind);
    const client = db.client();
    counter = countCalls(client);
    clock = new ManualClock(new Date('2026-01-01T12:00:00Z'));
    services = buildServices({
      ...createDynamoDbAdapters({ client, tables: db.tables }),
      cursorSigningKey: 'call-count-signing-key',
      clock,
    });
  });

  afterAll(async () => {
    await db?.close();
    console.log(
      [
        `DynamoDB calls per operation — ${server}`,
        ...rows.map(
          ({ operation, calls, byOperation }) =>
            `  ${operation.padEnd(52)} ${String(calls).padStart(2)}  ${Object.entries(byOperation)
              .map(([name, n]) => `${name}×${n}`)
              .join(' ')}`,
        ),
      ].join('\n'),
    );
  });

  const measure = async <T>(operation: string, action: () => Promise<T>) => {
    const { result, byOperation, total } = await counter.during(() => action().catch(codeOf));
    rows.push({ operation, calls: total, byOperation });
    return { result, calls: total };
  };

  it('costs one call per user operation', async () => {
    const userid = uniqueId('user');
    const owner: Principal = { sub: userid, groups: [], isAdmin: false };
    expect(
      (await measure('user create', () => services.users.create(admin, { userid, name: 'A' }))).calls,
    ).toBe(1);
    expect((await measure('user get', () => services.users.get(owner, userid))).calls).toBe(1);
    expect(
      (await measure('user put', () => services.users.replace(owner, userid, { name: 'B' }))).calls,
    ).toBe(1);
    expect((await measure('user list, one page', () => services.users.list(admin, { limit: 2 }))).calls).toBe(
      1,
    );
    expect((await measure('user delete', () => services.users.delete(owner, userid))).calls).toBe(1);
  });

  it('costs one call per refused user operation', async () => {
    const userid = uniqueId('user');
    const owner: Principal = { sub: userid, groups: [], isAdmin: false };
    await services.users.create(admin, { userid, name: 'A' });
    const exists = await measure('user create, id exists (refused)', () =>
      services.users.create(admin, { userid, name: 'B' }),
    );
    expect(exists).toEqual({ result: 'USER_EXISTS', calls: 1 });
    const stale = await measure('user put, stale timestamp echo (refused)', () =>
      services.users.replace(owner, userid, { name: 'C', timestamp: '2000-01-01T00:00:00.000Z' }),
    );
    expect(stale).toEqual({ result: 'READ_ONLY_FIELD', calls: 1 });
    await services.users.delete(owner, userid);
    expect(await measure('user get, absent', () => services.users.get(owner, userid))).toEqual({
      result: 'USER_NOT_FOUND',
      calls: 1,
    });
    expect(await measure('user delete, absent', () => services.users.delete(owner, userid))).toEqual({
      result: 'USER_NOT_FOUND',
      calls: 1,
    });
  });

  it('costs at most 3 calls to create an order, 1 per other order operation', async () => {
    const caller = customer();
    const request = { orderId: uniqueId('order'), ...sampleContent() };
    const first = await measure('order create, first request', () => services.orders.create(caller, request));
    expect(first.calls).toBeLessThanOrEqual(3);
    const replay = await measure('order create, replay', () => services.orders.create(caller, request));
    expect(replay.calls).toBe(refusal);
    expect(replay.result).toEqual({ order: (first.result as { order: unknown }).order, replayed: true });
    const orderId = request.orderId;
    expect((await measure('order get', () => services.orders.get(caller, orderId))).calls).toBe(1);
    expect(
      (await measure('order list, one page', () => services.orders.list(caller, { limit: 10 }))).calls,
    ).toBe(1);
    const edit = { ...sampleContent({ totalAmount: 25.5 }) };
    expect((await measure('order edit', () => services.orders.edit(caller, orderId, edit))).calls).toBe(1);
    expect((await measure('order cancel', () => services.orders.cancel(caller, orderId))).calls).toBe(1);
    const other = { orderId: uniqueId('order'), ...sampleContent() };
    await services.orders.create(caller, other);
    const acknowledge = await measure('order acknowledge', () =>
      services.orders.acknowledge(caller.sub, other.orderId),
    );
    expect(acknowledge.calls).toBe(1);
  });

  it('costs at most 2 calls for a refused order operation', async () => {
    const caller = customer();
    const request = { orderId: uniqueId('order'), ...sampleContent() };
    await services.orders.create(caller, request);
    const reused = await measure('order create, same key, other payload (refused)', () =>
      services.orders.create(caller, { ...request, totalAmount: 1 }),
    );
    expect(reused).toEqual({ result: 'IDEMPOTENCY_KEY_REUSED', calls: refusal });
    await services.orders.cancel(caller, request.orderId);
    const edit = await measure('order edit, CANCELED (refused)', () =>
      services.orders.edit(caller, request.orderId, sampleContent()),
    );
    expect(edit).toEqual({ result: 'ORDER_NOT_EDITABLE', calls: refusal });
    const acknowledge = await measure('order acknowledge, CANCELED (refused)', () =>
      services.orders.acknowledge(caller.sub, request.orderId),
    );
    expect(acknowledge).toEqual({ result: 'ORDER_NOT_EDITABLE', calls: refusal });
    const late = { orderId: uniqueId('order'), ...sampleContent() };
    await services.orders.create(caller, late);
    clock.advance(CANCEL_WINDOW_SECONDS);
    const tooLate = await measure('order cancel, 600 s after it was placed (refused)', () =>
      services.orders.cancel(caller, late.orderId),
    );
    expect(tooLate).toEqual({ result: 'ORDER_NOT_CANCELABLE', calls: refusal });
    const absent = uniqueId('order');
    expect(await measure('order cancel, absent', () => services.orders.cancel(caller, absent))).toEqual({
      result: 'ORDER_NOT_FOUND',
      calls: 2,
    });
    expect(
      await measure('order edit, absent', () => services.orders.edit(caller, absent, sampleContent())),
    ).toEqual({ result: 'ORDER_NOT_FOUND', calls: 2 });
    expect(await measure('order get, absent', () => services.orders.get(caller, absent))).toEqual({
      result: 'ORDER_NOT_FOUND',
      calls: 1,
    });
  });
});
