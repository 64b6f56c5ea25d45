import type { Principal } from '../../src/auth/principal.js';
import { buildServices } from '../../src/di/container.js';
import { DomainError } from '../../src/errors.js';
import {
  InMemoryIdempotency,
  InMemoryOrderRepository,
  InMemoryUserRepository,
  ManualClock,
} from '../../src/in-memory/index.js';
import { sampleContent } from '../../src/testing/fixtures.js';

export const START = new Date('2026-01-01T12:00:00.000Z');

export function makeServices(start: Date = START) {
  const clock = new ManualClock(start);
  const idempotency = new InMemoryIdempotency({ clock });
  const orderRepository = new InMemoryOrderRepository();
  const userRepository = new InMemoryUserRepository();
  const services = buildServices({
    userRepository,
    orderRepository,
    idempotency,
    clock,
    cursorSigningKey: 'test-signing-key-0123456789',
  });
  return { ...services, clock, idempotency, orderRepository, userRepository };
}

export const customer = (sub = 'user-1'): Principal => ({ sub, groups: [], isAdmin: false });
export const admin = (sub = 'admin-1'): Principal => ({ sub, groups: ['apiAdmins'], isAdmin: true });

/** The error code a promise rejects with, or 'resolved'. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/** The DomainError a promise rejects with; fails the test when it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but the call succeeded');
}

export const orderInput = (orderId = 'order-1', overrides: Record<string, unknown> = {}) => ({
  orderId,
  ...sampleContent(),
  ...overrides,
});
