import { describeIdempotencyContract, describeOrderRepositoryContract } from '@app/core/testing';
import { DynamoDbIdempotency, DynamoDbOrderRepository } from '../../src/index.js';
import type { TestDatabase } from './dynamodb.js';

/**
 * The core's contracts for the adapters whose failure paths depend on what a refused conditional
 * write answers (the order repository and Powertools idempotency), on the database `database`
 * answers once the file's `beforeAll` has started it. `variant` names how dynalite behaves.
 */
export function describeConditionalWriteContracts(variant: string, database: () => TestDatabase): void {
  describeOrderRepositoryContract(
    `DynamoDB (${variant})`,
    async () => new DynamoDbOrderRepository(database().client(), database().tables.orders),
  );
  describeIdempotencyContract(`DynamoDB with Powertools (${variant})`, {
    windowSeconds: 2,
    followsClock: false,
    setup: async () =>
      new DynamoDbIdempotency({
        client: database().client(),
        tableName: database().tables.idempotency,
        keyPrefix: 'contract',
        windowSeconds: 2,
      }),
  });
}
