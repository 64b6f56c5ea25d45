import type { Page, PageRequest, ReplaceUserResult, User, UserRepository } from '@app/core';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { guard, isConditionalCheckFailed, toStorageFailure } from './storage-failure.js';
import { USERS_TABLE } from './table-definitions.js';

const USER_ID = USERS_TABLE.partitionKey.name;

type PutCondition = Pick<
  PutCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** Users in DynamoDB, keyed by `userid`; every method is one request. */
export class DynamoDbUserRepository implements UserRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(userid: string): Promise<User | undefined> {
    const { Item } = await guard(
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { [USER_ID]: userid }, ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : toUser(Item);
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const result = await guard(
      this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: page.limit,
          ...(page.after === undefined ? {} : { ExclusiveStartKey: { [USER_ID]: page.after } }),
        }),
      ),
    );
    const lastKey = result.LastEvaluatedKey?.[USER_ID];
    return {
      items: (result.Items ?? []).map(toUser),
      ...(typeof lastKey === 'string' ? { lastKey } : {}),
    };
  }

  async create(user: User): Promise<boolean> {
    return this.#put(user, {
      ConditionExpression: 'attribute_not_exists(#userid)',
      ExpressionAttributeNames: { '#userid': USER_ID },
    });
  }

  async replace(user: User, expectedTimestamp?: string): Promise<ReplaceUserResult> {
    const written = await this.#put(
      user,
      expectedTimestamp === undefined
        ? {}
        : {
            ConditionExpression: '#timestamp = :expected',
            ExpressionAttributeNames: { '#timestamp': 'timestamp' },
            ExpressionAttributeValues: { ':expected': expectedTimestamp },
          },
    );
    return written ? { ok: true, user: toUser(user) } : { ok: false, reason: 'stale-timestamp' };
  }

  async delete(userid: string): Promise<boolean> {
    const { Attributes } = await guard(
      this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { [USER_ID]: userid }, ReturnValues: 'ALL_OLD' }),
      ),
    );
    return Attributes !== undefined;
  }

  /** One `PutItem`, with the given condition if any; `false` when the condition failed. */
  async #put(user: User, condition: PutCondition): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: toUser(user), ...condition }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toStorageFailure(error);
    }
  }
}

/** A user with its fields in the schema's order; `email` only when stored. */
function toUser(item: Record<string, unknown>): User {
  return {
    userid: item.userid as string,
    name: item.name as string,
    ...(item.email === undefined ? {} : { email: item.email as string }),
    timestamp: item.timestamp as string,
  };
}
