import {
  ACKNOWLEDGED,
  acknowledgeRejection,
  CANCELED,
  type CreateOrderResult,
  cancelCutoff,
  cancelRejection,
  contentOf,
  type EditEcho,
  editRejection,
  type Order,
  type OrderContent,
  type OrderRepository,
  type Page,
  type PageRequest,
  TRANSITION_FROM_STATUS,
  type TransitionRejection,
  type TransitionResult,
} from '@app/core';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ORDER_DATA,
  ORDER_ORDER_ID,
  ORDER_USER_ID,
  orderKeyOf,
  orderToItem,
  readOrderItem,
} from './order-item-layout.js';
import {
  guard,
  isConditionalCheckFailed,
  oldItemOf,
  StorageError,
  toStorageFailure,
} from './storage-failure.js';
import {
  logUnreadableItem,
  UnreadableItemError,
  type UnreadableItemHandler,
  type UnreadableItemReport,
} from './unreadable-item.js';

type Item = Record<string, unknown>;

export interface DynamoDbOrderRepositoryOptions {
  /** Told about each stored item that cannot be read as an Order. Default `logUnreadableItem`. */
  onUnreadableItem?: UnreadableItemHandler;
}

/**
 * One conditional `UpdateItem`: the fields of `data` it sets, the rule as a condition on
 * `#data.#status` / `#data.#orderTime`, and how a refusal is explained.
 */
interface Transition {
  set: Record<string, unknown>;
  condition: string;
  values: Record<string, unknown>;
  rejection: (current: Order | undefined) => TransitionRejection | undefined;
}

const USER_ID = ORDER_USER_ID;
const ORDER_ID = ORDER_ORDER_ID;
const STATUS = `#${ORDER_DATA}.#status`;
const ORDER_TIME = `#${ORDER_DATA}.#orderTime`;

/**
 * Orders in DynamoDB in the workshop's layout: keyed by (`userId`, `orderId`), the order in the
 * `data` map (`order-item-layout.ts`). Each state change is one conditional `UpdateItem` on
 * `data.*` carrying the rule from `@app/core`; a refusal is explained from the item the failed
 * write returns, or — where the server returns none — from one consistent read on the failure
 * path. An item that cannot be read as an Order is reported to `onUnreadableItem`; a list
 * leaves it out, a single read throws `UnreadableItemError`.
 */
export class DynamoDbOrderRepository implements OrderRepository {
  readonly #onUnreadableItem: UnreadableItemHandler;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: DynamoDbOrderRepositoryOptions = {},
  ) {
    this.#onUnreadableItem = options.onUnreadableItem ?? logUnreadableItem;
  }

  async create(order: Order): Promise<CreateOrderResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: orderToItem(order),
          ConditionExpression: 'attribute_not_exists(#userId)',
          ExpressionAttributeNames: { '#userId': USER_ID },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw toStorageFailure(error);
      const old = oldItemOf(error);
      const existing = old === undefined ? await this.#read(order.userId, order.orderId) : this.#toOrder(old);
      // Orders are never deleted: a refused create always finds the order that refused it.
      if (existing === undefined) throw new StorageError(error);
      return { created: false, existing };
    }
  }

  async get(userId: string, orderId: string): Promise<Order | undefined> {
    return this.#read(userId, orderId);
  }

  async listByUser(userId: string, page: PageRequest): Promise<Page<Order>> {
    const result = await guard(
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#userId = :userId',
          ExpressionAttributeNames: { '#userId': USER_ID },
          ExpressionAttributeValues: { ':userId': userId },
          Limit: page.limit,
          ...(page.after === undefined
            ? {}
            : { ExclusiveStartKey: { [USER_ID]: userId, [ORDER_ID]: page.after } }),
        }),
      ),
    );
    const lastKey = result.LastEvaluatedKey?.[ORDER_ID];
    return {
      items: (result.Items ?? []).flatMap((item) => {
        const reading = readOrderItem(item);
        if (reading.ok) return [reading.value];
        this.#report(item, reading.issues);
        return [];
      }),
      ...(typeof lastKey === 'string' ? { lastKey } : {}),
    };
  }

  async edit(
    userId: string,
    orderId: string,
    content: OrderContent,
    echo: EditEcho,
  ): Promise<TransitionResult> {
    const rejection = (current: Order | undefined) => editRejection(current, echo);
    // An echo that is not a string can never equal a stored value: explain the refusal without writing.
    if (!echoFits(echo.status) || !echoFits(echo.orderTime)) {
      return refused(rejection(await this.#read(userId, orderId)));
    }
    return this.#transition(userId, orderId, {
      set: contentOf(content),
      condition: [
        `${STATUS} = :from`,
        ...(echo.status === undefined ? [] : [`${STATUS} = :echoedStatus`]),
        ...(echo.orderTime === undefined ? [] : [`${ORDER_TIME} = :echoedOrderTime`]),
      ].join(' AND '),
      values: {
        ...(echo.status === undefined ? {} : { ':echoedStatus': echo.status }),
        ...(echo.orderTime === undefined ? {} : { ':echoedOrderTime': echo.orderTime }),
      },
      rejection,
    });
  }

  async cancel(userId: string, orderId: string, now: Date): Promise<TransitionResult> {
    const cutoff = cancelCutoff(now);
    return this.#transition(userId, orderId, {
      set: { status: CANCELED },
      // Like with like: whole-second UTC strings, true exactly when the core's window allows it.
      // The length check keeps a stored time of another form (unreadable) from passing by chance.
      condition: `${STATUS} = :from AND size(${ORDER_TIME}) = :timeLength AND ${ORDER_TIME} > :cutoff`,
      values: { ':cutoff': cutoff, ':timeLength': cutoff.length },
      rejection: (current) => cancelRejection(current, now),
    });
  }

  async acknowledge(userId: string, orderId: string): Promise<TransitionResult> {
    return this.#transition(userId, orderId, {
      set: { status: ACKNOWLEDGED },
      condition: `${STATUS} = :from`,
      values: {},
      rejection: acknowledgeRejection,
    });
  }

  async #transition(userId: string, orderId: string, transition: Transition): Promise<TransitionResult> {
    const assignments = Object.keys(transition.set);
    const update = `SET ${assignments.map((name) => `#${ORDER_DATA}.#${name} = :${name}`).join(', ')}`;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [USER_ID]: userId, [ORDER_ID]: orderId },
          UpdateExpression: update,
          ConditionExpression: transition.condition,
          ExpressionAttributeNames: namesIn(update, transition.condition),
          ExpressionAttributeValues: {
            ':from': TRANSITION_FROM_STATUS,
            ...transition.values,
            ...Object.fromEntries(assignments.map((name) => [`:${name}`, transition.set[name]])),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      // ALL_NEW: an update that passed its condition always returns the item it wrote.
      return { ok: true, order: this.#toOrder(result.Attributes as Item) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw toStorageFailure(error);
      const old = oldItemOf(error);
      const current = old === undefined ? await this.#read(userId, orderId) : this.#toOrder(old);
      return refused(transition.rejection(current));
    }
  }

  /** One consistent `GetItem`. */
  async #read(userId: string, orderId: string): Promise<Order | undefined> {
    const { Item } = await guard(
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [USER_ID]: userId, [ORDER_ID]: orderId },
          ConsistentRead: true,
        }),
      ),
    );
    return Item === undefined ? undefined : this.#toOrder(Item);
  }

  /** The order of a single read: an unreadable item is reported, then fails the read. */
  #toOrder(item: Item): Order {
    const reading = readOrderItem(item);
    if (reading.ok) return reading.value;
    throw new UnreadableItemError(this.#report(item, reading.issues));
  }

  #report(item: Item, issues: UnreadableItemReport['issues']): UnreadableItemReport {
    const report = { table: this.tableName, key: orderKeyOf(item), issues };
    this.#onUnreadableItem(report);
    return report;
  }
}

/** `#name` → `name` for every placeholder the expressions use (DynamoDB refuses unused ones). */
const namesIn = (...expressions: string[]): Record<string, string> =>
  Object.fromEntries(
    expressions.flatMap((expression) =>
      [...expression.matchAll(/#(\w+)/g)].map((match) => [match[0], match[1]!]),
    ),
  );

const echoFits = (value: unknown) => value === undefined || (typeof value === 'string' && value !== '');

/**
 * A refusal as the port reports it. The rule explains every refusal of a stored order; an order
 * that appeared after the write was refused (a concurrent create) was absent when it mattered.
 */
const refused = (rejection: TransitionRejection | undefined): TransitionResult => ({
  ok: false,
  ...(rejection ?? { reason: 'absent' }),
});
