import {
  type ApiHandler,
  type CorsPolicy,
  corsPolicy,
  type GatewayResponseType,
  gatewayResponseDefinitions,
  type Handlers,
  type IdTokenVerifier,
  isAllowed,
} from '@app/adapters-lambda';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CognitoAuthorizerEmulator } from '../../src/gateway/cognito-authorizer-emulator.js';
import { type GatewayRequest, methodArnOf } from '../../src/gateway/event-builder.js';
import { createGateway, type GatewayResult } from '../../src/gateway/gateway.js';
import { RouteTable } from '../../src/gateway/route-table.js';
import { TokenAuthorizerEmulator } from '../../src/gateway/token-authorizer-emulator.js';
import { useMemoryServer } from '../helpers/local-server.js';

const ORIGIN = 'https://app.example.com';

const request = (method: string, rawPath: string, headers: Array<[string, string]> = []): GatewayRequest => ({
  method,
  rawPath,
  rawQuery: '',
  headers: [['Origin', ORIGIN], ...headers],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  receivedAt: Date.now(),
});

const allowOwnProfile = (sub: string): APIGatewayAuthorizerResult => ({
  principalId: sub,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: methodArnOf('users', 'GET', `/users/${sub}`),
      },
    ],
  },
  context: { sub, isAdmin: 'false' },
});

/** The gateway in front of stand-in handlers: the authorizer and `getOrder` act as each case needs. */
function gateway(
  options: { cors?: CorsPolicy; getOrder?: ApiHandler; authorizer?: Handlers['authorizer'] } = {},
) {
  const ok: ApiHandler = async () => ({ statusCode: 200, body: '{}' });
  const verifier: IdTokenVerifier = {
    verify: async (header) => {
      if (header !== 'good') throw new Error('bad token');
      return { sub: 'alice', exp: Math.floor(Date.now() / 1000) + 600 };
    },
  };
  const handlers: Handlers = {
    users: ok,
    authorizer:
      options.authorizer ??
      (async ({ authorizationToken }) => {
        if (authorizationToken !== 'good') throw new Error('Unauthorized');
        return allowOwnProfile('alice');
      }),
    addOrder: ok,
    getOrder: options.getOrder ?? ok,
    listOrders: ok,
    editOrder: ok,
    cancelOrder: ok,
  };
  return createGateway({
    handlers,
    routes: new RouteTable(),
    tokenAuthorizer: new TokenAuthorizerEmulator({ authorizer: handlers.authorizer, isAllowed }),
    cognitoAuthorizer: new CognitoAuthorizerEmulator(verifier),
    controlRoutes: () => undefined,
    integrationTimeoutMs: 50,
    ...(options.cors === undefined ? {} : { cors: options.cors }),
  });
}

/**
 * What the deployed API sends for a type, read from the definition the CDK app deploys: its
 * status (or API Gateway's own for the DEFAULT types), its literal headers, its template with
 * API Gateway's message — plus only the two headers API Gateway adds to each of its responses.
 */
function deployed(
  type: GatewayResponseType,
  aws: { statusCode: number; message: string | null; errorType: string },
  policy: CorsPolicy = corsPolicy(),
) {
  const definition = gatewayResponseDefinitions(policy)[type];
  const headers = Object.fromEntries(
    Object.entries(definition.headers).map(([name, value]) => [
      name,
      value === 'method.request.header.Origin' ? ORIGIN : value.replace(/^'(.*)'$/, '$1'),
    ]),
  );
  return {
    statusCode: definition.statusCode ?? aws.statusCode,
    headers: { ...headers, 'x-amzn-ErrorType': aws.errorType },
    body: JSON.parse(
      definition.template.replace('$context.error.messageString', JSON.stringify(aws.message)),
    ),
  };
}

function wire(result: GatewayResult) {
  const { 'x-amzn-RequestId': requestId, ...headers } = result.headers;
  expect(requestId).toBe(result.requestId);
  return { statusCode: result.statusCode, headers, body: JSON.parse(result.body.toString()) };
}

const slow: ApiHandler = () =>
  new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '' }), 500));
const throwing: ApiHandler = async () => {
  throw new Error('secret detail');
};

describe("the emulator's own responses are the deployed gateway responses, and nothing more", () => {
  it.each([
    {
      name: 'an unknown route',
      type: 'MISSING_AUTHENTICATION_TOKEN',
      aws: {
        statusCode: 403,
        message: 'Missing Authentication Token',
        errorType: 'MissingAuthenticationTokenException',
      },
      send: () => gateway()(request('GET', '/nowhere')),
    },
    {
      name: 'no token (Cognito authorizer)',
      type: 'UNAUTHORIZED',
      aws: { statusCode: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
      send: () => gateway()(request('GET', '/orders')),
    },
    {
      name: 'a token the TOKEN authorizer refuses',
      type: 'UNAUTHORIZED',
      aws: { statusCode: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
      send: () => gateway()(request('GET', '/users/alice', [['Authorization', 'bad']])),
    },
    {
      name: 'a route outside the policy',
      type: 'ACCESS_DENIED',
      aws: {
        statusCode: 403,
        message: 'User is not authorized to access this resource',
        errorType: 'AccessDeniedException',
      },
      send: () => gateway()(request('GET', '/users', [['Authorization', 'good']])),
    },
    {
      name: 'an authorizer that fails',
      type: 'AUTHORIZER_CONFIGURATION_ERROR',
      aws: { statusCode: 500, message: null, errorType: 'AuthorizerConfigurationException' },
      send: () =>
        gateway({
          authorizer: async () => {
            throw new Error('JWKS unreachable');
          },
        })(request('GET', '/users/alice', [['Authorization', 'good']])),
    },
    {
      name: 'a handler that throws',
      type: 'DEFAULT_5XX',
      aws: { statusCode: 502, message: 'Internal server error', errorType: 'InternalServerErrorException' },
      send: () => gateway({ getOrder: throwing })(request('GET', '/orders/o-1', [['Authorization', 'good']])),
    },
    {
      name: 'a handler past the integration timeout',
      type: 'INTEGRATION_TIMEOUT',
      aws: {
        statusCode: 504,
        message: 'Endpoint request timed out',
        errorType: 'IntegrationTimeoutException',
      },
      send: () => gateway({ getOrder: slow })(request('GET', '/orders/o-1', [['Authorization', 'good']])),
    },
  ] as const)('$type for $name', async ({ type, aws, send }) => {
    expect(wire(await send())).toEqual(deployed(type, aws));
  });

  it("echoes the request's Origin on gateway responses when several origins are allowed", async () => {
    const policy = corsPolicy([ORIGIN, 'http://127.0.0.1:5173']);
    const result = await gateway({ cors: policy })(request('GET', '/orders'));

    const expected = deployed(
      'UNAUTHORIZED',
      { statusCode: 401, message: 'Unauthorized', errorType: 'UnauthorizedException' },
      policy,
    );
    expect(wire(result)).toEqual(expected);
    expect(expected.headers).toMatchObject({ 'Access-Control-Allow-Origin': ORIGIN, Vary: 'Origin' });
  });

  describe('over HTTP', () => {
    const local = useMemoryServer();

    it('REQUEST_TOO_LARGE for a body over 10 MB', async () => {
      const user = await local.api.token();
      const response = await local.api.post('/orders', {
        token: user.token,
        rawBody: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
        headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
      });

      const expected = deployed('REQUEST_TOO_LARGE', {
        statusCode: 413,
        message: 'Request Too Long',
        errorType: 'RequestTooLargeException',
      });
      expect(response.status).toBe(expected.statusCode);
      expect(response.json).toEqual(expected.body);
      const sent = Object.fromEntries(response.headers);
      const transport = ['connection', 'content-length', 'date', 'keep-alive', 'x-amzn-requestid'];
      const own = Object.fromEntries(Object.entries(sent).filter(([name]) => !transport.includes(name)));
      expect(own).toEqual(
        Object.fromEntries(
          Object.entries(expected.headers).map(([name, value]) => [name.toLowerCase(), value]),
        ),
      );
    });
  });
});
