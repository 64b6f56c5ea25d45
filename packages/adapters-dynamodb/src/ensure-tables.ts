import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { asDynamoDbClient } from './document-client.js';
import { guard } from './storage-failure.js';
import { TABLE_DEFINITIONS, type TableDefinition, type TableKind } from './table-definitions.js';

/** The physical name of each table. */
export type TableNames = Record<TableKind, string>;

const errorName = (error: unknown) => (error instanceof Error ? error.name : undefined);

/**
 * Creates whichever of the tables is missing (on demand, keys from `TABLE_DEFINITIONS`), waits
 * until each is active and turns on TTL where the definition has one and the server supports it
 * (dynalite has no `UpdateTimeToLive`). Idempotent, and safe to call concurrently.
 */
export async function ensureTables(client: DynamoDBDocumentClient, tables: TableNames): Promise<void> {
  const dynamodb = asDynamoDbClient(client);
  await Promise.all(
    (Object.keys(TABLE_DEFINITIONS) as TableKind[]).map((kind) =>
      guard(ensureTable(dynamodb, tables[kind], TABLE_DEFINITIONS[kind])),
    ),
  );
}

/**
 * Checks that every table exists, creating none: for tables that are not ours to create (a
 * developer's server pointed at an AWS account). Names the missing ones.
 */
export async function assertTablesExist(client: DynamoDBDocumentClient, tables: TableNames): Promise<void> {
  const dynamodb = asDynamoDbClient(client);
  const names = Object.values(tables);
  const present = await Promise.all(names.map((name) => guard(exists(dynamodb, name))));
  const missing = names.filter((_, index) => !present[index]);
  if (missing.length > 0) throw new Error(`No such table: ${missing.join(', ')}.`);
}

async function ensureTable(client: DynamoDBClient, tableName: string, definition: TableDefinition) {
  if (!(await exists(client, tableName))) {
    const keys = [definition.partitionKey, ...(definition.sortKey === undefined ? [] : [definition.sortKey])];
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keys.map(({ name, type }) => ({ AttributeName: name, AttributeType: type })),
          KeySchema: keys.map(({ name }, i) => ({
            AttributeName: name,
            KeyType: i === 0 ? 'HASH' : 'RANGE',
          })),
        }),
      );
    } catch (error) {
      // Another caller created it in the meantime.
      if (errorName(error) !== 'ResourceInUseException') throw error;
    }
  }
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  if (definition.timeToLiveAttribute !== undefined) {
    await enableTimeToLive(client, tableName, definition.timeToLiveAttribute);
  }
}

async function exists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return false;
    throw error;
  }
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string, attributeName: string) {
  const isOn = async () => {
    const { TimeToLiveDescription } = await client.send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    const status = TimeToLiveDescription?.TimeToLiveStatus;
    return status === 'ENABLED' || status === 'ENABLING';
  };
  if (await isOn()) return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true },
      }),
    );
  } catch (error) {
    // dynalite has no UpdateTimeToLive: its items simply never expire.
    if (errorName(error) === 'UnknownOperationException') return;
    // A concurrent caller turned it on first.
    if (await isOn()) return;
    throw error;
  }
}
