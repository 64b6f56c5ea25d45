import {
  type DynaliteServer,
  LOCAL_CREDENTIALS,
  returnOldItemsOnConditionCheckFailure,
  startDynalite,
} from '@app/adapters-dynamodb/testing';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CapacityProxy, INVOCATION_HEADER, startCapacityProxy } from '../bench/cost/capacity-proxy.js';
import { type Item, itemSize, refusedWriteUnits } from '../bench/cost/request-units.js';

const TABLE = 'cost-proxy';
let dynalite: DynaliteServer;
let proxy: CapacityProxy;
let client: DynamoDBClient;

beforeAll(async () => {
  dynalite = await startDynalite();
  proxy = await startCapacityProxy(dynalite.endpoint);
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: proxy.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers[INVOCATION_HEADER] = '7';
      return next(args);
    },
    { step: 'build', name: 'costInvocationHeader' },
  );
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  returnOldItemsOnConditionCheckFailure(true);
});

afterAll(async () => {
  returnOldItemsOnConditionCheckFailure(false);
  client?.destroy();
  await proxy?.close();
  await dynalite?.close();
});

beforeEach(() => {
  proxy.calls.length = 0;
});

const large: Item = { pk: { S: 'large' }, body: { S: 'x'.repeat(1500) } };

describe('the consumed-capacity proxy', () => {
  it('records the units of a request that did not ask for them, and answers as if it had not', async () => {
    const put = await client.send(new PutItemCommand({ TableName: TABLE, Item: large }));
    const get = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'large' } } }));
    expect(put.ConsumedCapacity).toBeUndefined();
    expect(get.ConsumedCapacity).toBeUndefined();
    expect(get.Item).toEqual(large);
    expect(
      proxy.calls.map(({ operation, writeUnits, readUnits, unitsFrom, invocation }) => ({
        operation,
        writeUnits,
        readUnits,
        unitsFrom,
        invocation,
      })),
    ).toEqual([
      { operation: 'PutItem', writeUnits: 2, readUnits: 0, unitsFrom: 'server', invocation: '7' },
      { operation: 'GetItem', writeUnits: 0, readUnits: 0.5, unitsFrom: 'server', invocation: '7' },
    ]);
  });

  it('leaves the units in the answer of a request that asked for them', async () => {
    const put = await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'small' } }, ReturnConsumedCapacity: 'TOTAL' }),
    );
    expect(put.ConsumedCapacity?.CapacityUnits).toBe(1);
    expect(proxy.calls[0]?.writeUnits).toBe(1);
  });

  it('charges a refused conditional write the units of the item the refusal returns', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: large }));
    proxy.calls.length = 0;
    const refused = await client
      .send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { pk: { S: 'large' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      .then(
        () => ({ name: 'accepted', Item: undefined }),
        (error: unknown) => error as { name: string; Item?: Item },
      );
    expect(refused.name).toBe('ConditionalCheckFailedException');
    expect(refused.Item).toEqual(large);
    expect(itemSize(large)).toBeGreaterThan(1024);
    expect(proxy.calls).toMatchObject([
      {
        operation: 'PutItem',
        errorType: 'ConditionalCheckFailedException',
        writeUnits: refusedWriteUnits(large),
        unitsFrom: 'refused-write rule',
      },
    ]);
    expect(refusedWriteUnits(large)).toBe(2);
  });
});
