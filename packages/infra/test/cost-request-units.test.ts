import { type DynaliteServer, LOCAL_CREDENTIALS, startDynalite } from '@app/adapters-dynamodb/testing';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getItemReadUnits,
  type Item,
  itemSize,
  numberSize,
  pageReadUnits,
  refusedWriteUnits,
  writeUnits,
} from '../bench/cost/request-units.js';

const TABLE = 'cost-units';
let dynalite: DynaliteServer;
let client: DynamoDBClient;

beforeAll(async () => {
  dynalite = await startDynalite();
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynalite.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    }),
  );
});

afterAll(async () => {
  client?.destroy();
  await dynalite?.close();
});

/** An item laid out as the orders table holds one (keys, a `data` map with a list of maps, numbers), padded to `bytes`. */
function orderShapedItem(pk: string, sk: string, bytes: number, number = '26.48'): Item {
  const item = (pad: string): Item => ({
    pk: { S: pk },
    sk: { S: sk },
    data: {
      M: {
        orderId: { S: sk },
        restaurantId: { N: '7' },
        orderItems: {
          L: [
            { M: { id: { N: '1' }, name: { S: 'Spaghetti' }, price: { N: '9.99' }, quantity: { N: '2' } } },
            { M: { id: { N: '2' }, name: { S: 'Tiramisu' }, price: { N: '6.5' }, quantity: { N: '1' } } },
          ],
        },
        totalAmount: { N: number },
        status: { S: 'PLACED' },
        canceled: { BOOL: false },
        note: { NULL: true },
        pad: { S: pad },
      },
    },
  });
  const padding = bytes - itemSize(item(''));
  if (padding < 0) throw new Error(`an order-shaped item is at least ${itemSize(item(''))} bytes`);
  const padded = item('x'.repeat(padding));
  expect(itemSize(padded)).toBe(bytes);
  return padded;
}

const consumed = (answer: { ConsumedCapacity?: { CapacityUnits?: number } }) =>
  answer.ConsumedCapacity?.CapacityUnits;
let keys = 0;
const freshKey = () => `item-${keys++}`;

describe('DynamoDB request units: the documented rules agree with dynalite', () => {
  it.each([
    [1024, 1],
    [1025, 2],
    [2048, 2],
    [2049, 3],
  ])('a new %i-byte item costs %i write units', async (bytes, units) => {
    const item = orderShapedItem('writes', freshKey(), bytes);
    const answer = await client.send(
      new PutItemCommand({ TableName: TABLE, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(writeUnits(undefined, item)).toBe(units);
    expect(consumed(answer)).toBe(units);
  });

  it.each([
    '7',
    '6.5',
    '9.99',
    '26.48',
    '0.05',
    '-3',
    '100',
    '260',
    '1e10',
    '12345678901234567890123456789',
    '0',
  ])('sizes the number %s to the byte, as dynalite does', async (number) => {
    // Byte-exact: padded to 1,024 bytes by our rule, dynalite must count one unit; one byte more, two.
    for (const [bytes, units] of [
      [1024, 1],
      [1025, 2],
    ] as const) {
      const item = orderShapedItem('numbers', freshKey(), bytes, number);
      const answer = await client.send(
        new PutItemCommand({ TableName: TABLE, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
      );
      expect(consumed(answer), `${number} in a ${bytes}-byte item`).toBe(units);
    }
  });

  it.each([
    [4096, true, 1],
    [4096, false, 0.5],
    [4097, true, 2],
    [4097, false, 1],
  ])('reading a %i-byte item (consistent: %s) costs %d read units', async (bytes, consistentRead, units) => {
    const sk = freshKey();
    const item = orderShapedItem('reads', sk, bytes);
    await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    const answer = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'reads' }, sk: { S: sk } },
        ConsistentRead: consistentRead,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(getItemReadUnits(item, consistentRead)).toBe(units);
    expect(consumed(answer)).toBe(units);
  });

  it('charges a read of a missing item one unit, half when eventually consistent', async () => {
    for (const consistentRead of [true, false]) {
      const answer = await client.send(
        new GetItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'missing' }, sk: { S: 'nothing' } },
          ConsistentRead: consistentRead,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      expect(answer.Item).toBeUndefined();
      expect(getItemReadUnits(undefined, consistentRead)).toBe(consistentRead ? 1 : 0.5);
      expect(consumed(answer)).toBe(getItemReadUnits(undefined, consistentRead));
    }
  });

  it('charges an update the larger of the item before and after, a delete the deleted item', async () => {
    const sk = freshKey();
    const small = orderShapedItem('updates', sk, 900);
    const large = orderShapedItem('updates', sk, 1500);
    await client.send(new PutItemCommand({ TableName: TABLE, Item: small }));
    const grow = await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: small.pk!, sk: small.sk! },
        UpdateExpression: 'SET #data = :data',
        ExpressionAttributeNames: { '#data': 'data' },
        ExpressionAttributeValues: { ':data': large.data! },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(consumed(grow)).toBe(writeUnits(small, large));
    expect(writeUnits(small, large)).toBe(2);
    const shrink = await client.send(
      new PutItemCommand({ TableName: TABLE, Item: small, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(consumed(shrink)).toBe(writeUnits(large, small));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: large }));
    const deleted = await client.send(
      new DeleteItemCommand({
        TableName: TABLE,
        Key: { pk: large.pk!, sk: large.sk! },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    expect(consumed(deleted)).toBe(writeUnits(large, undefined));
  });

  it('charges a Query page the summed size of its items as one read, half when eventually consistent', async () => {
    const items = [1500, 1500, 1200].map((bytes) => orderShapedItem('page', freshKey(), bytes));
    for (const item of items) await client.send(new PutItemCommand({ TableName: TABLE, Item: item }));
    for (const consistentRead of [true, false]) {
      const answer = await client.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'page' } },
          ConsistentRead: consistentRead,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      expect(answer.Items).toHaveLength(3);
      // 4,200 bytes: two 4 KB units together, where three separate reads would be three.
      expect(pageReadUnits(items, consistentRead)).toBe(consistentRead ? 2 : 1);
      expect(consumed(answer)).toBe(pageReadUnits(items, consistentRead));
    }
  });
});

describe('DynamoDB request units: the rules dynalite cannot show', () => {
  it('charges a refused conditional write the existing item, one unit when there is none', () => {
    expect(refusedWriteUnits(undefined)).toBe(1);
    expect(refusedWriteUnits(orderShapedItem('refused', 'a', 1500))).toBe(2);
  });

  it('counts strings and names in UTF-8 bytes, as DynamoDB does', () => {
    // dynalite counts UTF-16 code units ("é" is 1 there, 2 bytes here): the bench's items are ASCII.
    expect(itemSize({ plat: { S: 'crème brûlée' } })).toBe(4 + 15);
    expect(itemSize({ prénom: { S: 'Zoë' } })).toBe(7 + 4);
  });

  it('sizes numbers by base-100 digits aligned to the decimal point', () => {
    expect([
      numberSize('7'),
      numberSize('6.5'),
      numberSize('26'),
      numberSize('260'),
      numberSize('-3'),
    ]).toEqual([2, 3, 2, 3, 3]);
  });
});
