import { describe, expect, it } from 'vitest';
import { buildServices } from '../src/di/container.js';
import { InMemoryOrderRepository } from '../src/in-memory/index.js';
import { customer, orderInput } from './helpers/services.js';

describe('buildServices', () => {
  it('serves the use cases whose ports are given and names the missing port otherwise', async () => {
    const orderRepository = new InMemoryOrderRepository();
    await orderRepository.create({
      ...orderInput(),
      userId: 'alice',
      status: 'PLACED',
      orderTime: '2026-01-01T00:00:00Z',
    });
    const { orders, users } = buildServices({ orderRepository });
    expect((await orders.get(customer('alice'), 'order-1')).orderId).toBe('order-1');
    await expect(orders.create(customer('alice'), orderInput('o-2'))).rejects.toThrow(
      'The Idempotency port is not configured in this composition (called run).',
    );
    await expect(orders.list(customer('alice'), { nextToken: 'a.b' })).rejects.toThrow(
      'CursorCodec (cursorSigningKey)',
    );
    await expect(users.get(customer('u'), 'u')).rejects.toThrow('The UserRepository port is not configured');
  });
});
