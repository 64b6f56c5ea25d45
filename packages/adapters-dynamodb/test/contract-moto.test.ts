import { describeUserRepositoryContract } from '@app/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbUserRepository } from '../src/index.js';
import { describeConditionalWriteContracts } from './helpers/contracts.js';
import { startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

// moto: a second DynamoDB implementation, which returns the refused item of a conditional write
// (ReturnValuesOnConditionCheckFailure: ALL_OLD) as DynamoDB does, without any patch.
let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase('contract-moto', 'moto');
});
afterAll(() => db?.close());

describeConditionalWriteContracts('moto', () => db);
describeUserRepositoryContract(
  'DynamoDB (moto)',
  async () => new DynamoDbUserRepository(db.client(), db.tables.users),
);
