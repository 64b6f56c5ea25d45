import { join } from 'node:path';
import { BuiltServer, NodeServer } from './built-server.js';
import {
  type Caller,
  callerWith,
  OTHER_ORDERS,
  seedOverHttp,
  seedWithBatchWrites,
  subjectOf,
} from './list-seeding.js';
import { type MetricLine, median, type Pair, pairedLine, progress, settle } from './report.js';
import { call, drive } from './server-process.js';

/** Issue 17: an in-memory list page at most 1.5× a single GET, for a caller with 1,000 orders. */
export const LIST_PAGE_TARGET = 1.5;
const CALLER_ORDERS = [1, 100, 1_000] as const;
/** The contract's default page size (`GET /orders` without `limit`), the page measured. */
const DEFAULT_LIMIT = 50;
/** List/GET pairs per figure per round; the round's sample of each is their median. */
const PAIRS_PER_ROUND = 15;
const TABLES = { users: 'bench-users', orders: 'bench-orders', idempotency: 'bench-idempotency' };

type Storage = 'memory' | 'dynamodb';

interface Figure {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The page: `/orders`, or `/orders?nextToken=…` far into the list. */
  page: string;
  /** The reference: one of the same caller's orders. */
  single: string;
  /** Judged against `LIST_PAGE_TARGET`, or printed only. */
  judged: boolean;
  note: string;
}

/**
 * `GET /orders` pages against a single `GET /orders/{orderId}`, on the built local API as
 * `npm start` runs it, with in-memory storage and with DynamoDB storage on a dynalite — each
 * server, dynalite and the load generator in their own process. Callers with 1, 100 and 1,000
 * orders, among 100,000 orders of 1,000 other users; first pages and the last page (reached by
 * following `nextToken`). Each round sends, per figure, 15 list/GET pairs alternately on one
 * keep-alive connection (one request at a time) and compares the medians. A bare node:http
 * server answering the same two bodies gives the floor: what 50 orders cost over one anyway.
 */
export async function listLatencyMetrics(): Promise<MetricLine[]> {
  const dynalite = await helperServer('dynalite.mjs');
  const servers: BuiltServer[] = [];
  let floor: NodeServer | undefined;
  try {
    const memory = await BuiltServer.start();
    servers.push(memory);
    const dynamodb = await BuiltServer.start([
      '--storage',
      'dynamodb',
      '--dynamodb-endpoint',
      dynalite.url,
      '--users-table',
      TABLES.users,
      '--orders-table',
      TABLES.orders,
      '--idempotency-table',
      TABLES.idempotency,
    ]);
    servers.push(dynamodb);
    const callers = CALLER_ORDERS.map(callerWith);
    const tokensOf = async (server: BuiltServer) =>
      new Map(await Promise.all(callers.map(async (c) => [c.email, await server.token(c.email)] as const)));
    const tokens = { memory: await tokensOf(memory), dynamodb: await tokensOf(dynamodb) };
    const subjects = new Map([...tokens.dynamodb].map(([email, token]) => [email, subjectOf(token)]));

    const seeded = performance.now();
    progress(
      `list: seeding ${OTHER_ORDERS.toLocaleString('en')} other orders and the callers' own, in both stores…`,
    );
    await Promise.all([
      seedOverHttp(memory, callers, tokens.memory),
      seedWithBatchWrites(dynalite.url, TABLES.orders, callers, subjects),
    ]);
    progress(`list: seeded in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);

    const figures: Figure[] = [];
    for (const [storage, server] of [
      ['memory', memory],
      ['dynamodb', dynamodb],
    ] as const) {
      for (const caller of callers) {
        figures.push(...(await figuresOf(storage, server, caller, tokens[storage].get(caller.email)!)));
      }
    }
    const heaviest = figures.find((figure) => figure.judged)!;
    floor = await helperServer('bare-pages.mjs', JSON.stringify(await bodiesOf(heaviest)));
    figures.push({
      name: 'list-latency-ms:floor: bare node:http answering the same 50-order page vs the same single order',
      url: floor.url,
      headers: {},
      page: '/page',
      single: '/single',
      judged: false,
      note: 'What serialising and sending 50 orders instead of one costs with no framework at all: the same JSON, stringified on each request, from a bare node:http server in its own process, the same client, the same rounds. No target: the floor under the figures above.',
    });
    const judged = figures.filter((figure) => figure.judged);
    const shown = new Map(figures.filter((f) => !f.judged).map((f) => [f.name, [] as Pair[]]));
    const pairs = await settle({
      label: 'list latency',
      targets: Object.fromEntries(judged.map((f) => [f.name, LIST_PAGE_TARGET])),
      minRounds: 9,
      maxRounds: 31,
      round: async (index) => {
        const measured: Record<string, Pair> = {};
        // Rotated, so no figure always follows the same one.
        for (let step = 0; step < figures.length; step++) {
          const figure = figures[(index + step) % figures.length]!;
          const pair = await measure(figure, index);
          if (figure.judged) measured[figure.name] = pair;
          else shown.get(figure.name)!.push(pair);
        }
        return measured;
      },
    });
    return figures.map((figure) =>
      figure.judged
        ? pairedLine(figure.name, pairs[figure.name]!, LIST_PAGE_TARGET, { unit: 'ms', note: figure.note })
        : {
            ...pairedLine(figure.name, shown.get(figure.name)!, LIST_PAGE_TARGET, {
              unit: 'ms',
              note: figure.note,
            }),
            verdict: 'info',
            ok: true,
          },
    );
  } finally {
    await Promise.all([...servers.map((server) => server.stop()), floor?.stop()]);
    await dynalite.stop();
  }
}

/** A helper of the bench (`children/<script>`) in its own process, on the servers' Node. */
function helperServer(script: string, input?: string): Promise<NodeServer> {
  return NodeServer.startScript(join(import.meta.dirname, 'children', script), [], {
    cwd: import.meta.dirname,
    input,
  });
}

const NOTE =
  'Median latency of a page of the default 50 over the median of a single GET /orders/{orderId} of the same caller, on the same server, in the same rounds (built local API, its own process).';
const UNTARGETED = ' No target in issue 17 for this combination: printed for comparison.';

/** The bytes the local API answered for a figure's page and single order, for the floor server. */
async function bodiesOf(figure: Figure): Promise<{ page: string; single: string }> {
  const [page, single] = await Promise.all(
    [figure.page, figure.single].map((path) =>
      call(figure.url, { method: 'GET', path, headers: figure.headers }),
    ),
  );
  return { page: page!.text, single: single!.text };
}

/** A caller's first page and, when there is more than one, the last (following `nextToken`). */
async function figuresOf(
  storage: Storage,
  server: BuiltServer,
  caller: Caller,
  token: string,
): Promise<Figure[]> {
  const headers = { Authorization: `Bearer ${token}` };
  const base = `list-latency-ms:${storage} GET /orders, caller with ${caller.orders.toLocaleString('en')} order${caller.orders === 1 ? '' : 's'}`;
  const single = `/orders/${caller.orderIds[Math.floor(caller.orders / 2)]}`;
  const expected = [...caller.orderIds].sort();
  const judged = storage === 'memory' && caller.orders === 1_000;
  const figure = (page: string, which: string): Figure => ({
    name: `${base}, ${which} page`,
    url: server.url,
    headers,
    page,
    single,
    judged,
    note: judged ? NOTE : NOTE + UNTARGETED,
  });
  // Walk the whole list once: it must be the caller's orders in orderId order, 50 a page. On
  // DynamoDB a page that ends exactly at the end may still carry a nextToken (to an empty page).
  let path = '/orders';
  let last = path;
  const seen: string[] = [];
  let pages = 0;
  for (;;) {
    const { status, json } = await call(server.url, { method: 'GET', path, headers });
    if (status !== 200) throw new Error(`${storage}: GET ${path} answered ${status}`);
    const body = json as { orders: { orderId: string }[]; nextToken?: string };
    if (body.orders.length > 0) {
      seen.push(...body.orders.map((order) => order.orderId));
      [last, pages] = [path, pages + 1];
    }
    if (body.nextToken === undefined) break;
    path = `/orders?nextToken=${encodeURIComponent(body.nextToken)}`;
  }
  if (
    JSON.stringify(seen) !== JSON.stringify(expected) ||
    pages !== Math.ceil(caller.orders / DEFAULT_LIMIT)
  ) {
    throw new Error(`${storage}: the list of the caller with ${caller.orders} orders is not what was seeded`);
  }
  return pages === 1
    ? [figure('/orders', 'first')]
    : [figure('/orders', 'first'), figure(last, `last (${pages} of ${pages})`)];
}

/** One round of a figure: list and single GET alternately, one at a time, on one connection. */
async function measure(figure: Figure, round: number): Promise<Pair> {
  const { headers } = figure;
  const isList = (index: number) => (index + round) % 2 === 0;
  // The first pair opens the connection and is not counted.
  const latencies = await drive(figure.url, 2 * (PAIRS_PER_ROUND + 1), 1, (index) => ({
    method: 'GET',
    path: isList(index) ? figure.page : figure.single,
    headers,
  }));
  const list = latencies.filter((_, index) => index >= 2 && isList(index));
  const single = latencies.filter((_, index) => index >= 2 && !isList(index));
  return { value: median(list), reference: median(single) };
}
