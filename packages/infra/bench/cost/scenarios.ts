import { randomUUID } from 'node:crypto';
import type { FunctionName, RouteDefinition } from '@app/adapters-lambda';
import { apiGatewayEvent, cognitoClaims } from '../../test/support/api-events.js';
import { orderRequest } from '../fixtures.js';

/** Rows the tables hold before the functions run: a full first page for both lists. */
export const SEEDED_USERS = 60;
export const SEEDED_ORDERS = 60;

export interface Invocation {
  /** The route (`METHOD /path`, or a variant of it) the invocation stands for; `warmup:` first ones. */
  label: string;
  event: unknown;
}

export interface Principals {
  admin: { sub: string; email: string };
  /** A regular user with a row in the users table. */
  user: { sub: string; email: string };
  /** Orders callers: `lister` with SEEDED_ORDERS orders, `canceller` with one order per cancel, `placer` with none. */
  lister: { sub: string; email: string; orderIds: string[] };
  canceller: { sub: string; email: string; orderIds: string[] };
  placer: { sub: string; email: string };
  pool: { userPoolId: string; clientId: string };
}

export const person = (name: string) => {
  const sub = randomUUID();
  return { sub, email: `${name}-${sub.slice(0, 8)}@example.com` };
};

/** A route's event label; a variant (`(replay)`) is its own line. */
export const routeLabel = (route: Pick<RouteDefinition, 'method' | 'path'>, variant = '') =>
  `${route.method} ${route.path}${variant === '' ? '' : ` ${variant}`}`;

/**
 * The invocations each function runs, `warmups` then `count` per route, every one a request the
 * route answers with success on the seeded tables (a cost of a failure path would be another
 * figure): lists read a full page of 50, writes change a real row, each cancel its own order,
 * each place a new order, each replay one of those.
 */
export function scenarioEvents(
  routes: readonly RouteDefinition[],
  who: Principals,
  warmups: number,
  count: number,
): Record<Exclude<FunctionName, 'authorizer'>, Invocation[]> {
  const total = warmups + count;
  const label = (name: string, index: number) => (index < warmups ? `warmup:${name}` : name);
  const tokenContext = (principal: { sub: string; email: string }, isAdmin: boolean) => ({
    sub: principal.sub,
    email: principal.email,
    isAdmin: isAdmin ? 'true' : 'false',
    principalId: principal.sub,
    integrationLatency: 0,
  });
  const claims = (principal: { sub: string; email: string }) =>
    cognitoClaims(principal.sub, principal.email, who.pool);
  const newUserIds = Array.from(
    { length: total },
    (_, index) => `cost-new-user-${index}-${randomUUID().slice(0, 8)}`,
  );
  const placed = Array.from({ length: total }, () => orderRequest());
  const { orderId: _, ...editedContent } = { ...orderRequest(), totalAmount: 30 };

  const byRoute: Record<string, (index: number) => unknown> = {
    'GET /users': () =>
      apiGatewayEvent({ method: 'GET', resource: '/users', authorizer: tokenContext(who.admin, true) }),
    'POST /users': (index) =>
      apiGatewayEvent({
        method: 'POST',
        resource: '/users',
        body: { userid: newUserIds[index], name: 'Ana Lima', email: `ana.${index}@example.com` },
        authorizer: tokenContext(who.admin, true),
      }),
    'GET /users/{userid}': () =>
      apiGatewayEvent({
        method: 'GET',
        resource: '/users/{userid}',
        pathParameters: { userid: who.user.sub },
        authorizer: tokenContext(who.user, false),
      }),
    'PUT /users/{userid}': () =>
      apiGatewayEvent({
        method: 'PUT',
        resource: '/users/{userid}',
        pathParameters: { userid: who.user.sub },
        body: { name: 'Bo Lima', email: who.user.email },
        authorizer: tokenContext(who.user, false),
      }),
    'DELETE /users/{userid}': (index) =>
      apiGatewayEvent({
        method: 'DELETE',
        resource: '/users/{userid}',
        pathParameters: { userid: newUserIds[index]! },
        authorizer: tokenContext(who.admin, true),
      }),
    'POST /orders': (index) =>
      apiGatewayEvent({
        method: 'POST',
        resource: '/orders',
        body: placed[index],
        authorizer: claims(who.placer),
      }),
    'GET /orders': () =>
      apiGatewayEvent({ method: 'GET', resource: '/orders', authorizer: claims(who.lister) }),
    'GET /orders/{orderId}': () =>
      apiGatewayEvent({
        method: 'GET',
        resource: '/orders/{orderId}',
        pathParameters: { orderId: who.lister.orderIds[0]! },
        authorizer: claims(who.lister),
      }),
    'PUT /orders/{orderId}': () =>
      apiGatewayEvent({
        method: 'PUT',
        resource: '/orders/{orderId}',
        pathParameters: { orderId: who.lister.orderIds[1]! },
        body: editedContent,
        authorizer: claims(who.lister),
      }),
    'DELETE /orders/{orderId}': (index) =>
      apiGatewayEvent({
        method: 'DELETE',
        resource: '/orders/{orderId}',
        pathParameters: { orderId: who.canceller.orderIds[index]! },
        authorizer: claims(who.canceller),
      }),
  };
  const replay = (index: number) => byRoute['POST /orders']!(index);

  const events: Record<string, Invocation[]> = {};
  for (const route of routes) {
    const name = routeLabel(route);
    const make = byRoute[name];
    if (make === undefined) throw new Error(`the cost bench has no scenario for ${name}`);
    const list = events[route.function] ?? [];
    events[route.function] = list;
    for (let index = 0; index < total; index++) list.push({ label: label(name, index), event: make(index) });
    if (name === 'POST /orders') {
      const variant = routeLabel(route, '(replay)');
      for (let index = 0; index < total; index++)
        list.push({ label: label(variant, index), event: replay(index) });
    }
  }
  return events as Record<Exclude<FunctionName, 'authorizer'>, Invocation[]>;
}
