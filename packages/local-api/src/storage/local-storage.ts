import { randomBytes } from 'node:crypto';
import type { HandlerDependencies } from '@app/adapters-lambda';
import { buildServices, type CoreServices } from '@app/core';
import {
  InMemoryIdempotency,
  InMemoryOrderRepository,
  InMemoryUserRepository,
  type ManualClock,
} from '@app/core/in-memory';
import {
  DEFAULT_COGNITO_USERS_TABLE,
  InMemoryUserRecordStore,
  type UserRecordStore,
} from '../identity/cognito-api/user-records.js';
import type { StorageKind } from '../portal/control-routes.js';

export interface TableNames {
  users: string;
  orders: string;
  idempotency: string;
}

export const DEFAULT_TABLE_NAMES: TableNames = {
  users: 'local-users',
  orders: 'local-orders',
  idempotency: 'local-idempotency',
};

export interface DynamoDbStorageOptions {
  /** A DynamoDB-compatible endpoint, e.g. dynalite's `http://127.0.0.1:4567`. */
  endpoint?: string;
  /**
   * The real tables of an AWS account, never the default: the SDK's default credential chain and
   * endpoint, tables that must exist (none is created), names not given read from the stacks' outputs.
   */
  aws?: boolean;
  region?: string;
  tables?: Partial<TableNames>;
  /** The local user pool's table (local only: on AWS the users live in Cognito). */
  cognitoUsersTable?: string;
  /** The DynamoDB client's attempts per call, the first included (default 3). */
  maxAttempts?: number;
  /** How long one attempt may wait for the response (default 2000 ms). */
  requestTimeoutMs?: number;
  /** How long one attempt may wait for the TCP connection (default 1000 ms). */
  connectionTimeoutMs?: number;
}

export interface StorageOptions {
  storage: StorageKind;
  clock: ManualClock;
  /** Pagination cursors' HMAC key; a random one per process when absent. */
  cursorSigningKey?: string;
  dynamodb?: DynamoDbStorageOptions;
  idempotencyWindowSeconds?: number;
}

export interface LocalStorage {
  kind: StorageKind;
  services: CoreServices;
  /** Table names, for DynamoDB storage. */
  tables?: TableNames;
  /** The local user pool's users (the Cognito API's), beside the services' data. */
  cognitoUsers: UserRecordStore;
  /** Told each `POST /orders` invocation's context: Powertools' idempotency (DynamoDB) wants it. */
  onAddOrderInvocation?: HandlerDependencies['onAddOrderInvocation'];
  close(): Promise<void>;
}

/** Static credentials for a local DynamoDB-compatible server, which checks none. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The local composition roots: the core services on in-memory adapters (default), or on the
 * DynamoDB adapters at a local endpoint, whose missing tables are created first. Either way the
 * services share the local server's `ManualClock`.
 */
export async function createLocalStorage(options: StorageOptions): Promise<LocalStorage> {
  const cursorSigningKey = options.cursorSigningKey ?? randomBytes(32).toString('base64url');
  if (options.storage === 'memory') {
    const services = buildServices({
      userRepository: new InMemoryUserRepository(),
      orderRepository: new InMemoryOrderRepository(),
      idempotency: new InMemoryIdempotency({
        clock: options.clock,
        ...(options.idempotencyWindowSeconds === undefined
          ? {}
          : { windowSeconds: options.idempotencyWindowSeconds }),
      }),
      cursorSigningKey,
      clock: options.clock,
    });
    return {
      kind: 'memory',
      services,
      cognitoUsers: new InMemoryUserRecordStore(),
      close: async () => undefined,
    };
  }

  const { dynamodb } = options;
  if (dynamodb === undefined || (dynamodb.endpoint === undefined && dynamodb.aws !== true)) {
    throw new Error('DynamoDB storage needs an endpoint, or the AWS account (aws: true).');
  }
  // Loaded only for DynamoDB storage: the SDK would otherwise sit in every in-memory server's heap.
  const { assertTablesExist, createDocumentClient, createDynamoDbAdapters, ensureTables } = await import(
    '@app/adapters-dynamodb'
  );
  const region = dynamodb.region ?? 'us-east-1';
  const tables =
    dynamodb.aws === true
      ? await tablesOnAws(dynamodb.tables ?? {}, region)
      : { ...DEFAULT_TABLE_NAMES, ...dynamodb.tables };
  const client = createDocumentClient({
    region,
    ...(dynamodb.aws === true
      ? {}
      : { endpoint: dynamodb.endpoint as string, credentials: LOCAL_CREDENTIALS }),
    ...clientTimeouts(dynamodb),
  });
  // The local pool's users are a local-only table: never created among real AWS tables.
  const { DynamoDbUserRecordStore } = await import('../identity/cognito-api/dynamodb-user-records.js');
  const cognitoTable =
    dynamodb.aws === true
      ? undefined
      : new DynamoDbUserRecordStore(client, dynamodb.cognitoUsersTable ?? DEFAULT_COGNITO_USERS_TABLE);
  const cognitoUsers = cognitoTable ?? new InMemoryUserRecordStore();
  try {
    await (cognitoTable === undefined
      ? assertTablesExist(client, tables)
      : Promise.all([ensureTables(client, tables), cognitoTable.ensureTable()]));
  } catch (error) {
    client.destroy();
    const reason = rootCauseMessage(error);
    throw new Error(
      dynamodb.aws === true
        ? `The DynamoDB tables in ${region} could not be read: ${reason}`
        : `DynamoDB at ${dynamodb.endpoint} could not be reached or could not create the tables: ${reason}`,
      { cause: error },
    );
  }
  const adapters = createDynamoDbAdapters({
    client,
    tables,
    ...(options.idempotencyWindowSeconds === undefined
      ? {}
      : { idempotencyWindowSeconds: options.idempotencyWindowSeconds }),
  });
  const services = buildServices({ ...adapters, cursorSigningKey, clock: options.clock });
  return {
    kind: 'dynamodb',
    services,
    tables,
    cognitoUsers,
    onAddOrderInvocation: (context) => adapters.idempotency.registerLambdaContext(context),
    close: async () => client.destroy(),
  };
}

/** The table names given, the others from the deployed stacks' outputs (`DescribeStacks`). */
async function tablesOnAws(given: Partial<TableNames>, region: string): Promise<TableNames> {
  if (given.users !== undefined && given.orders !== undefined && given.idempotency !== undefined) {
    return { users: given.users, orders: given.orders, idempotency: given.idempotency };
  }
  const { readStackTables } = await import('./stack-tables.js');
  return { ...(await readStackTables(region)), ...given };
}

/** The retry and timeout settings that were given (the client's defaults apply to the others). */
function clientTimeouts({ maxAttempts, requestTimeoutMs, connectionTimeoutMs }: DynamoDbStorageOptions) {
  return {
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(connectionTimeoutMs === undefined ? {} : { connectionTimeoutMs }),
  };
}

/** The innermost cause's message: the adapters wrap the network error the user needs to see. */
function rootCauseMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  return current.message || current.name;
}
