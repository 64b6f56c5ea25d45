import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient } from '@app/adapters-dynamodb';
import {
  type DynaliteServer,
  LOCAL_CREDENTIALS,
  startDynalite,
  uniqueTableNames,
} from '@app/adapters-dynamodb/testing';
import { type Identity, jsonOrUndefined } from '@app/e2e';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalServer, LocalServerOptions } from '../../src/gateway/server.js';
import type { TableNames } from '../../src/storage/local-storage.js';
import { FaultProxy, type FaultProxyOptions, mulberry32 } from './fault-proxy.js';

// The handlers' Powertools logs and metrics stay out of the battery's output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export type Storage = 'memory' | 'dynamodb';

/** The seed of every randomised part of the battery: `FC_SEED` when set, else a fixed one. */
export const BATTERY_SEED = ((): number => {
  const text = process.env.FC_SEED;
  if (text === undefined || text.trim() === '') return 20_261_126;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer (got '${text}')`);
  return seed;
})();

/** One line of the battery's own output (vitest shows console.log lines under the file). */
export const report = (line: string): void => console.log(line);

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the battery reads arbitrary JSON
  json: any;
  durationMs: number;
}

export interface HttpRequestOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as the `Authorization` header, exactly. */
  authorization?: string;
  /** Serialised as JSON, with `Content-Type: application/json` unless `headers` say otherwise. */
  body?: unknown;
  /** Sent as is. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** How long one battery request may take before it counts as a failure of the test. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A keep-alive HTTP/1.1 client for 127.0.0.1 that sends the path exactly as given (fetch would
 * normalise `../` and re-encode), so path attacks reach the server unchanged.
 */
export class HttpClient {
  readonly #agent: Agent;
  readonly #port: number;

  constructor(baseUrl: string, { maxSockets = 64 }: { maxSockets?: number } = {}) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`The battery only targets 127.0.0.1 (got ${baseUrl})`);
    this.#port = Number(url.port);
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    if (options.authorization !== undefined) headers.Authorization = options.authorization;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers);
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: this.#port, method, path, headers, agent: this.#agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text,
              json: jsonOrUndefined(text),
              durationMs: performance.now() - started,
            });
          });
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  get = (path: string, options?: HttpRequestOptions) => this.request('GET', path, options);
  post = (path: string, options?: HttpRequestOptions) => this.request('POST', path, options);
  put = (path: string, options?: HttpRequestOptions) => this.request('PUT', path, options);
  delete = (path: string, options?: HttpRequestOptions) => this.request('DELETE', path, options);

  /** A token from `POST /local/token` for the given (or a new, unique) email. */
  async identity(options: { email?: string; groups?: string[] } = {}): Promise<Identity> {
    const email = options.email ?? `user-${randomUUID()}@example.com`;
    const response = await this.post('/local/token', { body: { email, groups: options.groups ?? [] } });
    if (response.status !== 200)
      throw new Error(`POST /local/token answered ${response.status}: ${response.text}`);
    return { token: response.json.idToken, sub: response.json.sub, email };
  }

  close(): void {
    this.#agent.destroy();
  }
}

// The same caller and create-order body as the API scenarios, so the battery and the e2e suites
// send one valid order.
export { type Identity, newOrder } from '@app/e2e';

/** Every item of every table, keyed by table and primary key, as canonical JSON. */
export type Snapshot = Map<string, string>;

export interface BatteryTarget {
  server: LocalServer;
  http: HttpClient;
  tables: TableNames;
  /** The server's token-signing key (from the key file the server was given). */
  signingKey: KeyObject;
  /** Present when the server reaches dynalite through the fault proxy. */
  proxy: FaultProxy | undefined;
  snapshot(): Promise<Snapshot>;
  /** Items per table. */
  counts(): Promise<Record<keyof TableNames, number>>;
  /** Every item of one table. */
  scan(table: keyof TableNames): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export interface BatteryTargetOptions {
  storage?: Storage;
  server?: Omit<LocalServerOptions, 'port' | 'host' | 'keyFile' | 'storage' | 'dynamodb'>;
  /** The server's DynamoDB client: attempts per call and timeouts. */
  dynamodbClient?: { maxAttempts?: number; requestTimeoutMs?: number; connectionTimeoutMs?: number };
  /** Put a seeded fault proxy between the server and dynalite. */
  proxy?: Omit<FaultProxyOptions, 'targetPort'>;
  maxSockets?: number;
  /** The token-signing key's size (default 2048 bits); a smaller key signs many tokens faster. */
  signingKeyBits?: number;
}

/**
 * The local server on 127.0.0.1 and a free port, on a fresh dynalite (default) or in memory,
 * signing tokens with a key the battery holds, plus a document client straight to dynalite for
 * snapshots.
 */
export async function startBatteryTarget(options: BatteryTargetOptions = {}): Promise<BatteryTarget> {
  const { startLocalServer } = await import('../../src/gateway/server.js');
  const storage = options.storage ?? 'dynamodb';
  const keyDir = mkdtempSync(join(tmpdir(), 'battery-key-'));
  const signingKey = generateKeyPairSync('rsa', { modulusLength: options.signingKeyBits ?? 2048 }).privateKey;
  const keyFile = join(keyDir, 'signing-key.pem');
  writeFileSync(keyFile, signingKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

  const closers: Array<() => Promise<void> | void> = [() => rmSync(keyDir, { recursive: true, force: true })];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    let dynalite: DynaliteServer | undefined;
    let proxy: FaultProxy | undefined;
    let documentClient: DynamoDBDocumentClient | undefined;
    const tables = uniqueTableNames('battery');
    if (storage === 'dynamodb') {
      const db = await startDynalite();
      dynalite = db;
      closers.push(() => db.close());
      if (options.proxy !== undefined) {
        const faultProxy = new FaultProxy({ ...options.proxy, targetPort: db.port });
        await faultProxy.listen();
        proxy = faultProxy;
        closers.push(() => faultProxy.close());
      }
      const client = createDocumentClient({ endpoint: db.endpoint, credentials: LOCAL_CREDENTIALS });
      documentClient = client;
      closers.push(() => client.destroy());
    }
    const server = await startLocalServer({
      ...options.server,
      port: 0,
      host: '127.0.0.1',
      keyFile,
      ...(dynalite === undefined
        ? {}
        : {
            storage: 'dynamodb',
            dynamodb: {
              endpoint: proxy === undefined ? dynalite.endpoint : proxy.endpoint,
              tables,
              ...options.dynamodbClient,
            },
          }),
    });
    closers.push(() => server.close());
    const http = new HttpClient(server.url, { maxSockets: options.maxSockets ?? 64 });
    closers.push(() => http.close());

    const scan = async (table: keyof TableNames): Promise<Record<string, unknown>[]> => {
      if (documentClient === undefined) throw new Error('Table scans need DynamoDB storage.');
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(
          new ScanCommand({ TableName: tables[table], ConsistentRead: true, ExclusiveStartKey: start }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    };
    const keyOf: Record<keyof TableNames, (item: Record<string, unknown>) => string> = {
      users: (item) => String(item.userid),
      orders: (item) => `${String(item.userId)}/${String(item.orderId)}`,
      idempotency: (item) => String(item.id),
    };
    return {
      server,
      http,
      tables,
      signingKey,
      proxy,
      scan,
      async snapshot() {
        const snapshot: Snapshot = new Map();
        for (const table of ['users', 'orders', 'idempotency'] as const) {
          for (const item of await scan(table)) {
            snapshot.set(`${table}:${keyOf[table](item)}`, canonical(item));
          }
        }
        return snapshot;
      },
      async counts() {
        return {
          users: (await scan('users')).length,
          orders: (await scan('orders')).length,
          idempotency: (await scan('idempotency')).length,
        };
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** JSON with object keys sorted, so equal items compare equal as text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** What changed between two snapshots: keys added, removed and changed. */
export function diffSnapshots(before: Snapshot, after: Snapshot) {
  const added = [...after.keys()].filter((key) => !before.has(key));
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...before.keys()].filter((key) => after.has(key) && after.get(key) !== before.get(key));
  return { added, removed, changed };
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  // Every lane settles before the pool does: nothing is left running after a failure.
  const settled = await Promise.allSettled(lanes);
  const rejection = settled.find((outcome) => outcome.status === 'rejected');
  if (rejection !== undefined) throw rejection.reason;
  return results;
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** A small seeded PRNG (mulberry32): the same seed, the same faults and the same mix. */
export const seededRandom = mulberry32;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Signs of an internal leaking into a body: a stack frame, a source location, or an exception
 * class name (`TypeError`, `ConditionalCheckFailedException`…). Text the request itself sent
 * (an echoed unknown field name) does not count.
 */
export function leakIn(body: string, sent = ''): string | undefined {
  const patterns = [
    /\n\s+at \S/,
    /\bat [^\s()]+ \(/,
    /[\w/.-]+\.(?:ts|js|mjs|cjs):\d+/,
    /\b[A-Z]\w*(?:Error|Exception)\b/,
    /\bnode:internal\b/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(body)?.[0];
    if (match !== undefined && !sent.includes(match)) return match;
  }
  return undefined;
}

/** A problem body with its `requestId` replaced, for byte comparisons of otherwise equal answers. */
export const withoutRequestId = (text: string): string =>
  text.replace(/"requestId":"[^"]*"/, '"requestId":"<requestId>"');

/** The routes of both APIs as the manifest has them, with the ids to put in their paths. */
export function routePaths(userid: string, orderId: string) {
  return [
    { api: 'users', method: 'GET', path: '/users' },
    { api: 'users', method: 'POST', path: '/users' },
    { api: 'users', method: 'GET', path: `/users/${userid}` },
    { api: 'users', method: 'PUT', path: `/users/${userid}` },
    { api: 'users', method: 'DELETE', path: `/users/${userid}` },
    { api: 'orders', method: 'POST', path: '/orders' },
    { api: 'orders', method: 'GET', path: '/orders' },
    { api: 'orders', method: 'GET', path: `/orders/${orderId}` },
    { api: 'orders', method: 'PUT', path: `/orders/${orderId}` },
    { api: 'orders', method: 'DELETE', path: `/orders/${orderId}` },
  ] as const;
}
