import { composeAuthorizerFunction } from '../app/compose-authorizer.js';
import type { TokenAuthorizerHandler } from '../handlers/authorizer.js';

let composed: TokenAuthorizerHandler | undefined;

/** Lambda entry: the users API TOKEN authorizer. Composed on the first invocation, once per execution environment (cold start). */
export const handler: TokenAuthorizerHandler = async (event, context) => {
  composed ??= composeAuthorizerFunction();
  return composed(event, context);
};
