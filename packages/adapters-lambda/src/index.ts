/*
 * What the Lambda adapter offers the packages around it: the CDK app (functions, routes, metric
 * names, stacks, OpenAPI) and the local API (the handlers, the verifier and policy check it
 * runs, the HTTP responses its control routes answer). The Lambda entry points are the files of
 * `functions/`, bundled one by one; they are not exported here.
 */
export {
  createHandlers,
  type HandlerDependencies,
  type Handlers,
} from './app/create-handlers.js';
export {
  createIdTokenVerifier,
  type IdTokenVerifier,
  type IdTokenVerifierOptions,
  type JwksInput,
  MAX_AUTHORIZATION_HEADER_BYTES,
} from './auth/id-token-verifier.js';
export { isAllowed } from './auth/policy.js';
export {
  ANY_ORIGIN,
  allowOriginFor,
  CORS_ALLOWED_HEADERS,
  CORS_EXPOSED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  CorsConfigurationError,
  type CorsPolicy,
  corsPolicy,
  corsPolicyFromList,
  corsResponseHeaders,
  DEFAULT_CORS_POLICY,
  type PreflightDefinition,
  preflightDefinition,
  preflightHeaders,
  resourceMethods,
} from './cors.js';
export {
  GATEWAY_RESPONSE_TYPES,
  type GatewayResponseDefinition,
  type GatewayResponseType,
  gatewayResponseDefinitions,
  REQUEST_ORIGIN_EXPRESSION,
  TEMPLATE_VARIABLES,
} from './gateway-responses.js';
export type { TokenAuthorizerHandler } from './handlers/authorizer.js';
export { EdgeError } from './http/edge-error.js';
export type { ApiHandler } from './http/http-handler.js';
export { mapError, type Problem, type ProblemCode } from './http/problem.js';
export { jsonResponse } from './http/response.js';
export {
  METRIC_NAMES,
  METRICS_NAMESPACE,
  type MetricName,
  SERVICE_NAMES,
} from './observability/metric-names.js';
export type { LoggerFactory, MetricsFactory } from './observability/observability.js';
export { buildOpenApiDocument, renderOpenApiDocument } from './openapi.js';
export {
  type ApiName,
  FUNCTIONS,
  type FunctionName,
  type HttpMethod,
  ROUTES,
  type RouteDefinition,
  type SuccessBody,
} from './routes.js';
export { STACK_NAMES, STACK_OUTPUT_KEYS, type StackNames } from './stacks.js';
export { FUNCTION_TABLE_ACCESS, type TableAction } from './table-access.js';
export {
  type PasswordPolicy,
  type RequiredUserAttribute,
  USER_POOL_CLIENT_AUTH_FLOWS,
  USER_POOL_PASSWORD_POLICY,
  USER_POOL_REQUIRED_ATTRIBUTES,
} from './user-pool.js';
