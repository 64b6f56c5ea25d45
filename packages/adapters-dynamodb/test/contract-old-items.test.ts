import { describeIdempotencyContract, describeOrderRepositoryContract } from '@app/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbIdempotency, DynamoDbOrderRepository } from '../src/index.js';
import { returnOldItemsOnConditionCheckFailure } from '../src/testing/index.js';
import { startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

// dynalite made to behave like DynamoDB: a refused conditional write returns the stored item
// (ALL_OLD), so failure paths read nothing more. The user repository asks for no item back.
let db: TestDatabase;
beforeAll(async () => {
  returnOldItemsOnConditionCheckFailure();
  db = await startTestDatabase('contract-old');
});
afterAll(async () => {
  returnOldItemsOnConditionCheckFailure(false);
  await db.close();
});

describeOrderRepositoryContract(
  'DynamoDB (item returned on a refused write)',
  async () => new DynamoDbOrderRepository(db.client(), db.tables.orders),
);
describeIdempotencyContract('DynamoDB with Powertools (item returned on a refused write)', {
  windowSeconds: 2,
  followsClock: false,
  setup: async () =>
    new DynamoDbIdempotency({
      client: db.client(),
      tableName: db.tables.idempotency,
      keyPrefix: 'contract',
      windowSeconds: 2,
    }),
});
