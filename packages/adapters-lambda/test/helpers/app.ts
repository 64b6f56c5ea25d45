import { buildServices } from '@app/core';
import {
  InMemoryIdempotency,
  InMemoryOrderRepository,
  InMemoryUserRepository,
  ManualClock,
} from '@app/core/in-memory';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HandlerDependencies, Handlers } from '../../src/app/create-handlers.js';
import { createHandlers } from '../../src/app/create-handlers.js';

export const ADMIN_GROUP = 'apiAdmins';
export const START = new Date('2026-01-01T12:00:00.000Z');

/** The handlers over the core's in-memory adapters, with a clock the test moves. */
export function createTestApp(overrides: Partial<HandlerDependencies> = {}) {
  const clock = new ManualClock(START);
  const users = new InMemoryUserRepository();
  const orders = new InMemoryOrderRepository();
  const idempotency = new InMemoryIdempotency({ clock });
  const services = buildServices({
    userRepository: users,
    orderRepository: orders,
    idempotency,
    cursorSigningKey: 'test-cursor-signing-key-0123456789',
    clock,
  });
  const handlers: Handlers = createHandlers({
    services,
    verifier: {
      verify: async () => {
        throw new Error('no verifier in handler tests');
      },
    },
    adminGroup: ADMIN_GROUP,
    ...overrides,
  });
  return { handlers, services, clock, users, orders, idempotency };
}

/** The parsed JSON body of a response. */
export function bodyOf<T = Record<string, unknown>>(response: APIGatewayProxyResult): T {
  return JSON.parse(response.body) as T;
}
