import { type CoreServices, TOKENS } from '@app/core';
import { createAddOrderHandler } from '../handlers/add-order.js';
import { createAuthorizerHandler } from '../handlers/authorizer.js';
import { createCancelOrderHandler } from '../handlers/cancel-order.js';
import { createEditOrderHandler } from '../handlers/edit-order.js';
import { createGetOrderHandler } from '../handlers/get-order.js';
import { createListOrdersHandler } from '../handlers/list-orders.js';
import { createUsersHandler } from '../handlers/users.js';
import { createObservability } from '../observability/observability.js';
import type { HandlerDependencies, Handlers } from './contracts.js';

/**
 * Every function of the route manifest, built from the same dependencies in Lambda and in the
 * local server. Each API gets its own logger and metrics (service `users` / `orders`).
 */
export function createHandlers(deps: HandlerDependencies): Handlers {
  const { services, verifier, adminGroup } = deps;
  const users = createObservability('users', deps);
  const orders = createObservability('orders', deps);
  const ordersDeps = { services, adminGroup, observability: orders };
  return {
    users: createUsersHandler({ services, observability: users }),
    authorizer: createAuthorizerHandler({ verifier, adminGroup, observability: users }),
    addOrder: createAddOrderHandler({ ...ordersDeps, idempotency: idempotencyOf(services) }),
    getOrder: createGetOrderHandler(ordersDeps),
    listOrders: createListOrdersHandler(ordersDeps),
    editOrder: createEditOrderHandler(ordersDeps),
    cancelOrder: createCancelOrderHandler(ordersDeps),
  };
}

/** The idempotency adapter the services were built with, for adapters that want the Lambda context. */
export function idempotencyOf(services: Pick<CoreServices, 'container'>): unknown {
  const { container } = services;
  return container.isBound(TOKENS.Idempotency) ? container.get(TOKENS.Idempotency) : undefined;
}
