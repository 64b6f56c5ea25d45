export {
  type ApiBaseUrls,
  ApiClient,
  type ApiClientOptions,
  type ApiResponse,
  jsonOrUndefined,
  type RequestOptions,
} from './api-client.js';
export {
  ACCESS_DENIED,
  type ApiScenarioOptions,
  type ApiTarget,
  describeApiScenarios,
  type Identity,
  MISSING_TOKEN,
  newOrder,
  type TargetCapabilities,
  type TargetClock,
  UNAUTHORIZED,
  UNKNOWN_ROUTES,
} from './api-scenarios.js';
