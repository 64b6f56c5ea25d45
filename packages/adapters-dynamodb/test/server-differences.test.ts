import {
  type AttributeValue,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDynamoDbClient, TABLE_DEFINITIONS } from '../src/index.js';
import { SERVERS, type ServerKind, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

/**
 * Where dynalite and moto answer the same request differently, each pinned to what the server
 * does today, beside what DynamoDB's documentation says (the table in this package's README).
 * A server release that changes one of them fails here, so the README is updated with it.
 */
const servers = {} as Record<ServerKind, TestDatabase>;
beforeAll(async () => {
  for (const kind of SERVERS) servers[kind] = await startTestDatabase(`differences-${kind}`, kind);
});
afterAll(async () => {
  for (const kind of SERVERS) await servers[kind]?.close();
});

const client = (kind: ServerKind): DynamoDBClient =>
  asDynamoDbClient(servers[kind].client({ maxAttempts: 1 }));
const orderKey = (orderId: string): Record<string, AttributeValue> => ({
  userId: { S: 'user-1' },
  orderId: { S: orderId },
});
/** What a call answers: its output, or the error's name and the item it carries, if any. */
const outcome = (call: Promise<object>) =>
  call.then(
    (output) => ({ ok: output }),
    (error: { name: string; Item?: unknown }) => ({ error: error.name, item: error.Item }),
  );

describe.each(SERVERS)('%s, where the two servers differ', (kind) => {
  const isMoto = kind === 'moto';
  const orders = () => servers[kind].tables.orders;

  it(`${isMoto ? 'returns' : 'drops'} the refused item of a conditional write asked for with ReturnValuesOnConditionCheckFailure (DynamoDB returns it)`, async () => {
    const item = { ...orderKey('refused'), status: { S: 'PLACED' } };
    await client(kind).send(new PutItemCommand({ TableName: orders(), Item: item }));
    const refused = await outcome(
      client(kind).send(
        new PutItemCommand({
          TableName: orders(),
          Item: orderKey('refused'),
          ConditionExpression: 'attribute_not_exists(userId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    expect(refused).toEqual({ error: 'ConditionalCheckFailedException', item: isMoto ? item : undefined });
  });

  it(`${isMoto ? 'keeps' : 'trims'} the trailing zeroes of a stored number (DynamoDB trims them)`, async () => {
    const key = orderKey('number');
    await client(kind).send(
      new PutItemCommand({ TableName: orders(), Item: { ...key, totalAmount: { N: '19.50' } } }),
    );
    const { Item } = await client(kind).send(new GetItemCommand({ TableName: orders(), Key: key }));
    expect(Item?.totalAmount).toEqual({ N: isMoto ? '19.50' : '19.5' });
  });

  it(`${isMoto ? 'accepts' : 'refuses'} a number of more than 38 significant digits (DynamoDB refuses it)`, async () => {
    const stored = await outcome(
      client(kind).send(
        new PutItemCommand({
          TableName: orders(),
          Item: { ...orderKey('precision'), totalAmount: { N: `1.${'1'.repeat(38)}` } },
        }),
      ),
    );
    expect('error' in stored ? stored.error : 'stored').toBe(isMoto ? 'stored' : 'ValidationException');
  });

  it(`${isMoto ? 'omits' : 'returns'} LastEvaluatedKey for a page that exactly fills Limit (DynamoDB returns it)`, async () => {
    const userId = `user-page-${kind}`;
    for (const orderId of ['o-1', 'o-2']) {
      await client(kind).send(
        new PutItemCommand({ TableName: orders(), Item: { userId: { S: userId }, orderId: { S: orderId } } }),
      );
    }
    const page = await client(kind).send(
      new QueryCommand({
        TableName: orders(),
        KeyConditionExpression: 'userId = :userId',
        ExpressionAttributeValues: { ':userId': { S: userId } },
        Limit: 2,
      }),
    );
    expect(page.Items).toHaveLength(2);
    expect(page.LastEvaluatedKey).toEqual(
      isMoto ? undefined : { userId: { S: userId }, orderId: { S: 'o-2' } },
    );
  });

  it(`${isMoto ? 'ignores' : 'refuses'} an ExclusiveStartKey outside the query's partition (DynamoDB refuses it)`, async () => {
    const page = await outcome(
      client(kind).send(
        new QueryCommand({
          TableName: orders(),
          KeyConditionExpression: 'userId = :userId',
          ExpressionAttributeValues: { ':userId': { S: 'user-1' } },
          ExclusiveStartKey: { userId: { S: 'someone-else' }, orderId: { S: 'o-1' } },
        }),
      ),
    );
    expect('error' in page ? page.error : 'answered').toBe(isMoto ? 'answered' : 'ValidationException');
  });

  it(`${isMoto ? 'fails with a server error' : 'refuses with ValidationException'} for Limit 0 (DynamoDB: ValidationException, minimum 1)`, async () => {
    const page = await outcome(
      client(kind).send(
        new QueryCommand({
          TableName: orders(),
          KeyConditionExpression: 'userId = :userId',
          ExpressionAttributeValues: { ':userId': { S: 'user-1' } },
          Limit: 0,
        }),
      ),
    );
    // moto answers an HTML error page, which the SDK cannot parse as a DynamoDB error.
    expect('error' in page && page.error).toBe(isMoto ? 'SyntaxError' : 'ValidationException');
  });

  it(`${isMoto ? 'implements' : 'lacks'} UpdateTimeToLive (DynamoDB implements it)`, async () => {
    const tableName = servers[kind].tables.idempotency;
    const attributeName = TABLE_DEFINITIONS.idempotency.timeToLiveAttribute;
    // ensureTables turned TTL on where the server can: on moto it is on already.
    const { TimeToLiveDescription } = await client(kind).send(
      new DescribeTimeToLiveCommand({ TableName: tableName }),
    );
    expect(TimeToLiveDescription).toEqual(
      isMoto
        ? { TimeToLiveStatus: 'ENABLED', AttributeName: attributeName }
        : { TimeToLiveStatus: 'DISABLED' },
    );
    const update = await outcome(
      client(kind).send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: attributeName, Enabled: false },
        }),
      ),
    );
    expect('error' in update ? update.error : 'updated').toBe(
      isMoto ? 'updated' : 'UnknownOperationException',
    );
  });

  it(`${isMoto ? 'implements' : 'lacks'} TransactWriteItems (DynamoDB implements it)`, async () => {
    const written = await outcome(
      client(kind).send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: orders(), Item: orderKey('transaction') } }],
        }),
      ),
    );
    expect('error' in written ? written.error : 'written').toBe(
      isMoto ? 'written' : 'UnknownOperationException',
    );
  });
});
