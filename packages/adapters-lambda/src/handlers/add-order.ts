import type { Context } from 'aws-lambda';
import { callerFromCognitoClaims } from '../http/caller.js';
import type { ApiHandler } from '../http/http-handler.js';
import { httpHandler } from '../http/http-handler.js';
import { readJsonBody, readQuery } from '../http/request.js';
import { jsonResponse } from '../http/response.js';
import { METRIC_NAMES } from '../observability/metric-names.js';
import type { OrdersHandlerDependencies } from './orders-dependencies.js';
import { NO_QUERY_PARAMETERS, orderBody } from './representations.js';

export interface AddOrderHandlerDependencies extends OrdersHandlerDependencies {
  /**
   * Told every invocation's Lambda context before the service runs, failed invocations included:
   * Powertools' idempotency bounds an unfinished run by the invocation's remaining time, so a
   * crashed run's lock expires with its invocation instead of blocking retries for the window.
   */
  onInvocation?: (context: Context) => void;
}

/**
 * `POST /orders`: places an order at most once per (caller, orderId). A replay answers the first
 * order again with `Idempotent-Replayed: true` and counts only `IdempotentReplay`; the business
 * metrics count real creations only.
 */
export function createAddOrderHandler({
  services,
  adminGroup,
  observability,
  onInvocation,
}: AddOrderHandlerDependencies): ApiHandler {
  return httpHandler(observability, async (event, context, { metrics }) => {
    onInvocation?.(context);
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
