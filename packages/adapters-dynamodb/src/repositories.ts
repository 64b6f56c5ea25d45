/**
 * `@app/adapters-dynamodb/repositories`: the document client and the repositories, without the
 * idempotency adapter. The package root re-exports that adapter too, and a bundler that splits
 * code shares every file the root reaches with whatever imports the root: the order functions
 * import from here, so only `POST /orders` (through `./idempotency`) loads Powertools
 * idempotency and jmespath. The package root still exports the same names.
 */
export {
  asDynamoDbClient,
  createDocumentClient,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type DocumentClientOptions,
} from './document-client.js';
export { DynamoDbOrderRepository, type DynamoDbOrderRepositoryOptions } from './dynamodb-order-repository.js';
export { DynamoDbUserRepository, type DynamoDbUserRepositoryOptions } from './dynamodb-user-repository.js';
export { ORDER_DATA, orderToItem, readOrderItem } from './order-item-layout.js';
export { isServiceUnavailable, StorageError } from './storage-failure.js';
export {
  logUnreadableItem,
  UnreadableItemError,
  type UnreadableItemHandler,
  type UnreadableItemReport,
} from './unreadable-item.js';
export { readUserItem, userToItem } from './user-item-layout.js';
