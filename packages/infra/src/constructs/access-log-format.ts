import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

/**
 * The access-log fields. Every value is a quoted string: API Gateway writes `-` for a missing
 * value, which would break JSON where a number was left unquoted (as in
 * `AccessLogFormat.jsonWithStandardFields`), so every line of this format parses. Values a
 * client controls and API Gateway does not escape (user agent, raw path, validation messages
 * quoting the body) are left out: a quote in them would break the line.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  requestTimeEpoch: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  errorMessage: '$context.error.message',
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  principalId: '$context.authorizer.principalId',
  sourceIp: '$context.identity.sourceIp',
  xrayTraceId: '$context.xrayTraceId',
} as const;

export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS));
