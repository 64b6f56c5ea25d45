export { sampleContent, sampleOrder, sampleUser, uniqueId } from './fixtures.js';
export { describeIdempotencyContract, type IdempotencyContractOptions } from './idempotency.contract.js';
export { describeOrderRepositoryContract } from './order-repository.contract.js';
export { describeUserRepositoryContract } from './user-repository.contract.js';
