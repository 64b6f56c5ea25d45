import { CREATE_ORDER_KEY_PREFIX, DynamoDbIdempotency } from '@app/adapters-dynamodb/idempotency';
import { readConfig } from '../config.js';
import { createAddOrderHandler } from '../handlers/add-order.js';
import type { ApiHandler } from '../http/http-handler.js';
import { createObservability } from '../observability/observability.js';
import {
  documentClient,
  type Environment,
  ordersDependencies,
  ordersTable,
  servicesOver,
  withCorsOf,
} from './compose-lambda.js';

/**
 * Composition root of `POST /orders`, the one function with the idempotency adapter: kept apart
 * from `compose-lambda.ts` (and importing the adapter's own entry point) so that the other order
 * functions do not load Powertools idempotency and jmespath from the shared layer.
 */
export function composeAddOrderFunction(env: Environment = process.env): ApiHandler {
  const config = readConfig(
    [
      'AWS_REGION',
      'ORDERS_TABLE',
      'IDEMPOTENCY_TABLE',
      'IDEMPOTENCY_WINDOW_SECONDS',
      'ADMIN_GROUP_NAME',
      'DYNAMODB_ENDPOINT',
      'CORS_ALLOWED_ORIGINS',
    ],
    env,
  );
  const client = documentClient(config);
  const idempotency = new DynamoDbIdempotency({
    client,
    tableName: config.IDEMPOTENCY_TABLE,
    keyPrefix: CREATE_ORDER_KEY_PREFIX,
    windowSeconds: config.IDEMPOTENCY_WINDOW_SECONDS,
  });
  const observability = createObservability('orders');
  const services = servicesOver({ orderRepository: ordersTable(config, observability, client), idempotency });
  return withCorsOf(
    config,
    createAddOrderHandler({
      ...ordersDependencies(services, config.ADMIN_GROUP_NAME, observability),
      onInvocation: (context) => idempotency.registerLambdaContext(context),
    }),
  );
}
