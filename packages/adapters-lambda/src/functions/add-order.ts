import { composeAddOrderFunction } from '../app/compose-add-order.js';
import type { ApiHandler } from '../http/http-handler.js';

let composed: ApiHandler | undefined;

/** Lambda entry: `POST /orders`. Composed on the first invocation, once per execution environment (cold start). */
export const handler: ApiHandler = async (event, context) => {
  composed ??= composeAddOrderFunction();
  return composed(event, context);
};
