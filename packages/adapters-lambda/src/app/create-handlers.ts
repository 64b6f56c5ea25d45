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
  /**
   * Runs each function's initialisation (its logger and metrics are built in it): the local
   * server builds each one inside that function's Lambda environment. Default: runs it as is.
   */
  initFunction?: <T>(functionName: FunctionName, build: () => T) => T;
}

export type Handlers = Record<Exclude<FunctionName, 'authorizer'>, ApiHandler> & {
  authorizer: TokenAuthorizerHandler;
};

/**
 * Every function of the route manifest, built from the same dependencies in Lambda and in the
 * local server. Each function gets its own logger and metrics (service `users` / `orders`), as
 * each has its own execution environment on Lambda: its own cold start.
 */
export function createHandlers(deps: HandlerDependencies): Handlers {
  const { services, verifier, adminGroup } = deps;
  const init = deps.initFunction ?? ((_functionName, build) => build());
  const ordersDeps = () => ({ services, adminGroup, observability: createObservability('orders', deps) });
  const cors = (handler: ApiHandler) => withCors(deps.cors ?? DEFAULT_CORS_POLICY, handler);
  return {
    users: cors(
      init('users', () =>
        createUsersHandler({ services, observability: createObservability('users', deps) }),
      ),
    ),
    authorizer: init('authorizer', () =>
      createAuthorizerHandler({ verifier, adminGroup, observability: createObservability('users', deps) }),
    ),
    addOrder: cors(
      init('addOrder', () =>
        createAddOrderHandler({
          ...ordersDeps(),
          ...(deps.onAddOrderInvocation === undefined ? {} : { onInvocation: deps.onAddOrderInvocation }),
        }),
      ),
    ),
    getOrder: cors(init('getOrder', () => createGetOrderHandler(ordersDeps()))),
    listOrders: cors(init('listOrders', () => createListOrdersHandler(ordersDeps()))),
    editOrder: cors(init('editOrder', () => createEditOrderHandler(ordersDeps()))),
    cancelOrder: cors(init('cancelOrder', () => createCancelOrderHandler(ordersDeps()))),
  };
}
