import { callerFromCognitoClaims } from '../http/caller.js';
import type { ApiHandler } from '../http/http-handler.js';
import { httpHandler } from '../http/http-handler.js';
import { pathParameter, readJsonBody, readQuery } from '../http/request.js';
import { jsonResponse } from '../http/response.js';
import { METRIC_NAMES } from '../observability/metric-names.js';
import type { OrdersHandlerDependencies } from './orders-dependencies.js';
import { NO_QUERY_PARAMETERS, orderBody } from './representations.js';

/** `PUT /orders/{orderId}`: new content for a PLACED order; read-only fields may be echoed. */
export function createEditOrderHandler({
  services,
  adminGroup,
  observability,
}: OrdersHandlerDependencies): ApiHandler {
  return httpHandler(observability, async (event, _context, { metrics }) => {
    const caller = callerFromCognitoClaims(event, adminGroup);
    readQuery(event, NO_QUERY_PARAMETERS);
    const orderId = pathParameter(event, 'orderId');
    const order = await services.orders.edit(caller, orderId, readJsonBody(event));
    metrics.addMetric(METRIC_NAMES.OrderEdited, 'Count', 1);
    return jsonResponse(200, orderBody(order));
  });
}
