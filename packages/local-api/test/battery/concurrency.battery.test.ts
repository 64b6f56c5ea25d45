import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatteryTarget,
  canonical,
  type HttpResponse,
  type Identity,
  newOrder,
  report,
  sleep,
  startBatteryTarget,
} from './support.js';

const IDENTICAL_POSTS = 100;
const CONCURRENT_CANCELS = 50;
const EDITS = 25;
const CANCELS = 25;
const RACE_ROUNDS = 4;
/** Retries of a client that got 409 IDEMPOTENCY_IN_PROGRESS, honouring Retry-After. */
const MAX_RETRIES = 10;

const contentOf = (order: { restaurantId: unknown; orderItems: unknown; totalAmount: unknown }) =>
  canonical({
    restaurantId: order.restaurantId,
    orderItems: order.orderItems,
    totalAmount: order.totalAmount,
  });

/** Races on one order, through the HTTP API on dynalite: conditional writes must hold. */
describe('battery: concurrency on one key (dynamodb storage)', () => {
  let target: BatteryTarget;
  let user: Identity;

  beforeAll(async () => {
    target = await startBatteryTarget({ maxSockets: 128 });
    user = await target.http.identity();
  });

  afterAll(async () => {
    await target?.close();
  });

  it(`creates exactly one order from ${IDENTICAL_POSTS} concurrent identical POSTs, and every retrying client converges on its body`, async () => {
    const body = newOrder('race-identical');
    const first = await Promise.all(
      Array.from({ length: IDENTICAL_POSTS }, () => target.http.post('/orders', { token: user.token, body })),
    );
    const ok = first.filter((response) => response.status === 200);
    const inProgress = first.filter((response) => response.status === 409);
    const others = first.filter((response) => response.status !== 200 && response.status !== 409);
    expect(others.map((response) => `${response.status} ${response.text}`)).toEqual([]);
    expect(new Set(ok.map((response) => response.text)).size).toBe(1);
    for (const response of inProgress) {
      expect(response.json.code).toBe('IDEMPOTENCY_IN_PROGRESS');
      expect(response.headers['retry-after']).toBe('1');
    }

    const retry = async (response: HttpResponse): Promise<HttpResponse> => {
      let current = response;
      for (let attempt = 0; attempt < MAX_RETRIES && current.status === 409; attempt++) {
        await sleep(Number(current.headers['retry-after']) * 1000);
        current = await target.http.post('/orders', { token: user.token, body });
      }
      return current;
    };
    const final = await Promise.all(first.map(retry));
    const bodies = new Set(final.map((response) => `${response.status} ${response.text}`));
    const stored = (await target.scan('orders')).filter(
      (item) => item.userId === user.sub && item.orderId === body.orderId,
    );

    report(
      `Concurrency: ${IDENTICAL_POSTS} identical POSTs → ${stored.length} order, ${ok.length}×200 + ${inProgress.length}×409 (Retry-After), ${final.filter((r) => r.status === 200).length} clients converged on ${bodies.size} body`,
    );
    expect(bodies.size).toBe(1);
    expect(final.every((response) => response.status === 200)).toBe(true);
    if (ok.length > 0) expect(final[0]?.text).toBe(ok[0]?.text);
    expect(stored).toHaveLength(1);
  });

  it(`lets exactly one of ${CONCURRENT_CANCELS} concurrent cancels through`, async () => {
    const created = await target.http.post('/orders', { token: user.token, body: newOrder('race-cancel') });
    expect(created.status).toBe(200);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT_CANCELS }, () =>
        target.http.delete('/orders/race-cancel', { token: user.token }),
      ),
    );
    const ok = responses.filter((response) => response.status === 200);
    const refused = responses.filter(
      (response) => response.status === 400 && response.json.code === 'ORDER_NOT_CANCELABLE',
    );

    report(`Concurrency: ${CONCURRENT_CANCELS} concurrent cancels → ${ok.length}×200, ${refused.length}×400`);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(CONCURRENT_CANCELS - 1);
    expect(ok[0]?.json.status).toBe('CANCELED');
  });

  it(`lands no edit after the cancel when ${EDITS} edits race ${CANCELS} cancels (${RACE_ROUNDS} rounds)`, async () => {
    let editsBefore = 0;
    let editsAfter = 0;
    let editsRefused = 0;
    for (let round = 0; round < RACE_ROUNDS; round++) {
      const orderId = `race-edit-cancel-${round}`;
      expect((await target.http.post('/orders', { token: user.token, body: newOrder(orderId) })).status).toBe(
        200,
      );
      const edit = (index: number) =>
        target.http.put(`/orders/${orderId}`, {
          token: user.token,
          body: {
            restaurantId: 100 + index,
            orderItems: [{ id: index + 1, name: `Edit ${index}`, price: index, quantity: 1 }],
            totalAmount: index,
          },
        });
      // Interleaved: edit 0, cancel 0, edit 1, cancel 1, …
      const requests = Array.from({ length: EDITS + CANCELS }, (_, index) =>
        index % 2 === 0
          ? edit(index / 2).then((r) => ({ kind: 'edit' as const, r }))
          : target.http
              .delete(`/orders/${orderId}`, { token: user.token })
              .then((r) => ({ kind: 'cancel' as const, r })),
      );
      const outcomes = await Promise.all(requests);
      const cancels = outcomes.filter((outcome) => outcome.kind === 'cancel');
      const edits = outcomes.filter((outcome) => outcome.kind === 'edit');
      const canceled = cancels.filter((outcome) => outcome.r.status === 200);
      expect(canceled).toHaveLength(1);
      expect(
        cancels.filter(
          (outcome) => outcome.r.status === 400 && outcome.r.json.code === 'ORDER_NOT_CANCELABLE',
        ),
      ).toHaveLength(CANCELS - 1);
      for (const outcome of edits) {
        expect([200, 400]).toContain(outcome.r.status);
        if (outcome.r.status === 400) expect(outcome.r.json.code).toBe('ORDER_NOT_EDITABLE');
        else expect(outcome.r.json.status).toBe('PLACED');
      }
      const atCancel = canceled[0]?.r.json;
      const stored = await target.http.get(`/orders/${orderId}`, { token: user.token });
      expect(stored.json.status).toBe('CANCELED');
      // The stored content is the content the cancel saw: no edit landed after it.
      const landedAfter = contentOf(stored.json) !== contentOf(atCancel);
      const accepted = edits.filter((outcome) => outcome.r.status === 200);
      editsBefore += accepted.length;
      editsRefused += edits.length - accepted.length;
      if (landedAfter) editsAfter++;
      // The content at cancel time is the last accepted edit's, or the original when none landed.
      const expectedContents = new Set([
        contentOf(newOrder(orderId)),
        ...accepted.map((outcome) => contentOf(outcome.r.json)),
      ]);
      expect(expectedContents.has(contentOf(atCancel))).toBe(true);
    }

    report(
      `Concurrency: ${EDITS} edits vs ${CANCELS} cancels × ${RACE_ROUNDS} rounds → ${RACE_ROUNDS}×1 cancel, ${editsBefore} edits before it, ${editsRefused} refused, ${editsAfter} after it`,
    );
    expect(editsAfter).toBe(0);
  });
});
