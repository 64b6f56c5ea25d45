import { isValidId, type Principal, principalFromClaims } from '@app/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { EdgeError } from './edge-error.js';

const unauthorized = () => new EdgeError('UNAUTHORIZED', 'The request carries no valid identity.');

/**
 * The caller of a users route, from the context the TOKEN authorizer returned
 * (`sub`, `email`, `isAdmin`, all strings). Without it the request never passed the authorizer.
 */
export function callerFromAuthorizerContext(event: APIGatewayProxyEvent): Principal {
  const context: Record<string, unknown> = event.requestContext?.authorizer ?? {};
  const { sub, email, isAdmin } = context;
  if (!isValidId(sub) || (isAdmin !== 'true' && isAdmin !== 'false')) throw unauthorized();
  return {
    sub,
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
    groups: [],
    isAdmin: isAdmin === 'true',
  };
}

/**
 * The caller of an orders route, from the claims API Gateway's Cognito authorizer verified
 * (every value a string). The user id comes from here only, never from the body or the path.
 */
export function callerFromCognitoClaims(event: APIGatewayProxyEvent, adminGroup: string): Principal {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  if (typeof claims !== 'object' || claims === null) throw unauthorized();
  const principal = principalFromClaims(claims as Record<string, unknown>, adminGroup);
  if (principal === undefined) throw unauthorized();
  return principal;
}
