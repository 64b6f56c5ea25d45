export {
  createDynamoDbAdapters,
  type DynamoDbAdapters,
  type DynamoDbAdaptersOptions,
} from './create-dynamodb-adapters.js';
export { assertTablesExist, ensureTables, type TableNames } from './ensure-tables.js';
export { convertFlatOrders, type FlatOrderConversion } from './flat-order-conversion.js';
export * from './idempotency.js';
export * from './repositories.js';
export {
  IDEMPOTENCY_TABLE,
  type KeyAttribute,
  ORDERS_TABLE,
  TABLE_DEFINITIONS,
  type TableDefinition,
  type TableKind,
  USERS_TABLE,
} from './table-definitions.js';
