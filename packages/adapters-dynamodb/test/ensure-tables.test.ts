import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDynamoDbClient, ensureTables, TABLE_DEFINITIONS, type TableKind } from '../src/index.js';
import { uniqueTableNames } from '../src/testing/index.js';
import { SERVERS, startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

let db: TestDatabase;
// Every test here runs on both servers: dynalite in process, and moto (see server-differences.test.ts).
describe.each(SERVERS)('on %s', (kind) => {
  beforeAll(async () => {
    db = await startTestDatabase(`tables-${kind}`, kind);
  });
  afterAll(() => db.close());

  const describeTable = async (tableName: string) =>
    (await asDynamoDbClient(db.client()).send(new DescribeTableCommand({ TableName: tableName }))).Table;

  describe('ensureTables', () => {
    it('creates the three tables on demand with the exported key schemas', async () => {
      const tables = uniqueTableNames('schemas');
      await ensureTables(db.client(), tables);
      for (const kind of Object.keys(TABLE_DEFINITIONS) as TableKind[]) {
        const definition: {
          partitionKey: { name: string; type: string };
          sortKey?: { name: string; type: string };
        } = TABLE_DEFINITIONS[kind];
        const keys = [
          definition.partitionKey,
          ...(definition.sortKey === undefined ? [] : [definition.sortKey]),
        ];
        const table = await describeTable(tables[kind]);
        expect(table?.TableStatus).toBe('ACTIVE');
        expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
        expect(table?.KeySchema).toEqual(
          keys.map(({ name }, i) => ({ AttributeName: name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        );
        expect(table?.AttributeDefinitions).toEqual(
          expect.arrayContaining(
            keys.map(({ name, type }) => ({ AttributeName: name, AttributeType: type })),
          ),
        );
      }
    });

    it('is idempotent and safe to call concurrently', async () => {
      const tables = uniqueTableNames('concurrent');
      await Promise.all([1, 2, 3].map(() => ensureTables(db.client(), tables)));
      await ensureTables(db.client(), tables);
      expect((await describeTable(tables.orders))?.TableStatus).toBe('ACTIVE');
    });

    it('turns TTL on for the idempotency table’s expiration', async () => {
      // dynalite has no UpdateTimeToLive: answer it there as DynamoDB does. moto implements it.
      const client = db.client();
      const requests: unknown[] = [];
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'UpdateTimeToLiveCommand') return next(args);
          requests.push(args.input);
          return kind === 'moto' ? next(args) : { output: { $metadata: {} }, response: {} };
        },
        { step: 'initialize', name: 'answerUpdateTimeToLive' },
      );
      const tables = uniqueTableNames('ttl');
      await ensureTables(client, tables);
      const attributeName = TABLE_DEFINITIONS.idempotency.timeToLiveAttribute;
      expect(requests).toEqual([
        {
          TableName: tables.idempotency,
          TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true },
        },
      ]);
      if (kind === 'moto') {
        const { TimeToLiveDescription } = await asDynamoDbClient(client).send(
          new DescribeTimeToLiveCommand({ TableName: tables.idempotency }),
        );
        expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: attributeName });
      }
    });
  });
});
