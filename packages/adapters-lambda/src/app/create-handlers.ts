import type { CoreServices } from '@app/core';
import type { Context } from 'aws-lambda';
import type { IdTokenVerifier } from '../auth/id-token-verifier.js';
import { type CorsPolicy, DEFAULT_CORS_POLICY } from '../cors.js';
import { createAddOrderHandler } from '../handlers/add-order.js';
import { createAuthorizerHandler, type TokenAuthorizerHandler } from '../handlers/authorizer.js';
import { createCancelOrderHandler } from '../handlers/cancel-order.js';
import { createEditOrderHandler } from '../handlers/edit-order.js';
import { createGetOrderHandler } from '../handlers/get-order.js';
import { createListOrdersHandler } from '../handlers/list-orders.js';
import { createUsersHandler } from '../handlers/users.js';
import type { ApiHandler } from '../http/http-handler.js';
import { withCors } from '../http/with-cors.js';
import {
  createObservability,
  type LoggerFactory,
  type MetricsFactory,
} from '../observability/observability.js';
import type { FunctionName } from '../routes.js';

/** What the handlers are built from: the same in Lambda and in the local server. */
export interface HandlerDependencies {
  services: CoreServices;
  verifier: IdTokenVerifier;
  /** The Cognito group whose members are admins (config `ADMIN_GROUP_NAME`). */
  adminGroup: string;
  /** Told each `POST /orders` invocation's Lambda context (the DynamoDB idempotency adapter wants it). */
  onAddOrderInvocation?: (context: Context) => void;
  /** Which origins' pages may read the responses (config `CORS_ALLOWED_ORIGINS`); default any. */
  cors?: CorsPolicy;
  /** Powertools Logger per API service; default: a Logger named after the service. */
  createLogger?: LoggerFactory;
  /** Powertools Metrics per API service; default: namespace `ServerlessWorkshop`, `service` dimension. */
  createMetrics?: MetricsFactory;
}

export type Handlers = Record<Exclude<FunctionName, 'authorizer'>, ApiHandler> & {
  authorizer: TokenAuthorizerHandler;
};

/**
 * Every function of the route manifest, built from the same dependencies in Lambda and in the
 * local server. Each API gets its own logger and metrics (service `users` / `orders`).
 */
export function createHandlers(deps: HandlerDependencies): Handlers {
  const { services, verifier, adminGroup } = deps;
  const users = createObservability('users', deps);
  const orders = createObservability('orders', deps);
  const ordersDeps = { services, adminGroup, observability: orders };
  const cors = (handler: ApiHandler) => withCors(deps.cors ?? DEFAULT_CORS_POLICY, handler);
  return {
    users: cors(createUsersHandler({ services, observability: users })),
    authorizer: createAuthorizerHandler({ verifier, adminGroup, observability: users }),
    addOrder: cors(
      createAddOrderHandler({
        ...ordersDeps,
        ...(deps.onAddOrderInvocation === undefined ? {} : { onInvocation: deps.onAddOrderInvocation }),
      }),
    ),
    getOrder: cors(createGetOrderHandler(ordersDeps)),
    listOrders: cors(createListOrdersHandler(ordersDeps)),
    editOrder: cors(createEditOrderHandler(ordersDeps)),
    cancelOrder: cors(createCancelOrderHandler(ordersDeps)),
  };
}
