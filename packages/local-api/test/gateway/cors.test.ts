import {
  type ApiHandler,
  type CorsPolicy,
  corsPolicy,
  type Handlers,
  type IdTokenVerifier,
  isAllowed,
  preflightDefinition,
  preflightHeaders,
  ROUTES,
  resourceMethods,
} from '@app/adapters-lambda';
import { describe, expect, it } from 'vitest';
import { CognitoAuthorizerEmulator } from '../../src/gateway/cognito-authorizer-emulator.js';
import type { GatewayRequest } from '../../src/gateway/event-builder.js';
import { createGateway } from '../../src/gateway/gateway.js';
import { RouteTable } from '../../src/gateway/route-table.js';
import { TokenAuthorizerEmulator } from '../../src/gateway/token-authorizer-emulator.js';
import { startTarget } from '../helpers/target.js';

const APP = 'http://127.0.0.1:5173';
const OTHER = 'https://app.example.com';

const preflightRequest = (rawPath: string, origin: string | undefined): GatewayRequest => ({
  method: 'OPTIONS',
  rawPath,
  rawQuery: '',
  headers: [
    ...(origin === undefined ? [] : ([['Origin', origin]] as const)),
    ['Access-Control-Request-Method', 'POST'],
    ['Access-Control-Request-Headers', 'authorization,content-type'],
  ],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  receivedAt: Date.now(),
});

/** A gateway whose handlers and verifier only count calls: a preflight must reach none of them. */
function countingGateway(cors?: CorsPolicy) {
  const calls: string[] = [];
  const counted =
    (name: string): ApiHandler =>
    async () => {
      calls.push(name);
      return { statusCode: 200, body: '{}' };
    };
  const handlers: Handlers = {
    users: counted('users'),
    authorizer: async () => {
      calls.push('authorizer');
      throw new Error('Unauthorized');
    },
    addOrder: counted('addOrder'),
    getOrder: counted('getOrder'),
    listOrders: counted('listOrders'),
    editOrder: counted('editOrder'),
    cancelOrder: counted('cancelOrder'),
  };
  const verifier: IdTokenVerifier = {
    verify: async () => {
      calls.push('cognito');
      throw new Error('no');
    },
  };
  const gateway = createGateway({
    handlers,
    routes: new RouteTable(),
    tokenAuthorizer: new TokenAuthorizerEmulator({ authorizer: handlers.authorizer, isAllowed }),
    cognitoAuthorizer: new CognitoAuthorizerEmulator(verifier),
    controlRoutes: () => undefined,
    ...(cors === undefined ? {} : { cors }),
  });
  return { gateway, calls };
}

const RESOURCES = (['users', 'orders'] as const).flatMap((api) => [...resourceMethods(ROUTES, api)]);
/** A concrete path of a resource template. */
const concrete = (path: string) => path.replace(/\{\w+\}/g, 'id-1');

describe('CORS preflight in the emulator', () => {
  it.each(RESOURCES)(
    'answers OPTIONS %s with 204 and the definition, running no authorizer or handler',
    async (path, methods) => {
      const { gateway, calls } = countingGateway();

      const result = await gateway(preflightRequest(concrete(path), OTHER));

      expect(result.statusCode).toBe(204);
      expect(result.body).toBe('');
      const { 'x-amzn-RequestId': _, ...headers } = result.headers;
      expect(headers).toEqual(preflightHeaders(preflightDefinition(corsPolicy(), methods), OTHER));
      expect(headers).toMatchObject({
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'Authorization,Content-Type',
        'Access-Control-Allow-Methods': methods.join(','),
        'Access-Control-Max-Age': '600',
      });
      expect(calls).toEqual([]);
    },
  );

  it('echoes a listed origin, and names the first listed origin to any other', async () => {
    const { gateway } = countingGateway(corsPolicy([OTHER, APP]));

    const listed = await gateway(preflightRequest('/orders', APP));
    expect(listed.headers).toMatchObject({ 'Access-Control-Allow-Origin': APP, Vary: 'Origin' });
    const unlisted = await gateway(preflightRequest('/orders', 'https://evil.example'));
    expect(unlisted.headers).toMatchObject({ 'Access-Control-Allow-Origin': OTHER, Vary: 'Origin' });
  });

  it('answers OPTIONS on a path that is no resource as API Gateway does: Missing Authentication Token', async () => {
    const { gateway } = countingGateway();

    const result = await gateway(preflightRequest('/orders/a/b', OTHER));

    expect(result.statusCode).toBe(403);
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
  });
});

describe('CORS over HTTP', () => {
  it('puts the allowed origin and the exposed headers on handler responses, and none on /local/*', async () => {
    const target = await startTarget('memory', { corsOrigins: [APP] });
    try {
      const user = await target.api.token();
      const listed = await target.api.get('/orders', { token: user.token, headers: { Origin: APP } });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('access-control-allow-origin')).toBe(APP);
      expect(listed.headers.get('access-control-expose-headers')).toBe(
        'Idempotent-Replayed,Retry-After,x-amzn-RequestId',
      );
      expect(listed.headers.get('vary')).toBe('Origin');

      const preflight = await target.api.request('OPTIONS', '/local/token', { headers: { Origin: APP } });
      const health = await target.api.get('/local/health', { headers: { Origin: APP } });
      for (const response of [preflight, health]) {
        const cors = [...response.headers.keys()].filter((name) => /^access-control-|^vary$/.test(name));
        expect(cors).toEqual([]);
      }
      expect(preflight.status).toBe(403);
    } finally {
      await target.close();
    }
  });
});
