import { orderRequest } from './fixtures.js';
import { type MetricLine, median, metricLine, progress } from './report.js';
import { type Call, call, drive, ServerProcess } from './server-process.js';

export const GET_RATIO_TARGET = 1.5;
export const POST_RATIO_TARGET = 2.0;
const CONCURRENCY = 4;
/**
 * Batches each server runs before the measured rounds. One was not enough: the JIT was still
 * compiling (for both servers) in the first measured rounds, which came out 2–4× the steady value
 * (bare 53 µs vs 20, local 117 vs 35 for POST) and moved the median with them.
 */
const WARM_UP_BATCHES = 3;
const ROUNDS = 11;

/**
 * Server CPU per request: the local API and the bare `node:http` reference each run in a child
 * process of the same kind (`node --import tsx`); the child reports `process.cpuUsage()` (user +
 * system, µs resolution) before and after a batch, so only the server's own work is counted, not
 * the load generator's. Batches alternate between the two servers (ABBA), after the same warm-up
 * batches each; the medians of the per-batch µs/request are compared.
 */
export async function serverCpuMetrics(): Promise<MetricLine[]> {
  const [local, bare] = await Promise.all([ServerProcess.start('local'), ServerProcess.start('bare')]);
  try {
    const [token] = await local.ask<string[]>({ type: 'tokens', count: 1 });
    const auth = { Authorization: `Bearer ${token}` };
    const order = orderRequest();
    const json = { ...auth, 'Content-Type': 'application/json' };
    const created = await call(local.url, {
      method: 'POST',
      path: '/orders',
      headers: json,
      body: JSON.stringify(order),
    });
    if (created.status !== 200) throw new Error(`POST /orders answered ${created.status}: ${created.text}`);
    const read = await call(local.url, { method: 'GET', path: `/orders/${order.orderId}`, headers: auth });
    await bare.ask({ type: 'json', json: read.text });

    const get = (): Call => ({ method: 'GET', path: `/orders/${order.orderId}`, headers: auth });
    let placed = 0;
    const post = (): Call => ({
      method: 'POST',
      path: '/orders',
      headers: json,
      body: JSON.stringify(orderRequest(`order-bench-${placed++}`)),
    });
    const getMicros = await compare(local, bare, get, 1500, 'GET /orders/{orderId}');
    const postMicros = await compare(local, bare, post, 1000, 'POST /orders');
    return [
      metricLine(
        'local-server-cpu-us:GET /orders/{orderId}',
        getMicros.local,
        getMicros.bare,
        GET_RATIO_TARGET,
      ),
      metricLine('local-server-cpu-us:POST /orders', postMicros.local, postMicros.bare, POST_RATIO_TARGET),
    ];
  } finally {
    await Promise.all([local.stop(), bare.stop()]);
  }
}

async function compare(
  local: ServerProcess,
  bare: ServerProcess,
  next: () => Call,
  batch: number,
  label: string,
) {
  const perRequest = async (server: ServerProcess) => {
    const before = await server.cpuMicros();
    await drive(server.url, batch, CONCURRENCY, next);
    return ((await server.cpuMicros()) - before) / batch;
  };
  for (let batch = 0; batch < WARM_UP_BATCHES; batch++) {
    await perRequest(local);
    await perRequest(bare);
  }
  const samples = { local: [] as number[], bare: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['local', 'bare'] as const) : (['bare', 'local'] as const);
    for (const name of order) samples[name].push(await perRequest(name === 'local' ? local : bare));
  }
  const result = { local: median(samples.local), bare: median(samples.bare) };
  progress(`${label}: local ${result.local.toFixed(0)} µs, bare ${result.bare.toFixed(0)} µs per request`);
  return result;
}
