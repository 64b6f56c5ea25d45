import { composeListOrdersFunction } from '../app/compose-lambda.js';
import type { ApiHandler } from '../http/http-handler.js';

let composed: ApiHandler | undefined;

/** Lambda entry: `GET /orders`. Composed on the first invocation, once per execution environment (cold start). */
export const handler: ApiHandler = async (event, context) => {
  composed ??= composeListOrdersFunction();
  return composed(event, context);
};
