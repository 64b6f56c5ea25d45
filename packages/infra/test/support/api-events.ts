import { randomUUID } from 'node:crypto';

export interface EventOptions {
  method: string;
  /** The resource template, e.g. `/orders/{orderId}`. */
  resource: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** `requestContext.authorizer`: the TOKEN authorizer's context or `{ claims }` of the Cognito authorizer. */
  authorizer: Record<string, unknown>;
}

/** A REST API proxy event (payload 1.0) as API Gateway sends it to a Lambda integration. */
export function apiGatewayEvent(options: EventOptions) {
  const path = options.resource.replace(
    /\{(\w+)\}/g,
    (_, name: string) => options.pathParameters?.[name] ?? '',
  );
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
    ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
  };
  const requestId = randomUUID();
  return {
    resource: options.resource,
    path,
    httpMethod: options.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters:
      options.query === undefined
        ? null
        : Object.fromEntries(Object.entries(options.query).map(([name, value]) => [name, [value]])),
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      authorizer: options.authorizer,
      domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
      extendedRequestId: `ext-${requestId}`,
      httpMethod: options.method,
      identity: { sourceIp: '192.0.2.1', userAgent: 'vitest' },
      path: `/Prod${path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: new Date().toUTCString(),
      requestTimeEpoch: Date.now(),
      resourceId: 'abc123',
      resourcePath: options.resource,
      stage: 'Prod',
    },
  };
}

/** The claims API Gateway's Cognito authorizer passes on (every value a string). */
export function cognitoClaims(sub: string, email: string, pool: { userPoolId: string; clientId: string }) {
  return {
    claims: {
      sub,
      email,
      email_verified: 'true',
      token_use: 'id',
      aud: pool.clientId,
      iss: `https://cognito-idp.${pool.userPoolId.split('_')[0]}.amazonaws.com/${pool.userPoolId}`,
      'cognito:username': sub,
    },
  };
}
