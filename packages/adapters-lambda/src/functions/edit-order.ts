import { composeEditOrderFunction } from '../app/compose-lambda.js';
import type { ApiHandler } from '../http/http-handler.js';

let composed: ApiHandler | undefined;

/** Lambda entry: `PUT /orders/{orderId}`. Composed on the first invocation, once per execution environment (cold start). */
export const handler: ApiHandler = async (event, context) => {
  composed ??= composeEditOrderFunction();
  return composed(event, context);
};
