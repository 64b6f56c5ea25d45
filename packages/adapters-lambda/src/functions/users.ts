import { composeUsersFunction } from '../app/compose-lambda.js';
import type { ApiHandler } from '../http/http-handler.js';

let composed: ApiHandler | undefined;

/** Lambda entry: all five users routes. Composed on the first invocation, once per execution environment (cold start). */
export const handler: ApiHandler = async (event, context) => {
  composed ??= composeUsersFunction();
  return composed(event, context);
};
