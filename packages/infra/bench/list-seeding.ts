import { randomUUID } from 'node:crypto';
import { createDocumentClient, orderToItem } from '@app/adapters-dynamodb';
import { LOCAL_CREDENTIALS } from '@app/adapters-dynamodb/testing';
import type { Order } from '@app/core';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BuiltServer } from './built-server.js';
import { orderRequest } from './fixtures.js';
import { sendPipelined } from './pipelined-requests.js';
import { progress } from './report.js';

/** The orders of everyone else in the store: 1,000 users with 100 each. */
export const OTHER_USERS = 1_000;
export const ORDERS_PER_OTHER_USER = 100;
export const OTHER_ORDERS = OTHER_USERS * ORDERS_PER_OTHER_USER;

/** A measured caller: how many orders they have, and the ids (in the order they were placed). */
export interface Caller {
  email: string;
  orders: number;
  orderIds: string[];
}

export const callerWith = (orders: number): Caller => ({
  email: `list-${orders}@example.com`,
  orders,
  orderIds: Array.from({ length: orders }, () => randomUUID()),
});

/** The `sub` of a local ID token (its payload, base64url JSON), the partition key of its orders. */
export const subjectOf = (idToken: string): string =>
  (JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }).sub;

const TOKEN_REQUESTS_IN_FLIGHT = 8;
const PIPELINE = { connections: 4, depth: 8, expectStatus: 200 };

/**
 * In-memory storage is filled as a user fills it: `POST /orders` over HTTP with each owner's
 * token (the server's only write path; every order also gets its idempotency record), pipelined
 * on 4 connections so the loader's CPU stays small beside the server's.
 */
export async function seedOverHttp(
  server: BuiltServer,
  callers: readonly Caller[],
  tokens: ReadonlyMap<string, string>,
): Promise<void> {
  const owners = await inPool(OTHER_USERS, TOKEN_REQUESTS_IN_FLIGHT, (user) =>
    server.token(`other-${user}@example.com`),
  );
  const posts: { token: string; orderId: string }[] = [];
  for (const caller of callers) {
    const token = tokens.get(caller.email)!;
    for (const orderId of caller.orderIds) posts.push({ token, orderId });
  }
  for (let index = 0; index < OTHER_ORDERS; index++) {
    posts.push({ token: owners[index % OTHER_USERS]!, orderId: randomUUID() });
  }
  const host = new URL(server.url).host;
  const chunk = 20_000;
  for (let start = 0; start < posts.length; start += chunk) {
    const slice = posts.slice(start, start + chunk);
    await sendPipelined(
      server.url,
      slice.length,
      (index) => {
        const { token, orderId } = slice[index]!;
        const body = JSON.stringify(orderRequest(orderId));
        return (
          `POST /orders HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
        );
      },
      PIPELINE,
    );
    progress(`list: memory storage: ${start + slice.length}/${posts.length} orders placed over HTTP`);
  }
}

const BATCH = 25;
const BATCHES_IN_FLIGHT = 4;

/**
 * DynamoDB storage is filled past the API, as a migration or a second writer would: BatchWriteItem
 * (25 items a request, 4 in flight, unprocessed items sent again) straight to the endpoint, items
 * in the orders table's layout (`orderToItem`: key, and the whole order in `data`).
 */
export async function seedWithBatchWrites(
  endpoint: string,
  table: string,
  callers: readonly Caller[],
  subjects: ReadonlyMap<string, string>,
): Promise<void> {
  const client = createDocumentClient({ endpoint, credentials: LOCAL_CREDENTIALS });
  const orderTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const item = (userId: string, orderId: string) =>
    orderToItem({ ...orderRequest(orderId), userId, status: 'PLACED', orderTime } satisfies Order);
  const items: Record<string, unknown>[] = [];
  for (const caller of callers) {
    const userId = subjects.get(caller.email)!;
    for (const orderId of caller.orderIds) items.push(item(userId, orderId));
  }
  const others = Array.from({ length: OTHER_USERS }, () => randomUUID());
  for (let index = 0; index < OTHER_ORDERS; index++)
    items.push(item(others[index % OTHER_USERS]!, randomUUID()));
  try {
    await batchWrite(client, table, items, (written) =>
      progress(`list: dynamodb storage: ${written}/${items.length} items written with BatchWriteItem`),
    );
  } finally {
    client.destroy();
  }
}

async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  onProgress: (written: number) => void,
): Promise<void> {
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < items.length) {
      const start = next;
      next += BATCH;
      let requests = items.slice(start, start + BATCH).map((Item) => ({ PutRequest: { Item } }));
      const count = requests.length;
      while (requests.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      }
      const before = written;
      written += count;
      if (Math.floor(before / 10_000) !== Math.floor(written / 10_000) || written === items.length)
        onProgress(written);
    }
  };
  await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, worker));
}

/** `work(0…count-1)`, at most `concurrency` at a time; the results in index order. */
export async function inPool<T>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
