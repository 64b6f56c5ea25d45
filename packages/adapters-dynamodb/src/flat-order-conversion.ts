import { type DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ORDER_DATA, orderKeyOf, orderToItem, readOrderItem } from './order-item-layout.js';
import { guard, isConditionalCheckFailed, toStorageFailure } from './storage-failure.js';
import type { UnreadableItemReport } from './unreadable-item.js';

export interface FlatOrderConversion {
  /** Items rewritten from the flat layout into the workshop's. */
  converted: number;
  /** Items already in the workshop's layout (or converted meanwhile), left as they were. */
  alreadyInLayout: number;
  /** Flat items that are not a valid Order either: left as they were, for a person to look at. */
  unreadable: UnreadableItemReport[];
}

/**
 * Rewrites the orders table of this project's earlier flat layout (`{userId, orderId,
 * restaurantId, orderItems, totalAmount, status, orderTime}`) into the workshop's
 * (`{userId, orderId, data: {…}}`): one Scan, and per flat item one PutItem conditional on
 * `data` still being absent, so a rerun, or a run beside serving functions, converts each item
 * once and overwrites nothing already in the new layout. Run it before serving the table with
 * this version: until then its flat items are unreadable (reported, left out of lists).
 */
export async function convertFlatOrders(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<FlatOrderConversion> {
  const result: FlatOrderConversion = { converted: 0, alreadyInLayout: 0, unreadable: [] };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guard(
      client.send(
        new ScanCommand({
          TableName: tableName,
          ConsistentRead: true,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      if (item[ORDER_DATA] !== undefined) {
        result.alreadyInLayout++;
        continue;
      }
      const { [ORDER_DATA]: _, ...flat } = item;
      const reading = readOrderItem({ ...orderKeyOf(item), [ORDER_DATA]: flat });
      if (!reading.ok) {
        result.unreadable.push({ table: tableName, key: orderKeyOf(item), issues: reading.issues });
        continue;
      }
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: orderToItem(reading.value),
            ConditionExpression: 'attribute_not_exists(#data)',
            ExpressionAttributeNames: { '#data': ORDER_DATA },
          }),
        );
        result.converted++;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw toStorageFailure(error);
        result.alreadyInLayout++;
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return result;
}
