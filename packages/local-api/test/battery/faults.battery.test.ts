import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BATTERY_SEED,
  type BatteryTarget,
  canonical,
  type HttpResponse,
  type Identity,
  newOrder,
  pool,
  report,
  seededRandom,
  sleep,
  startBatteryTarget,
} from './support.js';

const CREATES = 1_000;
const USERS = 20;
const IN_FLIGHT = 50;
/**
 * Attempts per create: the client's patience, bounded by work and never by the clock, so a loaded
 * machine (where the server's 1 s DynamoDB timeouts fire more often) needs more attempts, not a
 * different verdict. The most any create needed is reported.
 */
const MAX_ATTEMPTS = 120;

/** The server's DynamoDB client, and the gateway's timeout (= the in-progress lock's lifetime). */
const CLIENT = { maxAttempts: 2, requestTimeoutMs: 1_000, connectionTimeoutMs: 500 };
const INTEGRATION_TIMEOUT_MS = 5_000;
/** The longest a call may take with the database down: every attempt times out, plus backoff. */
const UNAVAILABLE_BOUND_MS =
  CLIENT.maxAttempts * (CLIENT.connectionTimeoutMs + CLIENT.requestTimeoutMs) + 2_000;

// biome-ignore lint/suspicious/noExplicitAny: the order as the API answered it
type AnsweredOrder = any;

type CreateResult = { ambiguous: boolean; attempts: number } & (
  | { kind: 'acknowledged'; order: AnsweredOrder }
  | { kind: 'refused'; response: HttpResponse }
  | { kind: 'gave-up'; seen: string[] }
);

const RATES = { resetBefore: 0.02, resetAfter: 0.02, drop: 0.01, delay: 0.06 };

/**
 * A seeded TCP fault proxy between the local server and dynalite: connections reset before and
 * after the request reaches the database (the second loses a reply to a write that happened),
 * requests swallowed until the client's timeout, and delays past it. Clients retry ambiguous
 * outcomes with the same orderId; afterwards every acknowledged order exists exactly once with
 * the content sent.
 */
describe('battery: faults between the server and DynamoDB', () => {
  let target: BatteryTarget;
  let users: Identity[];

  beforeAll(async () => {
    target = await startBatteryTarget({
      proxy: { seed: BATTERY_SEED, rates: RATES, delayMs: [20, 1_500] },
      dynamodbClient: CLIENT,
      server: { integrationTimeoutMs: INTEGRATION_TIMEOUT_MS },
      maxSockets: IN_FLIGHT,
    });
    users = [];
    for (let index = 0; index < USERS; index++) users.push(await target.http.identity());
  });

  afterAll(async () => {
    await target?.close();
  });

  const proxy = () => {
    if (target.proxy === undefined) throw new Error('no proxy');
    return target.proxy;
  };

  it(`loses and duplicates nothing over ${CREATES} creates with resets, drops and delays`, async () => {
    const random = seededRandom(BATTERY_SEED);
    const plan = Array.from({ length: CREATES }, (_, index) => ({
      user: users[index % USERS] as Identity,
      body: newOrder(`chaos-${index}`, {
        restaurantId: 1 + Math.floor(random() * 50),
        orderItems: [
          {
            id: index + 1,
            name: `Dish ${index}`,
            price: Math.round(random() * 5000) / 100,
            quantity: 1 + (index % 5),
          },
        ],
        totalAmount: Math.round(random() * 10_000) / 100,
      }),
    }));
    proxy().setRule(proxy().randomFaults);
    report(
      `  chaos: seed ${BATTERY_SEED}, rates ${JSON.stringify(RATES)}, ${CREATES} creates at ${IN_FLIGHT} in flight`,
    );

    const outcomes = new Map<string, number>();
    const note = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    let done = 0;
    const results = await pool(plan, IN_FLIGHT, async ({ user, body }): Promise<CreateResult> => {
      let ambiguous = false;
      const seen: string[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        let response: HttpResponse;
        try {
          response = await target.http.post('/orders', { token: user.token, body });
        } catch {
          note('network error');
          seen.push('network error');
          ambiguous = true;
          await sleep(200);
          continue;
        }
        if (response.status === 200) {
          if (++done % 250 === 0) report(`  chaos: ${done}/${CREATES} acknowledged`);
          return { kind: 'acknowledged', order: response.json, ambiguous, attempts: attempt };
        }
        const outcome = `${response.status}${response.json?.code === undefined ? '' : ` ${response.json.code}`}`;
        note(outcome);
        seen.push(outcome);
        const retryable =
          response.status >= 500 ||
          (response.status === 409 && response.json?.code === 'IDEMPOTENCY_IN_PROGRESS');
        if (!retryable) return { kind: 'refused', response, ambiguous, attempts: attempt };
        ambiguous = true;
        await sleep(Number(response.headers['retry-after'] ?? 1) * 1000);
      }
      return { kind: 'gave-up', ambiguous, attempts: MAX_ATTEMPTS, seen };
    });
    proxy().setRule(() => 'pass');

    const acknowledged = results.filter((result) => result.kind === 'acknowledged');
    const resolved = acknowledged.filter((result) => result.ambiguous).length;
    const refused = results.flatMap((result) => (result.kind === 'refused' ? [result.response.text] : []));
    const stored = await target.scan('orders');
    const byKey = new Map(stored.map((item) => [`${item.userId}/${item.orderId}`, item]));
    let lost = 0;
    let wrongContent = 0;
    for (const [index, { user, body }] of plan.entries()) {
      // The workshop's layout: the order is the item's `data` map.
      const item = byKey.get(`${user.sub}/${body.orderId}`)?.data as Record<string, unknown> | undefined;
      const result = results[index];
      if (item === undefined) {
        if (result?.kind === 'acknowledged') lost++;
        continue;
      }
      const sent = canonical({ r: body.restaurantId, i: body.orderItems, t: body.totalAmount });
      if (
        canonical({ r: item.restaurantId, i: item.orderItems, t: item.totalAmount }) !== sent ||
        item.status !== 'PLACED'
      ) {
        wrongContent++;
      }
      if (result?.kind === 'acknowledged') {
        const answered = result.order;
        if (canonical({ r: answered.restaurantId, i: answered.orderItems, t: answered.totalAmount }) !== sent)
          wrongContent++;
      }
    }
    // One item per (user, orderId) by the key; any item beyond the plan would be a duplicate.
    const duplicates =
      stored.length - byKey.size + [...byKey.keys()].filter((key) => !key.includes('/chaos-')).length;
    const extra = stored.length - plan.length;

    report(`  chaos: proxy ${JSON.stringify(proxy().stats)}`);
    report(
      `  chaos: ambiguous outcomes seen ${JSON.stringify(Object.fromEntries(outcomes))}, most attempts ${Math.max(...results.map((r) => r.attempts))}`,
    );
    report(
      `Chaos: ${acknowledged.length} acknowledged, ${resolved} ambiguous → resolved, ${lost} lost, ${duplicates + Math.max(0, extra)} duplicates`,
    );
    const gaveUp = results.flatMap((result, index) =>
      result.kind === 'gave-up' ? [`${plan[index]?.body.orderId}: ${result.seen.join(', ')}`] : [],
    );
    expect(refused).toEqual([]);
    expect(gaveUp).toEqual([]);
    expect(acknowledged).toHaveLength(CREATES);
    expect(lost).toBe(0);
    expect(wrongContent).toBe(0);
    expect(duplicates).toBe(0);
    expect(stored).toHaveLength(CREATES);
    expect(resolved).toBeGreaterThan(0);
  });

  it('answers 503 with Retry-After within the configured bound while the database refuses or hangs', async () => {
    const user = users[0] as Identity;
    for (const [state, rule] of [
      ['refusing', () => 'reset-before' as const],
      ['hung', () => 'drop' as const],
    ] as const) {
      proxy().setRule(rule);
      for (const [method, path, body] of [
        ['POST', '/orders', newOrder(`down-${state}`)],
        ['GET', '/orders/chaos-0', undefined],
        ['GET', '/orders', undefined],
      ] as const) {
        const started = Date.now();
        const response = await target.http.request(method, path, {
          token: user.token,
          ...(body === undefined ? {} : { body }),
        });
        const elapsed = Date.now() - started;
        report(
          `  database ${state}: ${method} ${path} → ${response.status} Retry-After ${response.headers['retry-after']} in ${elapsed} ms (bound ${UNAVAILABLE_BOUND_MS} ms)`,
        );
        expect(response.status).toBe(503);
        expect(response.json.code).toBe('SERVICE_UNAVAILABLE');
        expect(response.headers['retry-after']).toBe('5');
        expect(elapsed).toBeLessThanOrEqual(UNAVAILABLE_BOUND_MS);
      }
    }
    proxy().setRule(() => 'pass');
    for (const state of ['refusing', 'hung']) {
      const retried = await target.http.post('/orders', {
        token: user.token,
        body: newOrder(`down-${state}`),
      });
      expect(retried.status).toBe(200);
    }
  });

  it('leaves no idempotency record that blocks a retry beyond its in-progress expiry when the database goes down mid-request', async () => {
    const user = users[1] as Identity;
    const body = newOrder('down-mid-request');
    const idempotencyTable = target.tables.idempotency;
    let lockWritten = false;
    // The in-progress record is written, then the database goes away: the order write fails and
    // so does the record's release.
    proxy().setRule((chunk) => {
      if (lockWritten) return 'reset-before';
      if (chunk.includes('DynamoDB_20120810.PutItem') && chunk.includes(idempotencyTable)) lockWritten = true;
      return 'pass';
    });
    const started = Date.now();
    const failed = await target.http.post('/orders', { token: user.token, body });
    expect(failed.status).toBe(503);
    proxy().setRule(() => 'pass');

    const records = (await target.scan('idempotency')).filter((item) => item.status === 'INPROGRESS');
    const lock = records.sort(
      (a, b) => Number(b.in_progress_expiration) - Number(a.in_progress_expiration),
    )[0];
    expect(lock).toBeDefined();
    const expiresAt = Number(lock?.in_progress_expiration);
    expect(expiresAt).toBeLessThanOrEqual(started + INTEGRATION_TIMEOUT_MS + 1_000);

    // A client retrying every second (sooner than the 503's Retry-After, to see the lock): refused
    // as in progress until the lock expires, never after.
    let retries = 0;
    let lastRefusedAt = 0;
    let response: HttpResponse = failed;
    while (response.status !== 200 && retries < 20) {
      await sleep(1000);
      const sentAt = Date.now();
      response = await target.http.post('/orders', { token: user.token, body });
      retries++;
      if (response.status !== 200) {
        lastRefusedAt = sentAt;
        expect(response.status).toBe(409);
        expect(response.json.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect(response.headers['retry-after']).toBe('1');
      }
    }
    report(
      `  database down mid-request: 503, then ${retries} retries → ${response.status} after ${Date.now() - started} ms (in-progress expiry ${expiresAt - started} ms)`,
    );
    expect(response.status).toBe(200);
    expect(lastRefusedAt).toBeLessThanOrEqual(expiresAt);
    const stored = (await target.scan('orders')).filter(
      (item) => item.userId === user.sub && item.orderId === body.orderId,
    );
    expect(stored).toHaveLength(1);
  });
});
