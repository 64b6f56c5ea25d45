/** A response the gateway writes itself, without calling a handler. */
export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * API Gateway's own answers (its default gateway responses), byte for byte, with the error type
 * header it adds. They carry `Cache-Control: no-store` like every response of the APIs.
 */
function gatewayResponse(statusCode: number, errorType: string, body: unknown): GatewayResponse {
  return {
    statusCode,
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'x-amzn-ErrorType': errorType,
    },
    body: JSON.stringify(body),
  };
}

export const GATEWAY_RESPONSES = {
  /** Unknown resource or method. */
  missingAuthenticationToken: () =>
    gatewayResponse(403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' }),
  /** No token, or the authorizer (or the Cognito check) refused it. */
  unauthorized: () => gatewayResponse(401, 'UnauthorizedException', { message: 'Unauthorized' }),
  /** The authorizer's policy does not allow this method ARN. */
  accessDenied: () =>
    gatewayResponse(403, 'AccessDeniedException', {
      Message: 'User is not authorized to access this resource',
    }),
  /** The authorizer failed in another way than `Unauthorized`, or returned no usable policy. */
  authorizerFailure: () => gatewayResponse(500, 'AuthorizerConfigurationException', { message: null }),
  /** Over API Gateway's 10 MB payload limit. */
  requestTooLarge: () => gatewayResponse(413, 'RequestTooLargeException', { message: 'Request Too Long' }),
  /** The Lambda function threw, or returned something that is not a proxy result. */
  integrationFailure: () =>
    gatewayResponse(502, 'InternalServerErrorException', { message: 'Internal server error' }),
  /** The integration did not answer within API Gateway's 29 s. */
  integrationTimeout: () =>
    gatewayResponse(504, 'IntegrationTimeoutException', { message: 'Endpoint request timed out' }),
} as const;
