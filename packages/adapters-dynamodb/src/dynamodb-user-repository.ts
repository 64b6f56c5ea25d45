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
import {
  logUnreadableItem,
  UnreadableItemError,
  type UnreadableItemHandler,
  type UnreadableItemReport,
} from './unreadable-item.js';
import { readUserItem, storedTimestampForms, USER_ID, userKeyOf, userToItem } from './user-item-layout.js';

export interface DynamoDbUserRepositoryOptions {
  /** Told about each stored item that cannot be read as a User. Default `logUnreadableItem`. */
  onUnreadableItem?: UnreadableItemHandler;
}

type PutCondition = Pick<
  PutCommandInput,
  'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/**
 * Users in DynamoDB, keyed by `userid`; every method is one request. Items are read tolerantly
 * (`user-item-layout.ts`); one that still cannot be read is reported to `onUnreadableItem`, left
 * out of a list, and fails a single read with `UnreadableItemError`.
 */
export class DynamoDbUserRepository implements UserRepository {
  readonly #onUnreadableItem: UnreadableItemHandler;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbUserRepositoryOptions = {},
  ) {
    this.#onUnreadableItem = options.onUnreadableItem ?? logUnreadableItem;
  }

  async get(userid: string): Promise<User | undefined> {
    const { Item } = await guard(
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { [USER_ID]: userid }, ConsistentRead: true }),
      ),
    );
    if (Item === undefined) return undefined;
    const reading = readUserItem(Item);
    if (reading.ok) return reading.value;
    throw new UnreadableItemError(this.#report(Item, reading.issues));
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
      items: (result.Items ?? []).flatMap((item) => {
        const reading = readUserItem(item);
        if (reading.ok) return [reading.value];
        this.#report(item, reading.issues);
        return [];
      }),
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
      expectedTimestamp === undefined ? {} : timestampCondition(expectedTimestamp),
    );
    return written ? { ok: true, user: userToItem(user) } : { ok: false, reason: 'stale-timestamp' };
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
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: userToItem(user), ...condition }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw toStorageFailure(error);
    }
  }

  #report(item: Record<string, unknown>, issues: UnreadableItemReport['issues']): UnreadableItemReport {
    const report = { table: this.tableName, key: userKeyOf(item), issues };
    this.#onUnreadableItem(report);
    return report;
  }
}

/**
 * The stored timestamp is the echoed one, in any of its stored forms (one read from a zoneless
 * timestamp was returned with `Z`).
 */
function timestampCondition(expected: string): PutCondition {
  const forms = storedTimestampForms(expected);
  return {
    ConditionExpression: `#timestamp IN (${forms.map((_, i) => `:expected${i}`).join(', ')})`,
    ExpressionAttributeNames: { '#timestamp': 'timestamp' },
    ExpressionAttributeValues: Object.fromEntries(forms.map((form, i) => [`:expected${i}`, form])),
  };
}
