import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { TableNames } from '../ensure-tables.js';

/** dynalite (CommonJS, no type declarations), loaded as Node loads it, typed here. */
const requireCommonJs = createRequire(import.meta.url);
const dynalite = requireCommonJs('dynalite') as (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

export interface DynaliteServer {
  /** `http://127.0.0.1:<port>`, for `createDocumentClient({ endpoint })`. */
  endpoint: string;
  port: number;
  /** Stops the server (open client connections included) and drops its data. */
  close(): Promise<void>;
}

/** Static credentials for a local server, which checks only that a request is signed. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Starts an in-memory dynalite (a DynamoDB-compatible server) on 127.0.0.1 and a free port.
 * Tables are created at once (no CREATING delay). Close it with `close()` when done.
 */
export async function startDynalite(): Promise<DynaliteServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Table names no other test file or run shares: `<prefix>-<kind>-<random>`. */
export function uniqueTableNames(prefix = 'test'): TableNames {
  const suffix = randomUUID().slice(0, 8);
  return {
    users: `${prefix}-users-${suffix}`,
    orders: `${prefix}-orders-${suffix}`,
    idempotency: `${prefix}-idempotency-${suffix}`,
  };
}

let returningOldItems: boolean | undefined;

/**
 * Makes the dynalite servers of this process do what DynamoDB does and dynalite does not (or,
 * with `false`, stop again): a conditional write refused with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` returns the stored item in the error. The
 * item is the one the condition was checked against, under the item's lock, as on DynamoDB.
 * Without it, dynalite exercises the adapters' other path (no item in the error, so one
 * consistent read).
 */
export function returnOldItemsOnConditionCheckFailure(enabled = true): void {
  if (returningOldItems === undefined) {
    const validations = requireCommonJs('dynalite/validations/index.js') as DynaliteValidations;
    const db = requireCommonJs('dynalite/db/index.js') as DynaliteDb;
    // dynalite drops request parameters it does not know before an action runs: keep this one.
    const checkTypes = validations.checkTypes;
    validations.checkTypes = (data, types) => {
      const returnValues = data?.ReturnValuesOnConditionCheckFailure;
      const checked = checkTypes(data, types);
      return returnValues === undefined
        ? checked
        : { ...checked, ReturnValuesOnConditionCheckFailure: returnValues };
    };
    const checkConditional = db.checkConditional;
    db.checkConditional = (data, existingItem) => {
      const error = checkConditional(data, existingItem);
      if (
        returningOldItems &&
        error != null &&
        existingItem !== undefined &&
        data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
      ) {
        error.body = { ...error.body, Item: existingItem };
      }
      return error;
    };
  }
  returningOldItems = enabled;
}

interface DynaliteRequest {
  ReturnValuesOnConditionCheckFailure?: string;
}

interface DynaliteValidations {
  checkTypes(data: DynaliteRequest | undefined, types: unknown): DynaliteRequest;
}

interface DynaliteDb {
  checkConditional(
    data: DynaliteRequest,
    existingItem: unknown,
  ): (Error & { body?: object }) | null | undefined;
}
