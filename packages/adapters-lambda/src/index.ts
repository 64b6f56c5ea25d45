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
export { STACK_NAMES, type StackNames } from './stacks.js';
