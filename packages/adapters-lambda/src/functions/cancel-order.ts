import { composeCancelOrderFunction } from '../app/compose-lambda.js';
import type { ApiHandler } from '../http/http-handler.js';

let composed: ApiHandler | undefined;

/** Lambda entry: `DELETE /orders/{orderId}`. Composed on the first invocation, once per execution environment (cold start). */
export const handler: ApiHandler = async (event, context) => {
  composed ??= composeCancelOrderFunction();
  return composed(event, context);
};
