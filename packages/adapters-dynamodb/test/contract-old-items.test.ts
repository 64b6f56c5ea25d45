import { afterAll, beforeAll } from 'vitest';
import { returnOldItemsOnConditionCheckFailure } from '../src/testing/index.js';
import { describeConditionalWriteContracts } from './helpers/contracts.js';
import { startTestDatabase, type TestDatabase } from './helpers/dynamodb.js';

// dynalite made to behave like DynamoDB: a refused conditional write returns the stored item
// (ALL_OLD), so failure paths read nothing more. The user repository asks for no item back, so
// its contract runs only in contract.test.ts.
let db: TestDatabase;
beforeAll(async () => {
  returnOldItemsOnConditionCheckFailure();
  db = await startTestDatabase('contract-old');
});
afterAll(async () => {
  returnOldItemsOnConditionCheckFailure(false);
  await db.close();
});

describeConditionalWriteContracts('item returned on a refused write', () => db);
