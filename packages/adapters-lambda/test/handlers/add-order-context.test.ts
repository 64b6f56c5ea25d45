import { buildServices } from '@app/core';
import {
  InMemoryIdempotency,
  InMemoryOrderRepository,
  InMemoryUserRepository,
  ManualClock,
} from '@app/core/in-memory';
import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../src/app/create-handlers.js';
import { ALICE, invoke, newOrder } from '../helpers/orders.js';

describe('POST /orders and its per-invocation hook', () => {
  it('hands the Lambda context to the hook on every invocation, failed ones included', async () => {
    const onAddOrderInvocation = vi.fn();
    const services = buildServices({
      userRepository: new InMemoryUserRepository(),
      orderRepository: new InMemoryOrderRepository(),
      idempotency: new InMemoryIdempotency({ clock: new ManualClock(new Date('2026-01-01T12:00:00Z')) }),
      cursorSigningKey: 'test-cursor-signing-key-0123456789',
    });
    const { addOrder } = createHandlers({
      services,
      verifier: { verify: async () => ({}) },
      adminGroup: 'apiAdmins',
      onAddOrderInvocation,
    });

    await invoke(addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    await invoke(addOrder, ALICE, 'POST', '/orders', { body: newOrder() });
    const refused = await invoke(addOrder, ALICE, 'POST', '/orders', {
      body: '{',
      headers: { 'Content-Type': 'application/json' },
    });

    expect(refused.statusCode).toBe(400);
    expect(onAddOrderInvocation).toHaveBeenCalledTimes(3);
    expect(onAddOrderInvocation).toHaveBeenLastCalledWith(
      expect.objectContaining({ functionName: 'orders', getRemainingTimeInMillis: expect.any(Function) }),
    );
  });
});
