import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/**
 * Items as the workshop's code writes them (api.md "Storage layout"), for tests that put them
 * straight into a table: what its create-order writes (the whole order in `data`, an integer
 * restaurant and item ids, whole-second `Z` times), what its restaurant side and integration
 * tests write (`ACKNOWLEDGED`), and users with Python's zoneless `isoformat()` timestamps.
 */
export function workshopOrderItem(
  key: { userId: string; orderId: string },
  data: Item = {},
): { userId: string; orderId: string; data: Item } {
  return {
    userId: key.userId,
    orderId: key.orderId,
    data: {
      orderId: key.orderId,
      userId: key.userId,
      restaurantId: 1,
      orderItems: [
        { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
        { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
      ],
      totalAmount: 19.97,
      status: 'PLACED',
      orderTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...data,
    },
  };
}

/** A user as the workshop's users function stores it: its timestamp has no zone designator. */
export function workshopUserItem(userid: string, attributes: Item = {}): Item {
  return {
    userid,
    name: 'Jane Workshop',
    email: 'jane.workshop@example.com',
    timestamp: '2024-05-06T07:08:09.123456',
    ...attributes,
  };
}

/** Writes an item as it is, past every repository (what another program sharing the table does). */
export async function putRawItem(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Item,
): Promise<void> {
  await client.send(new PutCommand({ TableName: tableName, Item: item }));
}
