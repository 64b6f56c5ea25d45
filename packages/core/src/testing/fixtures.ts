import type { Order, OrderContent } from '../orders/order.schema.js';
import type { User } from '../users/user.schema.js';

/** A fresh id, unique per call, so contract tests can share one store. */
export const uniqueId = (prefix = 'id'): string => `${prefix}-${globalThis.crypto.randomUUID()}`;

export const sampleContent = (overrides: Partial<OrderContent> = {}): OrderContent => ({
  restaurantId: 200,
  orderItems: [
    { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
    { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
  ],
  totalAmount: 19.97,
  ...overrides,
});

export const sampleOrder = (overrides: Partial<Order> = {}): Order => ({
  orderId: uniqueId('order'),
  userId: uniqueId('user'),
  ...sampleContent(),
  status: 'PLACED',
  orderTime: '2026-01-01T12:00:00Z',
  ...overrides,
});

export const sampleUser = (overrides: Partial<User> = {}): User => ({
  userid: uniqueId('user'),
  name: 'Jane Doe',
  email: 'jane@example.com',
  timestamp: '2026-01-01T12:00:00.000Z',
  ...overrides,
});
