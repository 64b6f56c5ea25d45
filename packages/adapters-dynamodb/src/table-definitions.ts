/**
 * The key schemas of the three tables, defined once: the CDK stacks, `ensureTables` (local
 * server, tests) and the repositories all read them from here.
 */
export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Attribute holding an epoch-seconds expiry that DynamoDB's TTL deletes by. */
  timeToLiveAttribute?: string;
  /** Map attribute holding the whole record beside its key (the workshop's orders layout). */
  dataAttribute?: string;
}

export const USERS_TABLE = {
  partitionKey: { name: 'userid', type: 'S' },
} as const satisfies TableDefinition;

/**
 * The workshop's layout: `{userId, orderId, data: {…the whole Order…}}`, so a table its code
 * wrote is served in place and its tools (the restaurant side setting `data.status`) keep working.
 */
export const ORDERS_TABLE = {
  partitionKey: { name: 'userId', type: 'S' },
  sortKey: { name: 'orderId', type: 'S' },
  dataAttribute: 'data',
} as const satisfies TableDefinition;

/** The Powertools idempotency layout: `id` key, `expiration` TTL. */
export const IDEMPOTENCY_TABLE = {
  partitionKey: { name: 'id', type: 'S' },
  timeToLiveAttribute: 'expiration',
} as const satisfies TableDefinition;

export const TABLE_DEFINITIONS = {
  users: USERS_TABLE,
  orders: ORDERS_TABLE,
  idempotency: IDEMPOTENCY_TABLE,
} as const;

export type TableKind = keyof typeof TABLE_DEFINITIONS;
