import { callerFromCognitoClaims } from '../http/caller.js';
import type { ApiHandler } from '../http/http-handler.js';
import { httpHandler } from '../http/http-handler.js';
import { pathParameter, readQuery } from '../http/request.js';
import { jsonTextResponse } from '../http/response.js';
import type { OrdersHandlerDependencies } from './orders-dependencies.js';
import { NO_QUERY_PARAMETERS, orderJson } from './representations.js';

/** `GET /orders/{orderId}`: the caller's order; another user's is answered as absent. */
export function createGetOrderHandler({
  services,
  adminGroup,
  observability,
}: OrdersHandlerDependencies): ApiHandler {
  return httpHandler(observability, async (event) => {
    const caller = callerFromCognitoClaims(event, adminGroup);
    readQuery(event, NO_QUERY_PARAMETERS);
    return jsonTextResponse(
      200,
      orderJson(await services.orders.get(caller, pathParameter(event, 'orderId'))),
    );
  });
}
