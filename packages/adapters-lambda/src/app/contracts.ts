import type { Claims, CoreServices } from '@app/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import type { LoggerFactory, MetricsFactory } from '../observability/observability.js';
import type { FunctionName } from '../routes.js';

/** A REST API (v1 payload) Lambda proxy handler. */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** The Lambda TOKEN authorizer: an IAM policy, or a rejection with the message `Unauthorized`. */
export type TokenAuthorizerHandler = (
  event: APIGatewayTokenAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

/**
 * Verifies the `Authorization` header value (raw ID token or `Bearer <token>`) and returns the
 * verified claims. Throws on every failure, whatever its kind: callers answer 401.
 */
export interface IdTokenVerifier {
  verify(authorizationHeader: string | undefined): Promise<Claims>;
}

/** What the handlers are built from: the same in Lambda and in the local server. */
export interface HandlerDependencies {
  services: CoreServices;
  verifier: IdTokenVerifier;
  /** The Cognito group whose members are admins (config `ADMIN_GROUP_NAME`). */
  adminGroup: string;
  /** Powertools Logger per API service; default: a Logger named after the service. */
  createLogger?: LoggerFactory;
  /** Powertools Metrics per API service; default: namespace `ServerlessWorkshop`, `service` dimension. */
  createMetrics?: MetricsFactory;
}

export type Handlers = Record<Exclude<FunctionName, 'authorizer'>, ApiHandler> & {
  authorizer: TokenAuthorizerHandler;
};
