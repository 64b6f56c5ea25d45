import { callerFromCognitoClaims } from '../http/caller.js';
import type { ApiHandler } from '../http/http-handler.js';
import { httpHandler } from '../http/http-handler.js';
import { pathParameter, readQuery } from '../http/request.js';
import { jsonResponse } from '../http/response.js';
import { METRIC_NAMES } from '../observability/metric-names.js';
import type { OrdersHandlerDependencies } from './orders-dependencies.js';
import { NO_QUERY_PARAMETERS, orderBody } from './representations.js';

/** `DELETE /orders/{orderId}`: cancels a PLACED order inside the cancel window; 200 with the order. */
export function createCancelOrderHandler({
  services,
  adminGroup,
  observability,
}: OrdersHandlerDependencies): ApiHandler {
  return httpHandler(observability, async (event, _context, { metrics }) => {
    const caller = callerFromCognitoClaims(event, adminGroup);
    readQuery(event, NO_QUERY_PARAMETERS);
    const order = await services.orders.cancel(caller, pathParameter(event, 'orderId'));
    metrics.addMetric(METRIC_NAMES.OrderCanceled, 'Count', 1);
    return jsonResponse(200, orderBody(order));
  });
}
