import {
  InMemoryIdempotency,
  InMemoryOrderRepository,
  InMemoryUserRepository,
} from '../src/in-memory/index.js';
import {
  describeIdempotencyContract,
  describeOrderRepositoryContract,
  describeUserRepositoryContract,
} from '../src/testing/index.js';

describeOrderRepositoryContract('in memory', async () => new InMemoryOrderRepository());
describeUserRepositoryContract('in memory', async () => new InMemoryUserRepository());
describeIdempotencyContract('in memory', {
  windowSeconds: 3600,
  setup: async (clock) => new InMemoryIdempotency({ clock, windowSeconds: 3600 }),
});
