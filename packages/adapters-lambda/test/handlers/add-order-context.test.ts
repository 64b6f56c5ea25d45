import { buildServices, type Idempotency } from '@app/core';
import {
  InMemoryIdempotency,
  InMemoryOrderRepository,
  InMemoryUserRepository,
  ManualClock,
} from '@app/core/in-memory';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/app/create-handlers.js';
import { ALICE, invoke, newOrder } from '../helpers/orders.js';

/** An idempotency adapter that, like the DynamoDB one, wants each invocation's Lambda context. */
function contextAwareIdempotency() {
  const inner = new InMemoryIdempotency({ clock: new ManualClock(new Date('2026-01-01T12:00:00Z')) });
  return {
    run: ((request) => inner.run(request)) as Idempotency['run'],
    registerLambdaContext: vi.fn(),
  };
}

describe('POST /orders and the idempotency adapter', () => {
  it('hands the Lambda context to the adapter on every invocation, failed ones included', async () => {
    const idempotency = contextAwareIdempotency();
    const services = buildServices({
      userRepository: new InMemoryUserRepository(),
      orderRepository: new InMemoryOrderRepository(),
      idempotency,
      cursorSigningKey: 'test-cursor-signing-key-0123456789',
    });
    const { addOrder } = createHandlers({
      services,
      verifier: { verify: async () => ({}) },
      adminGroup: 'apiAdmins',
    });

    await invoke(addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    await invoke(addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    const refused = await invoke(addOrder, ALICE, 'POST', '/orders', {
      body: '{',
      headers: { 'Content-Type': 'application/json' },
    });

    expect(refused.statusCode).toBe(400);
    expect(idempotency.registerLambdaContext).toHaveBeenCalledTimes(3);
    expect(idempotency.registerLambdaContext).toHaveBeenLastCalledWith(
      expect.objectContaining({ functionName: 'orders', getRemainingTimeInMillis: expect.any(Function) }),
    );
  });
});
