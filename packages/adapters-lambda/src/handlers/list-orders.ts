import { callerFromCognitoClaims } from '../http/caller.js';
import type { ApiHandler } from '../http/http-handler.js';
import { httpHandler } from '../http/http-handler.js';
import { readQuery } from '../http/request.js';
import { jsonTextResponse } from '../http/response.js';
import type { OrdersHandlerDependencies } from './orders-dependencies.js';
import { LIST_QUERY_PARAMETERS, orderListJson } from './representations.js';

/** `GET /orders`: a page of the caller's orders, by `orderId`. */
export function createListOrdersHandler({
  services,
  adminGroup,
  observability,
}: OrdersHandlerDependencies): ApiHandler {
  return httpHandler(observability, async (event) => {
    const caller = callerFromCognitoClaims(event, adminGroup);
    const result = await services.orders.list(caller, readQuery(event, LIST_QUERY_PARAMETERS));
    return jsonTextResponse(200, orderListJson(result));
  });
}
