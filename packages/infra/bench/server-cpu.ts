import { join } from 'node:path';
import { BuiltServer, NodeServer } from './built-server.js';
import { orderRequest } from './fixtures.js';
import { type MetricLine, type Pair, pairedLine, progress, settle } from './report.js';
import { type Call, call, drive } from './server-process.js';

export const GET_RATIO_TARGET = 1.3;
export const POST_RATIO_TARGET = 1.8;
const BARE_SERVER = join(import.meta.dirname, 'children', 'bare-server.mjs');
/** Requests per batch: each batch is one sample of one server (a few hundred ms of work). */
const BATCH = { 1: 800, 32: 2_000 } as const;
/**
 * Rounds of every figure run, unmeasured, before the measured ones: the JIT compiles both servers'
 * hot paths in the first thousands of requests (the first batches came out 2–4× the steady cost).
 */
const WARM_UP_ROUNDS = 2;
const MIN_ROUNDS = 8;
const MAX_ROUNDS = 24;

type Figure = `${'GET' | 'POST'} c=${keyof typeof BATCH}`;
const TARGETS: Record<Figure, number> = {
  'GET c=1': GET_RATIO_TARGET,
  'GET c=32': GET_RATIO_TARGET,
  'POST c=1': POST_RATIO_TARGET,
  'POST c=32': POST_RATIO_TARGET,
};

/**
 * Server CPU per request of the local API as `npm start` runs it (`BuiltServer`: the built
 * `dist/cli/main.js`, its default request log on a drained pipe, metrics as by default) against a
 * bare `node:http` server (`children/bare-server.mjs`, started the same way), at 1 and 32
 * requests in flight over keep-alive connections from this process. CPU is the server process's
 * own (every thread, from the kernel's schedstat), read before and after each batch. Each round
 * measures every figure on both servers back to back, the order alternating; `settle` decides.
 */
export async function serverCpuMetrics(): Promise<MetricLine[]> {
  const local = await BuiltServer.start();
  let bare: NodeServer | undefined;
  try {
    const auth = { Authorization: `Bearer ${await local.token('bench-cpu@example.com')}` };
    const json = { ...auth, 'Content-Type': 'application/json' };
    const order = orderRequest();
    const created = await call(local.url, {
      method: 'POST',
      path: '/orders',
      headers: json,
      body: JSON.stringify(order),
    });
    if (created.status !== 200) throw new Error(`POST /orders answered ${created.status}: ${created.text}`);
    const read = await call(local.url, { method: 'GET', path: `/orders/${order.orderId}`, headers: auth });
    bare = await NodeServer.startScript(BARE_SERVER, [read.text], { cwd: import.meta.dirname });

    let placed = 0;
    const requests: Record<'GET' | 'POST', () => Call> = {
      GET: () => ({ method: 'GET', path: `/orders/${order.orderId}`, headers: auth }),
      POST: () => ({
        method: 'POST',
        path: '/orders',
        headers: json,
        body: JSON.stringify(orderRequest(`order-bench-${placed++}`)),
      }),
    };
    const servers = { value: local, reference: bare };
    const perRequest = async (server: NodeServer, figure: Figure) => {
      const [method, concurrency] = parseFigure(figure);
      const before = server.cpuMicros();
      await drive(server.url, BATCH[concurrency], concurrency, requests[method]);
      return (server.cpuMicros() - before) / BATCH[concurrency];
    };
    const round = async (index: number) => {
      const measured = {} as Record<Figure, Pair>;
      const order = index % 2 === 0 ? (['value', 'reference'] as const) : (['reference', 'value'] as const);
      for (const figure of Object.keys(TARGETS) as Figure[]) {
        const pair = {} as Pair;
        for (const side of order) pair[side] = await perRequest(servers[side], figure);
        measured[figure] = pair;
      }
      return measured;
    };
    for (let index = 0; index < WARM_UP_ROUNDS; index++) await round(index);
    progress(`server CPU: warmed up (${WARM_UP_ROUNDS} rounds), measuring…`);
    const pairs = await settle({
      label: 'server CPU',
      targets: TARGETS,
      minRounds: MIN_ROUNDS,
      maxRounds: MAX_ROUNDS,
      round,
    });
    const lines = (Object.keys(TARGETS) as Figure[]).map((figure) => {
      const [method, concurrency] = parseFigure(figure);
      const route = method === 'GET' ? 'GET /orders/{orderId}' : 'POST /orders';
      return pairedLine(
        `local-server-cpu-us:${route} (${concurrency} in flight)`,
        pairs[figure],
        TARGETS[figure],
        {
          unit: 'µs CPU per request',
          note: 'built server (npm start) vs bare node:http, server process only',
        },
      );
    });
    for (const line of lines)
      progress(
        `${line.metric}: ${line.value} µs vs ${line.reference} µs bare, ×${line.ratio} [${line.band.join('–')}]`,
      );
    progress(`server CPU: the local API wrote ${(local.logBytes / 1024).toFixed(0)} KiB of request log`);
    return lines;
  } finally {
    await Promise.all([local.stop(), bare?.stop()]);
  }
}

function parseFigure(figure: Figure): ['GET' | 'POST', keyof typeof BATCH] {
  const [method, level] = figure.split(' c=') as ['GET' | 'POST', string];
  return [method, Number(level) as keyof typeof BATCH];
}
