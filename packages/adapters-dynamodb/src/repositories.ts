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
export { DynamoDbOrderRepository } from './dynamodb-order-repository.js';
export { DynamoDbUserRepository } from './dynamodb-user-repository.js';
export { isServiceUnavailable, StorageError } from './storage-failure.js';
