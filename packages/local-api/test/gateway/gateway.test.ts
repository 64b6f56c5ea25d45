import type { ApiHandler, Handlers, IdTokenVerifier } from '@app/adapters-lambda';
import { isAllowed } from '@app/adapters-lambda';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CognitoAuthorizerEmulator, gatewayClaims } from '../../src/gateway/cognito-authorizer-emulator.js';
import type { GatewayRequest } from '../../src/gateway/event-builder.js';
import { createGateway } from '../../src/gateway/gateway.js';
import { RouteTable } from '../../src/gateway/route-table.js';
import { TokenAuthorizerEmulator } from '../../src/gateway/token-authorizer-emulator.js';
import { useMemoryServer } from '../helpers/local-server.js';
import { ApiClient } from '../helpers/target.js';

const request = (method: string, rawPath: string, headers: Array<[string, string]> = []): GatewayRequest => ({
  method,
  rawPath,
  rawQuery: '',
  headers,
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  receivedAt: Date.now(),
});

const ok: ApiHandler = async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: '{}',
});

/** A gateway in front of stand-in handlers; `getOrder` is replaceable per test. */
function gatewayWith(getOrder: ApiHandler, options: { integrationTimeoutMs?: number } = {}) {
  const verifier: IdTokenVerifier = {
    verify: async (header) => {
      if (header !== 'Bearer good') throw new Error('bad token');
      return {
        sub: 'alice',
        email: 'alice@example.com',
        'cognito:groups': ['apiAdmins', 'cooks'],
        exp: 1764193440,
      };
    },
  };
  const handlers: Handlers = {
    users: ok,
    authorizer: async () => {
      throw new Error('Unauthorized');
    },
    addOrder: ok,
    getOrder,
    listOrders: ok,
    editOrder: ok,
    cancelOrder: ok,
  };
  return createGateway({
    handlers,
    routes: new RouteTable(),
    tokenAuthorizer: new TokenAuthorizerEmulator({ authorizer: handlers.authorizer, isAllowed }),
    cognitoAuthorizer: new CognitoAuthorizerEmulator(verifier),
    controlRoutes: async () => undefined,
    ...options,
  });
}

const bodyOf = (result: { body: Buffer | string }) => JSON.parse(result.body.toString('utf8'));

describe('the gateway in front of the handlers', () => {
  it('gives the handler the Cognito claims as API Gateway does: strings, groups comma-joined', async () => {
    let received: APIGatewayProxyEvent | undefined;
    const gateway = gatewayWith(async (event) => {
      received = event;
      return { statusCode: 200, body: '{}' };
    });

    const result = await gateway(request('GET', '/orders/o%201', [['Authorization', 'Bearer good']]));

    expect(result.statusCode).toBe(200);
    expect(received?.pathParameters).toEqual({ orderId: 'o 1' });
    expect(received?.requestContext.requestId).toBe(result.requestId);
    expect(received?.requestContext.authorizer?.claims).toEqual({
      sub: 'alice',
      email: 'alice@example.com',
      'cognito:groups': 'apiAdmins,cooks',
      exp: 'Wed Nov 26 21:44:00 UTC 2025',
    });
    expect(result.headers['x-amzn-RequestId']).toBe(result.requestId);
  });

  it('answers 401 Unauthorized for a missing or rejected token, without calling the handler', async () => {
    let called = false;
    const gateway = gatewayWith(async () => {
      called = true;
      return { statusCode: 200, body: '{}' };
    });

    for (const headers of [[], [['Authorization', 'Bearer bad']]] as Array<Array<[string, string]>>) {
      const result = await gateway(request('GET', '/orders/x', headers));
      expect(result.statusCode).toBe(401);
      expect(bodyOf(result)).toEqual({ message: 'Unauthorized' });
      expect(result.headers['Content-Type']).toBe('application/json');
    }
    const users = await gateway(request('GET', '/users', [['Authorization', 'whatever']]));
    expect(users.statusCode).toBe(401);
    expect(called).toBe(false);
  });

  it('answers 403 Missing Authentication Token for unknown routes', async () => {
    const gateway = gatewayWith(ok);
    const result = await gateway(request('GET', '/unknown', [['Authorization', 'Bearer good']]));
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toEqual({ message: 'Missing Authentication Token' });
    expect(result.headers['Content-Type']).toBe('application/json');
  });

  it('answers 502 when the handler throws or returns something that is not a proxy result', async () => {
    const throwing = gatewayWith(async () => {
      throw new Error('secret detail');
    });
    const thrown = await throwing(request('GET', '/orders/x', [['Authorization', 'Bearer good']]));
    expect(thrown.statusCode).toBe(502);
    expect(bodyOf(thrown)).toEqual({ message: 'Internal server error' });

    const malformed = gatewayWith(async () => ({ body: 'no status' }) as unknown as APIGatewayProxyResult);
    expect(
      (await malformed(request('GET', '/orders/x', [['Authorization', 'Bearer good']]))).statusCode,
    ).toBe(502);
  });

  it('answers 504 when the handler takes longer than the integration timeout', async () => {
    const slow = gatewayWith(
      () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200, body: '' }), 200)),
      {
        integrationTimeoutMs: 20,
      },
    );
    const result = await slow(request('GET', '/orders/x', [['Authorization', 'Bearer good']]));
    expect(result.statusCode).toBe(504);
    expect(bodyOf(result)).toEqual({ message: 'Endpoint request timed out' });
  });

  it('returns multi-value headers and decodes base64 bodies', async () => {
    const gateway = gatewayWith(async () => ({
      statusCode: 200,
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    }));
    const result = await gateway(request('GET', '/orders/x', [['Authorization', 'Bearer good']]));
    expect(result.headers['Set-Cookie']).toEqual(['a=1', 'b=2']);
    expect([...result.body]).toEqual([1, 2, 3]);
  });
});

describe('gatewayClaims', () => {
  it('renders every claim as a string', () => {
    expect(
      gatewayClaims({ email_verified: true, iat: 0, 'cognito:groups': [], aud: 'client', extra: { a: 1 } }),
    ).toEqual({
      email_verified: 'true',
      iat: 'Thu Jan 01 00:00:00 UTC 1970',
      'cognito:groups': '',
      aud: 'client',
      extra: '{"a":1}',
    });
  });
});

describe('the gateway over HTTP with the real authorizers', () => {
  const local = useMemoryServer();

  it('runs the real TOKEN authorizer once per token within the TTL', async () => {
    const user = await local.api.token();
    const before = local.server.tokenAuthorizer.invocations;

    expect((await local.api.get(`/users/${user.sub}`, { token: user.token })).status).toBe(404);
    expect((await local.api.get(`/users/${user.sub}`, { token: user.token })).status).toBe(404);
    expect((await local.api.get('/users', { token: user.token })).status).toBe(403);

    expect(local.server.tokenAuthorizer.invocations - before).toBe(1);
  });

  it('lets an expired token through on the users API while its policy is cached, as API Gateway does; the orders API refuses it', async () => {
    const issued = await local.api.post('/local/token', {
      body: { email: 'expiring@example.com', expiresIn: 1 },
    });
    const { idToken, sub } = issued.json;
    expect((await local.api.get(`/users/${sub}`, { token: idToken })).status).toBe(404);
    expect((await local.api.get('/orders', { token: idToken })).status).toBe(200);

    // Past `exp` (whole seconds, so at most two seconds from now), within the 300 s policy TTL.
    const expiresAt = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')).exp * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 100));

    expect((await local.api.get(`/users/${sub}`, { token: idToken })).status).toBe(404);
    expect((await local.api.delete(`/users/${sub}`, { token: idToken })).status).toBe(404);
    expect((await local.api.get('/orders', { token: idToken })).status).toBe(401);
  });

  it('accepts the token raw or after Bearer, on both APIs', async () => {
    const user = await local.api.token();
    const raw = await local.api.get('/orders', { headers: { Authorization: user.token } });
    expect(raw.status).toBe(200);
    const rawUsers = await local.api.get(`/users/${user.sub}`, { headers: { Authorization: user.token } });
    expect(rawUsers.status).toBe(404);
  });

  it('refuses a token signed by another key with 401 on both APIs', async () => {
    const { createLocalIdentity } = await import('../../src/identity/identity.js');
    const foreign = createLocalIdentity().issueToken('mallory@example.com', { groups: ['apiAdmins'] });
    for (const path of ['/orders', '/users']) {
      const response = await local.api.get(path, { token: foreign.idToken });
      expect(response.status, path).toBe(401);
      expect(response.json).toEqual({ message: 'Unauthorized' });
    }
  });

  it('refuses a body over API Gateway’s 10 MB limit with 413 Request Too Long', async () => {
    const user = await local.api.token();
    const response = await local.api.post('/orders', {
      token: user.token,
      rawBody: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ message: 'Request Too Long' });
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('still serves requests after refusing an oversized one', async () => {
    const fresh = new ApiClient(local.server.url);
    expect((await fresh.get('/local/health')).status).toBe(200);
  });
});
