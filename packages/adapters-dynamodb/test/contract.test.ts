import { describeUserRepositoryContract } from '@app/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbUserRepository } from '../src/index.js';
import { describeConditionalWriteContracts } from './helpers/contracts.js';
import { startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

// dynalite as it is: a refused conditional write carries no item, so every failure path reads.
let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase('contract');
});
afterAll(() => db.close());

describeConditionalWriteContracts('dynalite', () => db);
describeUserRepositoryContract(
  'DynamoDB (dynalite)',
  async () => new DynamoDbUserRepository(db.client(), db.tables.users),
);
