import { randomUUID } from 'node:crypto';
import { createDocumentClient, ensureTables } from '@app/adapters-dynamodb';
import { LOCAL_CREDENTIALS, startDynalite, uniqueTableNames } from '@app/adapters-dynamodb/testing';
import { type LocalServer, startLocalServer, subjectForEmail } from '@app/local-api';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderRequest } from './fixtures.js';
import { type MetricLine, median, metricLine, progress } from './report.js';
import { drive } from './server-process.js';

export const LIST_RATIO_TARGET = 1.2;
const OTHER_ORDERS = 10_000;
const OWN_ORDERS = 50;
const ROUNDS = 41;
const EMAIL = 'lister@example.com';

/**
 * `GET /orders?limit=50` for a user with 50 orders, through the local API on dynalite: against
 * tables that also hold 10,000 orders of 2,000 other users (written with BatchWriteItem), and
 * against tables holding only the user's orders. One dynalite, two local servers; calls alternate
 * between them; the medians of the latencies are compared.
 */
export async function listLatencyMetrics(): Promise<MetricLine[]> {
  const dynalite = await startDynalite();
  const client = createDocumentClient({ endpoint: dynalite.endpoint, credentials: LOCAL_CREDENTIALS });
  const servers: LocalServer[] = [];
  try {
    const small = uniqueTableNames('bench-small');
    const large = uniqueTableNames('bench-large');
    await Promise.all([ensureTables(client, small), ensureTables(client, large)]);
    const sub = subjectForEmail(EMAIL);
    const own = Array.from({ length: OWN_ORDERS }, (_, index) => storedOrder(sub, index));
    const others = Array.from({ length: OTHER_ORDERS }, (_, index) =>
      storedOrder(`other-${Math.floor(index / 5)}-${randomUUID().slice(0, 8)}`, index),
    );
    await batchWrite(client, small.orders, own);
    await batchWrite(client, large.orders, [...own, ...others], (written) =>
      progress(`list latency: ${written}/${OTHER_ORDERS + OWN_ORDERS} items written`),
    );
    for (const tables of [small, large]) {
      servers.push(
        await startLocalServer({
          port: 0,
          host: '127.0.0.1',
          storage: 'dynamodb',
          dynamodb: { endpoint: dynalite.endpoint, tables },
        }),
      );
    }
    const calls = servers.map((server) => {
      const token = server.identity.issueToken(EMAIL).idToken;
      return () =>
        drive(server.url, 1, 1, () => ({
          method: 'GET',
          path: '/orders?limit=50',
          headers: { Authorization: `Bearer ${token}` },
        }));
    });
    const [onSmall, onLarge] = calls as [() => Promise<number[]>, () => Promise<number[]>];
    const samples = { small: [] as number[], large: [] as number[] };
    for (let round = -3; round < ROUNDS; round++) {
      const first = round % 2 === 0;
      const a = await (first ? onSmall : onLarge)();
      const b = await (first ? onLarge : onSmall)();
      if (round < 0) continue; // warm-up
      samples.small.push(...(first ? a : b));
      samples.large.push(...(first ? b : a));
    }
    return [
      metricLine(
        'list-latency-ms:GET /orders?limit=50 (10,000 other orders vs none)',
        median(samples.large),
        median(samples.small),
        LIST_RATIO_TARGET,
      ),
    ];
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    client.destroy();
    await dynalite.close();
  }
}

/** An order item as the orders repository stores it. */
function storedOrder(userId: string, index: number) {
  const second = String(index % 60).padStart(2, '0');
  return { ...orderRequest(), userId, status: 'PLACED', orderTime: `2026-01-01T12:00:${second}Z` };
}

/** BatchWriteItem, 25 items a request, 4 requests at a time, unprocessed items sent again. */
async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  onProgress?: (written: number) => void,
) {
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let written = 0;
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
      written += batch.length;
      if (written % 2500 < 25) onProgress?.(written);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
