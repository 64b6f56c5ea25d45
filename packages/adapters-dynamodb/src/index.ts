export {
  CREATE_ORDER_KEY_PREFIX,
  createDynamoDbAdapters,
  type DynamoDbAdapters,
  type DynamoDbAdaptersOptions,
} from './create-dynamodb-adapters.js';
export {
  asDynamoDbClient,
  createDocumentClient,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type DocumentClientOptions,
} from './document-client.js';
export {
  DEFAULT_IN_PROGRESS_TIMEOUT_SECONDS,
  DynamoDbIdempotency,
  type DynamoDbIdempotencyOptions,
  type LambdaContextLike,
} from './dynamodb-idempotency.js';
export { DynamoDbOrderRepository } from './dynamodb-order-repository.js';
export { DynamoDbUserRepository } from './dynamodb-user-repository.js';
export { ensureTables, type TableNames } from './ensure-tables.js';
export { isServiceUnavailable, StorageError } from './storage-failure.js';
export {
  IDEMPOTENCY_TABLE,
  type KeyAttribute,
  ORDERS_TABLE,
  TABLE_DEFINITIONS,
  type TableDefinition,
  type TableKind,
  USERS_TABLE,
} from './table-definitions.js';
