import { principalFromClaims } from '@app/core';
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import type { IdTokenVerifier } from '../auth/id-token-verifier.js';
import { TokenRejectedError } from '../auth/id-token-verifier.js';
import { buildAuthorizerResult } from '../auth/policy.js';
import { flushMetrics } from '../http/http-handler.js';
import { METRIC_NAMES } from '../observability/metric-names.js';
import type { Observability } from '../observability/observability.js';

/** The Lambda TOKEN authorizer: an IAM policy, or a rejection with the message `Unauthorized`. */
export type TokenAuthorizerHandler = (
  event: APIGatewayTokenAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

export interface AuthorizerHandlerDependencies {
  verifier: IdTokenVerifier;
  adminGroup: string;
  observability: Observability;
}

/**
 * The users API's Lambda TOKEN authorizer: verifies the ID token and returns the IAM policy of
 * every route the caller may use. Every failure, whatever its cause, is `Unauthorized` (API
 * Gateway's 401); the token itself is never logged. A failure that is not the token's (the
 * JWKS download, a bug) also counts `AuthorizerFailure`, the metric its alarm watches: Lambda's
 * `Errors` counts every refused token.
 */
export function createAuthorizerHandler({
  verifier,
  adminGroup,
  observability,
}: AuthorizerHandlerDependencies): TokenAuthorizerHandler {
  const { logger, metrics } = observability;
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    try {
      const claims = await verifier.verify(event.authorizationToken);
      const principal = principalFromClaims(claims, adminGroup);
      if (principal === undefined) {
        throw new TokenRejectedError('The verified claims do not identify a caller.');
      }
      const result = buildAuthorizerResult(principal, event.methodArn);
      logger.info('Authorized', { principalId: principal.sub, isAdmin: principal.isAdmin });
      return result;
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        logger.info('Unauthorized', { reason: reasonOf(error) });
      } else {
        // Not the caller's fault (JWKS unreachable, a bug): the caller still gets 401, we get paged.
        logger.error('Authorizer failure', { reason: reasonOf(error) });
        metrics.addMetric(METRIC_NAMES.AuthorizerFailure, 'Count', 1);
      }
      throw new Error('Unauthorized');
    } finally {
      flushMetrics(observability);
      logger.resetKeys();
    }
  };
}

/** The error and its cause, by class and message: what failed, never the token. */
function reasonOf(error: unknown): string {
  const describe = (value: Error) => `${value.constructor.name}: ${value.message}`;
  if (!(error instanceof Error)) return 'unknown';
  return error.cause instanceof Error ? `${describe(error)} (${describe(error.cause)})` : describe(error);
}
