import { orderRequest } from './fixtures.js';
import { type MetricLine, metricLine, progress } from './report.js';
import { type Call, call, drive, ServerProcess } from './server-process.js';

export const RSS_RATIO_TARGET = 1.2;
const FIRST = 1_000;
const TOTAL = 20_000;
const TOKENS = 2_000;

/**
 * The local API's RSS (after a full GC, in its own process) after 20,000 requests vs after the
 * first 1,000. The requests cycle through 2,000 users' tokens (so the token caches fill), on both
 * authorizers: read and list an order (Cognito authorizer), read one's profile (TOKEN authorizer),
 * replay an order creation (idempotency), and a refused token. Nothing new is stored after the
 * first requests, so growth would be a leak or an unbounded cache.
 */
export async function memoryMetrics(): Promise<MetricLine[]> {
  const server = await ServerProcess.start('local');
  try {
    const tokens = await server.ask<string[]>({ type: 'tokens', count: TOKENS });
    const order = orderRequest();
    const body = JSON.stringify(order);
    const authorization = (index: number) => ({ Authorization: `Bearer ${tokens[index % TOKENS]}` });
    // Each user places the same order once: later POSTs replay it.
    for (let index = 0; index < 20; index++) {
      const placed = await call(server.url, {
        method: 'POST',
        path: '/orders',
        headers: { ...authorization(index), 'Content-Type': 'application/json' },
        body,
      });
      if (placed.status !== 200) throw new Error(`POST /orders answered ${placed.status}: ${placed.text}`);
    }
    const requests: Array<(index: number) => Call> = [
      (index) => ({ method: 'GET', path: `/orders/${order.orderId}`, headers: authorization(index % 20) }),
      (index) => ({ method: 'GET', path: '/orders?limit=10', headers: authorization(index) }),
      (index) => ({ method: 'GET', path: '/orders', headers: authorization(index) }),
      (index) => ({
        method: 'POST',
        path: '/orders',
        headers: { ...authorization(index % 20), 'Content-Type': 'application/json' },
        body,
      }),
    ];
    const mixed = (index: number) => requests[index % requests.length]!(index);
    await drive(server.url, FIRST, 4, mixed);
    const afterFirst = await server.rss();
    for (let done = FIRST; done < TOTAL; done += 4_750) {
      await drive(server.url, 4_750, 4, (index) => mixed(done + index));
      progress(`memory: ${Math.min(done + 4_750, TOTAL)}/${TOTAL} requests`);
    }
    const afterAll = await server.rss();
    return [
      metricLine('local-server-rss-bytes:after 20,000 requests', afterAll, afterFirst, RSS_RATIO_TARGET),
    ];
  } finally {
    await server.stop();
  }
}
