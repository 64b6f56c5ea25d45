import type { Context } from 'aws-lambda';
import type { ApiHandler } from '../app/contracts.js';
import { callerFromCognitoClaims } from '../http/caller.js';
import { httpHandler } from '../http/http-handler.js';
import { readJsonBody, readQuery } from '../http/request.js';
import { jsonResponse } from '../http/response.js';
import { METRIC_NAMES } from '../observability/metric-names.js';
import type { OrdersHandlerDependencies } from './orders-dependencies.js';
import { NO_QUERY_PARAMETERS, orderBody } from './representations.js';

/** An idempotency adapter that must see each invocation's Lambda context (Powertools'). */
export interface LambdaContextAware {
  registerLambdaContext(context: Context): void;
}

export interface AddOrderHandlerDependencies extends OrdersHandlerDependencies {
  /** The idempotency adapter the service runs on; told the Lambda context when it wants it. */
  idempotency?: unknown;
}

export const isLambdaContextAware = (candidate: unknown): candidate is LambdaContextAware =>
  typeof candidate === 'object' &&
  candidate !== null &&
  typeof (candidate as Partial<LambdaContextAware>).registerLambdaContext === 'function';

/**
 * `POST /orders`: places an order at most once per (caller, orderId). A replay answers the first
 * order again with `Idempotent-Replayed: true` and counts only `IdempotentReplay`; the business
 * metrics count real creations only.
 */
export function createAddOrderHandler({
  services,
  adminGroup,
  observability,
  idempotency,
}: AddOrderHandlerDependencies): ApiHandler {
  const contextAware = isLambdaContextAware(idempotency) ? idempotency : undefined;
  return httpHandler(observability, async (event, context, { metrics }) => {
    // Every invocation: the in-progress lock of a crashed run must expire with this invocation.
    contextAware?.registerLambdaContext(context);
    const caller = callerFromCognitoClaims(event, adminGroup);
    readQuery(event, NO_QUERY_PARAMETERS);
    const { order, replayed } = await services.orders.create(caller, readJsonBody(event));
    if (replayed) {
      metrics.addMetric(METRIC_NAMES.IdempotentReplay, 'Count', 1);
      return jsonResponse(200, orderBody(order), { 'Idempotent-Replayed': 'true' });
    }
    metrics.addMetric(METRIC_NAMES.SuccessfulOrder, 'Count', 1);
    metrics.addMetric(METRIC_NAMES.OrderTotal, 'None', order.totalAmount);
    return jsonResponse(200, orderBody(order));
  });
}
