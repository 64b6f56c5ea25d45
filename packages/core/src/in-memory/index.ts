export { ManualClock } from './clock.js';
export { InMemoryIdempotency, type InMemoryIdempotencyOptions } from './in-memory-idempotency.js';
export { InMemoryOrderRepository } from './in-memory-order-repository.js';
export { InMemoryUserRepository } from './in-memory-user-repository.js';
