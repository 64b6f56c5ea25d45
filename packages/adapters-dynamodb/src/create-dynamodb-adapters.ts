import type { CoreAdapters } from '@app/core';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CREATE_ORDER_KEY_PREFIX, DynamoDbIdempotency } from './dynamodb-idempotency.js';
import { DynamoDbOrderRepository } from './dynamodb-order-repository.js';
import { DynamoDbUserRepository } from './dynamodb-user-repository.js';
import type { TableNames } from './ensure-tables.js';
import type { UnreadableItemHandler } from './unreadable-item.js';

export interface DynamoDbAdaptersOptions {
  client: DynamoDBDocumentClient;
  tables: TableNames;
  /** How long a created order is replayed for the same key. Default 3600 s. */
  idempotencyWindowSeconds?: number;
  /** Default `CREATE_ORDER_KEY_PREFIX`. */
  keyPrefix?: string;
  /** Told about each stored user or order that cannot be read. Default `logUnreadableItem`. */
  onUnreadableItem?: UnreadableItemHandler;
}

/** The storage adapters of `CoreAdapters`; `idempotency` also takes the Lambda context. */
export interface DynamoDbAdapters
  extends Pick<CoreAdapters, 'userRepository' | 'orderRepository' | 'idempotency'> {
  userRepository: DynamoDbUserRepository;
  orderRepository: DynamoDbOrderRepository;
  idempotency: DynamoDbIdempotency;
}

export function createDynamoDbAdapters({
  client,
  tables,
  idempotencyWindowSeconds,
  keyPrefix = CREATE_ORDER_KEY_PREFIX,
  onUnreadableItem,
}: DynamoDbAdaptersOptions): DynamoDbAdapters {
  const readOptions = onUnreadableItem === undefined ? {} : { onUnreadableItem };
  return {
    userRepository: new DynamoDbUserRepository(client, tables.users, readOptions),
    orderRepository: new DynamoDbOrderRepository(client, tables.orders, readOptions),
    idempotency: new DynamoDbIdempotency({
      client,
      tableName: tables.idempotency,
      keyPrefix,
      ...(idempotencyWindowSeconds === undefined ? {} : { windowSeconds: idempotencyWindowSeconds }),
    }),
  };
}
