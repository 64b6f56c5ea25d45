export type {
  ApiHandler,
  HandlerDependencies,
  Handlers,
  IdTokenVerifier,
  TokenAuthorizerHandler,
} from './app/contracts.js';
export { createHandlers } from './app/create-handlers.js';
export {
  createIdTokenVerifier,
  type IdTokenVerifierOptions,
  type JwksInput,
  MAX_AUTHORIZATION_HEADER_BYTES,
  TokenRejectedError,
} from './auth/id-token-verifier.js';
export {
  buildAuthorizerResult,
  INVOKE_ACTION,
  isAllowed,
  type MethodArn,
  matchesIamPattern,
  methodArnFor,
  type PolicyDocumentLike,
  type PolicyStatementLike,
  parseMethodArn,
} from './auth/policy.js';
export { type Config, type ConfigKey, ConfigSchema, ConfigurationError, readConfig } from './config.js';
export { EDGE_ERROR_CODES, EdgeError, type EdgeErrorCode } from './http/edge-error.js';
export {
  type MappedError,
  mapError,
  PROBLEM_MAPPINGS,
  PROBLEM_TYPE_BASE,
  type Problem,
  type ProblemCode,
} from './http/problem.js';
export { isJsonContentType, MAX_BODY_BYTES } from './http/request.js';
export {
  JSON_CONTENT_TYPE,
  jsonResponse,
  noContentResponse,
  PROBLEM_CONTENT_TYPE,
  problemResponse,
} from './http/response.js';
export {
  METRIC_NAMES,
  METRICS_NAMESPACE,
  type MetricName,
  SERVICE_NAMES,
} from './observability/metric-names.js';
export {
  createLogger,
  createMetrics,
  type HandlerLogger,
  type HandlerMetrics,
  type LoggerFactory,
  type MetricsFactory,
  type Observability,
} from './observability/observability.js';
export {
  type ApiName,
  FUNCTIONS,
  type FunctionName,
  type HttpMethod,
  ROUTES,
  type RouteDefinition,
} from './routes.js';
export { FUNCTION_TABLE_ACCESS, type TableAction } from './table-access.js';
