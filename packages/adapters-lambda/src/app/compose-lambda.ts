import {
  createDocumentClient,
  DynamoDbOrderRepository,
  DynamoDbUserRepository,
} from '@app/adapters-dynamodb/repositories';
import { buildServices, type CoreAdapters, type CoreServices } from '@app/core';
import { type Config, readConfig } from '../config.js';
import { corsPolicyFromList } from '../cors.js';
import { createCancelOrderHandler } from '../handlers/cancel-order.js';
import { createEditOrderHandler } from '../handlers/edit-order.js';
import { createGetOrderHandler } from '../handlers/get-order.js';
import { createListOrdersHandler } from '../handlers/list-orders.js';
import type { OrdersHandlerDependencies } from '../handlers/orders-dependencies.js';
import { createUsersHandler } from '../handlers/users.js';
import type { ApiHandler } from '../http/http-handler.js';
import { withCors } from '../http/with-cors.js';
import { createObservability, type Observability } from '../observability/observability.js';
import { reportUnreadableItems } from '../observability/unreadable-item-reporter.js';

/*
 * Composition roots of the Lambda functions on DynamoDB: each reads only the configuration it
 * needs (a missing or bad variable fails the cold start naming it) and builds only the adapters
 * it uses. The entry files in `functions/` call these once per cold start. The authorizer has
 * its own root (`compose-authorizer.ts`), so no DynamoDB code reaches its bundle and no JWT code
 * reaches theirs. `composeAddOrderFunction` is in `compose-add-order.ts`: only that function
 * loads the idempotency adapter (`@app/adapters-dynamodb/idempotency`); the others import the
 * repositories' entry point, which does not reach it.
 */

export type Environment = Readonly<Record<string, string | undefined>>;
type StoragePorts = Pick<CoreAdapters, 'userRepository' | 'orderRepository' | 'idempotency'>;

export function composeUsersFunction(env: Environment = process.env): ApiHandler {
  const config = readConfig(
    ['AWS_REGION', 'USERS_TABLE', 'CURSOR_SIGNING_KEY', 'DYNAMODB_ENDPOINT', 'CORS_ALLOWED_ORIGINS'],
    env,
  );
  const observability = createObservability('users');
  const userRepository = new DynamoDbUserRepository(documentClient(config), config.USERS_TABLE, {
    onUnreadableItem: reportUnreadableItems(observability),
  });
  const services = servicesOver({ userRepository }, config.CURSOR_SIGNING_KEY);
  return withCorsOf(config, createUsersHandler({ services, observability }));
}

export function composeGetOrderFunction(env: Environment = process.env): ApiHandler {
  const { config, dependencies } = orderReadWriteDependencies(env);
  return withCorsOf(config, createGetOrderHandler(dependencies));
}

export function composeListOrdersFunction(env: Environment = process.env): ApiHandler {
  const config = readConfig(
    [
      'AWS_REGION',
      'ORDERS_TABLE',
      'CURSOR_SIGNING_KEY',
      'ADMIN_GROUP_NAME',
      'DYNAMODB_ENDPOINT',
      'CORS_ALLOWED_ORIGINS',
    ],
    env,
  );
  const observability = createObservability('orders');
  const orderRepository = ordersTable(config, observability);
  return withCorsOf(
    config,
    createListOrdersHandler(
      ordersDependencies(
        servicesOver({ orderRepository }, config.CURSOR_SIGNING_KEY),
        config.ADMIN_GROUP_NAME,
        observability,
      ),
    ),
  );
}

export function composeEditOrderFunction(env: Environment = process.env): ApiHandler {
  const { config, dependencies } = orderReadWriteDependencies(env);
  return withCorsOf(config, createEditOrderHandler(dependencies));
}

export function composeCancelOrderFunction(env: Environment = process.env): ApiHandler {
  const { config, dependencies } = orderReadWriteDependencies(env);
  return withCorsOf(config, createCancelOrderHandler(dependencies));
}

/** get, edit and cancel: the orders table only. */
function orderReadWriteDependencies(env: Environment): {
  config: Pick<Config, 'CORS_ALLOWED_ORIGINS'>;
  dependencies: OrdersHandlerDependencies;
} {
  const config = readConfig(
    ['AWS_REGION', 'ORDERS_TABLE', 'ADMIN_GROUP_NAME', 'DYNAMODB_ENDPOINT', 'CORS_ALLOWED_ORIGINS'],
    env,
  );
  const observability = createObservability('orders');
  const orderRepository = ordersTable(config, observability);
  return {
    config,
    dependencies: ordersDependencies(
      servicesOver({ orderRepository }),
      config.ADMIN_GROUP_NAME,
      observability,
    ),
  };
}

/**
 * The handler with the CORS headers of `CORS_ALLOWED_ORIGINS` (default any origin), read with
 * the rest of the function's configuration: one validation per cold start.
 */
export function withCorsOf(config: Pick<Config, 'CORS_ALLOWED_ORIGINS'>, handler: ApiHandler): ApiHandler {
  return withCors(corsPolicyFromList(config.CORS_ALLOWED_ORIGINS), handler);
}

export function ordersDependencies(
  services: CoreServices,
  adminGroup: string,
  observability: Observability = createObservability('orders'),
): OrdersHandlerDependencies {
  return { services, adminGroup, observability };
}

/** The orders table, reporting unreadable items through the function's own logger and metrics. */
export function ordersTable(
  config: { AWS_REGION: string; ORDERS_TABLE: string; DYNAMODB_ENDPOINT?: string | undefined },
  observability: Observability,
  client: ReturnType<typeof createDocumentClient> = documentClient(config),
): DynamoDbOrderRepository {
  return new DynamoDbOrderRepository(client, config.ORDERS_TABLE, {
    onUnreadableItem: reportUnreadableItems(observability),
  });
}

export function documentClient(config: {
  AWS_REGION: string;
  DYNAMODB_ENDPOINT?: string | undefined;
}): ReturnType<typeof createDocumentClient> {
  return createDocumentClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT === undefined ? {} : { endpoint: config.DYNAMODB_ENDPOINT }),
  });
}

/** The core's services over the ports this function uses; the core names any other port if reached. */
export function servicesOver(ports: Partial<StoragePorts>, cursorSigningKey?: string): CoreServices {
  return buildServices({ ...ports, ...(cursorSigningKey === undefined ? {} : { cursorSigningKey }) });
}
