import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDocumentClient,
  type DocumentClientOptions,
  ensureTables,
  type TableNames,
} from '../../src/index.js';
import { LOCAL_CREDENTIALS, startDynalite, uniqueTableNames } from '../../src/testing/index.js';
import { startMoto } from './moto.js';

/** The DynamoDB-compatible servers the suites run on: dynalite (in process) and moto (Python). */
export const SERVERS = ['dynalite', 'moto'] as const;
export type ServerKind = (typeof SERVERS)[number];

export interface TestServer {
  endpoint: string;
  close(): Promise<void>;
}

export interface TestDatabase {
  kind: ServerKind;
  server: TestServer;
  tables: TableNames;
  /** A client on the server; `options` override the defaults (e.g. retries). Destroyed by `close`. */
  client(options?: DocumentClientOptions): DynamoDBDocumentClient;
  close(): Promise<void>;
}

const start: Record<ServerKind, () => Promise<TestServer>> = {
  dynalite: startDynalite,
  moto: startMoto,
};

/** A server of `kind` (default dynalite) on a free port with this file's own tables, created. */
export async function startTestDatabase(
  prefix: string,
  kind: ServerKind = 'dynalite',
): Promise<TestDatabase> {
  const server = await start[kind]();
  const tables = uniqueTableNames(prefix);
  const clients: DynamoDBDocumentClient[] = [];
  const client = (options: DocumentClientOptions = {}) => {
    const created = createDocumentClient({
      endpoint: server.endpoint,
      credentials: LOCAL_CREDENTIALS,
      ...options,
    });
    clients.push(created);
    return created;
  };
  try {
    await ensureTables(client(), tables);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    kind,
    server,
    tables,
    client,
    close: async () => {
      for (const created of clients) created.destroy();
      await server.close();
    },
  };
}

/** Counts the requests a client sends to DynamoDB, retries included, per operation. */
export function countCalls(client: DynamoDBDocumentClient) {
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName).replace(/Command$/, '');
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'countCalls' },
  );
  return {
    /** Runs `action` and returns the calls it made, by operation, and in total. */
    async during<T>(action: () => Promise<T>) {
      calls.clear();
      const result = await action();
      const byOperation = Object.fromEntries(calls);
      return { result, byOperation, total: [...calls.values()].reduce((a, b) => a + b, 0) };
    },
  };
}
