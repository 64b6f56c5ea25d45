import {
  describeIdempotencyContract,
  describeOrderRepositoryContract,
  describeUserRepositoryContract,
} from '@app/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbIdempotency, DynamoDbOrderRepository, DynamoDbUserRepository } from '../src/index.js';
import { startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

// dynalite as it is: a refused conditional write carries no item, so every failure path reads.
let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase('contract');
});
afterAll(() => db.close());

describeOrderRepositoryContract(
  'DynamoDB (dynalite)',
  async () => new DynamoDbOrderRepository(db.client(), db.tables.orders),
);
describeUserRepositoryContract(
  'DynamoDB (dynalite)',
  async () => new DynamoDbUserRepository(db.client(), db.tables.users),
);
describeIdempotencyContract('DynamoDB with Powertools (dynalite)', {
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
