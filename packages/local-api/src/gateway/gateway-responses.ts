import {
  type CorsPolicy,
  DEFAULT_CORS_POLICY,
  type GatewayResponseDefinition,
  type GatewayResponseType,
  gatewayResponseDefinitions,
  REQUEST_ORIGIN_EXPRESSION,
  TEMPLATE_VARIABLES,
} from '@app/adapters-lambda';

/**
 * A case in which API Gateway answers itself: the gateway-response type it uses, and what
 * API Gateway fills in — the status (unless the type sets one), `$context.error.message`, and
 * the `x-amzn-ErrorType` header it adds to its own responses.
 */
export interface GatewayResponse {
  type: GatewayResponseType;
  statusCode: number;
  message: string | null;
  errorType: string;
}

export const GATEWAY_RESPONSES = {
  /** Unknown resource or method. */
  missingAuthenticationToken: (): GatewayResponse => ({
    type: 'MISSING_AUTHENTICATION_TOKEN',
    statusCode: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  }),
  /** No token, or the authorizer (or the Cognito check) refused it. */
  unauthorized: (): GatewayResponse => ({
    type: 'UNAUTHORIZED',
    statusCode: 401,
    message: 'Unauthorized',
    errorType: 'UnauthorizedException',
  }),
  /** The authorizer's policy does not allow this method ARN. */
  accessDenied: (): GatewayResponse => ({
    type: 'ACCESS_DENIED',
    statusCode: 403,
    message: 'User is not authorized to access this resource',
    errorType: 'AccessDeniedException',
  }),
  /** The authorizer failed in another way than `Unauthorized`, or returned no usable policy. */
  authorizerFailure: (): GatewayResponse => ({
    type: 'AUTHORIZER_CONFIGURATION_ERROR',
    statusCode: 500,
    message: null,
    errorType: 'AuthorizerConfigurationException',
  }),
  /** Over API Gateway's 10 MB payload limit. */
  requestTooLarge: (): GatewayResponse => ({
    type: 'REQUEST_TOO_LARGE',
    statusCode: 413,
    message: 'Request Too Long',
    errorType: 'RequestTooLargeException',
  }),
  /**
   * The Lambda function threw, or returned something that is not a proxy result: a 502 of no
   * customised type, so DEFAULT_5XX (which keeps the status).
   */
  integrationFailure: (): GatewayResponse => ({
    type: 'DEFAULT_5XX',
    statusCode: 502,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
  }),
  /** The integration did not answer within API Gateway's 29 s. */
  integrationTimeout: (): GatewayResponse => ({
    type: 'INTEGRATION_TIMEOUT',
    statusCode: 504,
    message: 'Endpoint request timed out',
    errorType: 'IntegrationTimeoutException',
  }),
} as const;

/** A gateway response as written to the wire. */
export interface RenderedGatewayResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface RenderContext {
  requestId: string;
  /** The request's `Origin` header, for a header mapped from it. */
  origin: string | undefined;
  /** False for the local control routes, which never answer CORS. */
  cors: boolean;
}

const CORS_HEADER = /^(access-control-|vary$)/i;
const ANY_VARIABLE = /\$(context|input|util|stageVariables)\b/;

/**
 * API Gateway's own responses from the shipped definitions (the ones the CDK app deploys):
 * the status, the body template with its two variables substituted, the headers from their
 * mapping expressions — and only the two headers API Gateway adds itself (`x-amzn-ErrorType`,
 * `x-amzn-RequestId`).
 */
export class GatewayResponses {
  readonly #definitions: Readonly<Record<GatewayResponseType, GatewayResponseDefinition>>;

  constructor(readonly policy: CorsPolicy = DEFAULT_CORS_POLICY) {
    this.#definitions = gatewayResponseDefinitions(policy);
  }

  render(response: GatewayResponse, context: RenderContext): RenderedGatewayResponse {
    const definition = this.#definitions[response.type];
    const headers: Record<string, string> = {};
    for (const [name, expression] of Object.entries(definition.headers)) {
      if (!context.cors && CORS_HEADER.test(name)) continue;
      const value = headerValue(expression, context.origin);
      if (value !== undefined) headers[name] = value;
    }
    headers['x-amzn-ErrorType'] = response.errorType;
    headers['x-amzn-RequestId'] = context.requestId;
    const body = definition.template
      .replaceAll(TEMPLATE_VARIABLES.message, JSON.stringify(response.message))
      .replaceAll(TEMPLATE_VARIABLES.requestId, context.requestId);
    if (ANY_VARIABLE.test(body))
      throw new Error(`${response.type}: a template variable the emulator does not fill`);
    return { statusCode: definition.statusCode ?? response.statusCode, headers, body };
  }
}

/** A literal (`'text'`), or the request's `Origin` (absent when the request has none). */
function headerValue(expression: string, origin: string | undefined): string | undefined {
  if (expression.length >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
    return expression.slice(1, -1);
  }
  if (expression === REQUEST_ORIGIN_EXPRESSION) return origin;
  throw new Error(`a header mapping the emulator does not resolve: ${expression}`);
}
