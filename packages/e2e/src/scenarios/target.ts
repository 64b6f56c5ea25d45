import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiClient, ApiResponse } from '../api-client.js';

/** A signed-in caller: the ID token to send, its `sub` (the user id), its email. */
export interface Identity {
  token: string;
  sub: string;
  email: string;
}

/**
 * A deployment of the two APIs the scenarios run against: the local server, or the deployed
 * stacks. Only the public API is used; anything else a scenario needs is a capability.
 */
export interface ApiTarget {
  /** Base URL of the users API (`…/Prod` on AWS); paths `/users…` are appended. */
  usersUrl: string;
  /** Base URL of the orders API; paths `/orders…` are appended. */
  ordersUrl: string;
  /** A valid ID token for `email`, in the admin group when `admin` is true. */
  tokenFor(email: string, options?: { admin?: boolean }): Promise<Identity>;
  /** How tokens are sent: `Bearer <token>` (default) or raw, as the workshop's clients do. */
  authorization?: 'bearer' | 'raw';
}

/** A clock the scenarios can move: order times and the cancel window follow it. */
export interface TargetClock {
  now(): Promise<Date>;
  /** Moves the clock forward and answers the new time; fails when it cannot. */
  advance(seconds: number): Promise<Date>;
}

/**
 * What a target can do beyond the public API. Scenarios that need a capability are *defined*
 * only when it is given, never registered and skipped (a skipped test fails this repo's summary).
 */
export interface TargetCapabilities {
  clock?: TargetClock;
  /** The clock also expires idempotency records (true in memory; Powertools on DynamoDB uses the wall clock). */
  clockExpiresIdempotency?: boolean;
  /** What the restaurant does: `PLACED` → `ACKNOWLEDGED`; answers the route's response. */
  acknowledge?(userId: string, orderId: string): Promise<ApiResponse>;
}

export interface ApiScenarioOptions {
  /**
   * Given when the suite is defined, because vitest registers tests before any hook runs. The
   * functions may use state that a `beforeAll` of the caller sets up (they are called in tests).
   */
  capabilities: TargetCapabilities;
  /**
   * True when API Gateway request models validate bodies before the handlers (the deployed
   * stacks): a body that fails the model never reaches the handler, so the answer is the gateway's
   * `VALIDATION_FAILED` problem without `errors`. The local server has no request models.
   */
  gatewayRequestModels: boolean;
}

export const UNAUTHORIZED = { message: 'Unauthorized' };
export const ACCESS_DENIED = { Message: 'User is not authorized to access this resource' };
export const MISSING_TOKEN = { message: 'Missing Authentication Token' };

/** Methods and paths no route of the manifest matches: API Gateway answers MISSING_TOKEN. */
export const UNKNOWN_ROUTES = [
  ['GET', '/nope'],
  ['PATCH', '/orders'],
  ['POST', '/users/abc'],
  ['GET', '/orders/a/b'],
] as const;

/** A valid create-order body. */
export function newOrder(orderId = `order-${randomUUID()}`, overrides: Record<string, unknown> = {}) {
  return {
    orderId,
    restaurantId: 1,
    orderItems: [{ id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 }],
    totalAmount: 9.99,
    ...overrides,
  };
}

/**
 * What each scenario file reads once the suite's `beforeAll` has run: the client for the target,
 * an admin, and a way to get new users. Read in hooks and tests only, never while defining.
 */
export interface ScenarioContext {
  readonly api: ApiClient;
  readonly admin: Identity;
  /** A token for a new, unique user. */
  newIdentity(identity?: { admin?: boolean }): Promise<Identity>;
}

/** API Gateway's `BAD_REQUEST_BODY` response of the stacks: a problem without `errors`. */
export function expectGatewayValidationFailure(response: ApiResponse): void {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.json).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  expect(response.json.requestId).toBe(response.headers.get('x-amzn-requestid'));
}
