export {
  type ApiBaseUrls,
  ApiClient,
  type ApiClientOptions,
  type ApiResponse,
  jsonOrUndefined,
  type RequestOptions,
} from './api-client.js';
export { describeApiScenarios } from './scenarios/api-scenarios.js';
export {
  ACCESS_DENIED,
  type ApiScenarioOptions,
  type ApiTarget,
  type Identity,
  MISSING_TOKEN,
  newOrder,
  type TargetCapabilities,
  type TargetClock,
  UNAUTHORIZED,
  UNKNOWN_ROUTES,
} from './scenarios/target.js';
export {
  type AwsApiTarget,
  type AwsApiTargetOptions,
  awsApiTarget,
  awsStackNames,
} from './targets/aws-target.js';
export { CognitoTokenProvider, type CognitoTokenProviderOptions } from './targets/cognito-token-provider.js';
export {
  LocalApiClient,
  type LocalStorageKind,
  localApiTarget,
  localScenarioOptions,
} from './targets/local-target.js';
export { type AwsTarget, readStackOutputs, resolveAwsTarget } from './targets/stack-outputs.js';
