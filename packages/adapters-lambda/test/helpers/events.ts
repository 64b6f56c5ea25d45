import type { APIGatewayProxyEvent, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const API_ID = 'a1b2c3d4e5';
export const STAGE = 'Prod';

let sequence = 0;
const nextRequestId = () => {
  sequence += 1;
  return `req-${sequence.toString().padStart(6, '0')}-c0ffee`;
};

export interface ApiEventOptions {
  method: string;
  /** The API Gateway resource template, e.g. `/users/{userid}`. */
  resource: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is JSON-encoded with `Content-Type: application/json`. */
  body?: unknown;
  isBase64Encoded?: boolean;
  authorizer?: Record<string, unknown>;
  requestId?: string;
}

/** A REST API (v1 payload) proxy event, shaped as API Gateway sends it. */
export function apiEvent(options: ApiEventOptions): APIGatewayProxyEvent {
  const { method, resource, pathParameters, query, isBase64Encoded = false, authorizer } = options;
  const requestId = options.requestId ?? nextRequestId();
  const path = resource.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters?.[name] ?? '');
  const jsonBody = options.body !== undefined && typeof options.body !== 'string';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: `${API_ID}.execute-api.${REGION}.amazonaws.com`,
    'User-Agent': 'vitest',
    'X-Amzn-Trace-Id': 'Root=1-5e1b4151-5ac6c58f3b9c3e3a7a9a2b1c',
    ...(jsonBody ? { 'Content-Type': 'application/json' } : {}),
    ...options.headers,
  };
  const multiQuery =
    query === undefined
      ? null
      : Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value].flat()]));
  const singleQuery =
    multiQuery === null
      ? null
      : Object.fromEntries(Object.entries(multiQuery).map(([name, values]) => [name, values.at(-1) ?? '']));
  return {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: singleQuery,
    multiValueQueryStringParameters: multiQuery,
    pathParameters: pathParameters ?? null,
    stageVariables: null,
    body:
      options.body === undefined ? null : jsonBody ? JSON.stringify(options.body) : (options.body as string),
    isBase64Encoded,
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      authorizer: authorizer ?? null,
      domainName: `${API_ID}.execute-api.${REGION}.amazonaws.com`,
      domainPrefix: API_ID,
      extendedRequestId: `ext-${requestId}`,
      httpMethod: method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.10',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: `/${STAGE}${path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: '01/Jan/2026:12:00:00 +0000',
      requestTimeEpoch: 1_767_268_800_000,
      resourceId: 'abc123',
      resourcePath: resource,
      stage: STAGE,
    },
  };
}

/** The context the TOKEN authorizer returns (primitives only), as the users function sees it. */
export function tokenAuthorizerContext(user: { sub: string; email?: string; isAdmin?: boolean }) {
  return {
    principalId: user.sub,
    sub: user.sub,
    email: user.email ?? '',
    isAdmin: user.isAdmin === true ? 'true' : 'false',
    integrationLatency: 12,
  };
}

/** API Gateway's Cognito authorizer: verified claims, every value a string. */
export function cognitoAuthorizerContext(user: { sub: string; email?: string; groups?: string[] }) {
  return {
    claims: {
      sub: user.sub,
      email: user.email ?? `${user.sub}@example.com`,
      email_verified: 'true',
      'cognito:username': user.sub,
      ...(user.groups === undefined ? {} : { 'cognito:groups': user.groups.join(',') }),
      aud: 'testclientid',
      token_use: 'id',
      iss: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_TestPool`,
      auth_time: '1767268800',
      exp: 'Thu Jan 01 13:00:00 UTC 2026',
      iat: 'Thu Jan 01 12:00:00 UTC 2026',
    },
  };
}

export function methodArn(method: string, path: string): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}/${method}${path}`;
}

export function tokenAuthorizerEvent(
  authorizationToken: string,
  arn = methodArn('GET', '/users'),
): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn: arn };
}

/** A Lambda context as the runtime passes it. */
export function lambdaContext(functionName = 'test-function'): Context {
  const awsRequestId = `lambda-${nextRequestId()}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
