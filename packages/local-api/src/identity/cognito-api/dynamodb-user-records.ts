import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import type { UserRecord, UserRecordStore } from './user-records.js';

const conditionFailed = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof Error && error.name === 'ConditionalCheckFailedException');

/** The local pool's users in a DynamoDB-compatible table, one item per user, keyed by the lower-cased email. */
export class DynamoDbUserRecordStore implements UserRecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Creates the table when it is missing (on demand, key `email`). */
  async ensureTable(): Promise<void> {
    // The document client shares its client's configuration: low-level commands run through it.
    const dynamodb = this.client as unknown as DynamoDBClient;
    try {
      await dynamodb.send(new DescribeTableCommand({ TableName: this.tableName }));
      return;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    }
    try {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: this.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'email', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    }
    await waitUntilTableExists(
      { client: dynamodb, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
      { TableName: this.tableName },
    );
  }

  async get(email: string) {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { email }, ConsistentRead: true }),
    );
    return Item as UserRecord | undefined;
  }

  async list() {
    const records: UserRecord[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey }),
      );
      records.push(...((page.Items ?? []) as UserRecord[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey !== undefined);
    return records;
  }

  async create(record: UserRecord) {
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: record,
        ConditionExpression: 'attribute_not_exists(email)',
      }),
    );
  }

  async replace(record: UserRecord, expectedVersion: number) {
    return this.conditional(
      new PutCommand({
        TableName: this.tableName,
        Item: record,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
  }

  async delete(email: string) {
    return this.conditional(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { email },
        ConditionExpression: 'attribute_exists(email)',
      }),
    );
  }

  private async conditional(command: PutCommand | DeleteCommand): Promise<boolean> {
    try {
      await this.client.send(command as PutCommand);
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }
}
