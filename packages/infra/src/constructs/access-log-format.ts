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
  errorType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  principalId: '$context.authorizer.principalId',
  sourceIp: '$context.identity.sourceIp',
  xrayTraceId: '$context.xrayTraceId',
} as const;

/**
 * Fields API Gateway writes already quoted and escaped as a JSON string: they go in unquoted.
 * `$context.error.message` would be quoted by us and break the line on a quote in the message.
 */
export const ACCESS_LOG_QUOTED_FIELDS = {
  errorMessage: '$context.error.messageString',
} as const;

/** The format: `ACCESS_LOG_FIELDS` quoted, then `ACCESS_LOG_QUOTED_FIELDS` as they come. */
export const ACCESS_LOG_FORMAT_TEXT = `${JSON.stringify(ACCESS_LOG_FIELDS).slice(0, -1)},${Object.entries(
  ACCESS_LOG_QUOTED_FIELDS,
)
  .map(([name, variable]) => `${JSON.stringify(name)}:${variable}`)
  .join(',')}}`;

export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(ACCESS_LOG_FORMAT_TEXT);
