import { describe, expect, it } from 'vitest';
import {
  buildLambdaContext,
  buildProxyEvent,
  encodeBody,
  type GatewayRequest,
  methodArnOf,
} from '../../src/gateway/event-builder.js';
import { RouteTable } from '../../src/gateway/route-table.js';

const request = (overrides: Partial<GatewayRequest> = {}): GatewayRequest => ({
  method: 'PUT',
  rawPath: '/orders/order%201',
  rawQuery: '',
  headers: [
    ['Host', '127.0.0.1:3000'],
    ['Content-Type', 'application/json'],
    ['X-Custom', 'one'],
    ['x-custom', 'two'],
    ['User-Agent', 'vitest'],
  ],
  body: Buffer.from('{"a":1}'),
  sourceIp: '127.0.0.1',
  receivedAt: Date.UTC(2025, 10, 26, 21, 44, 5),
  ...overrides,
});

const eventFor = (overrides: Partial<GatewayRequest> = {}) =>
  buildProxyEvent({
    request: request(overrides),
    api: 'orders',
    resource: '/orders/{orderId}',
    pathParameters: { orderId: 'order 1' },
    authorizer: { claims: { sub: 'abc' } },
    requestId: 'req-1',
  });

describe('buildProxyEvent', () => {
  it('builds the REST API proxy event with the request context API Gateway sends', () => {
    const event = eventFor();

    expect(event).toMatchObject({
      resource: '/orders/{orderId}',
      path: '/orders/order 1',
      httpMethod: 'PUT',
      pathParameters: { orderId: 'order 1' },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      stageVariables: null,
      body: '{"a":1}',
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      requestId: 'req-1',
      stage: 'Prod',
      resourcePath: '/orders/{orderId}',
      httpMethod: 'PUT',
      path: '/Prod/orders/order 1',
      apiId: 'local-orders',
      accountId: '000000000000',
      authorizer: { claims: { sub: 'abc' } },
      requestTime: '26/Nov/2025:21:44:05 +0000',
      requestTimeEpoch: Date.UTC(2025, 10, 26, 21, 44, 5),
      identity: { sourceIp: '127.0.0.1', userAgent: 'vitest' },
    });
  });

  it('keeps the last value of a repeated header in headers and every value in multiValueHeaders', () => {
    const event = eventFor();

    expect(event.headers['X-Custom']).toBe('two');
    expect(event.multiValueHeaders['X-Custom']).toEqual(['one', 'two']);
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
  });

  it('decodes query parameters into both maps', () => {
    const event = eventFor({ rawQuery: 'limit=2&tag=a%20b&tag=c+d&empty' });

    expect(event.queryStringParameters).toEqual({ limit: '2', tag: 'c d', empty: '' });
    expect(event.multiValueQueryStringParameters).toEqual({ limit: ['2'], tag: ['a b', 'c d'], empty: [''] });
  });

  it.each(['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty'])(
    'keeps a query or header named %s as an own property, as JSON gives it on AWS',
    (name) => {
      const event = eventFor({
        rawQuery: `${name}=1&${name}=2`,
        headers: [
          ['Host', '127.0.0.1:3000'],
          [name, 'a'],
          [name, 'b'],
        ],
      });

      expect(Object.getPrototypeOf(event.queryStringParameters)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(event.queryStringParameters, name)?.value).toBe('2');
      expect(Object.getOwnPropertyDescriptor(event.multiValueQueryStringParameters, name)?.value).toEqual([
        '1',
        '2',
      ]);
      expect(Object.getOwnPropertyDescriptor(event.headers, name)?.value).toBe('b');
      expect(Object.getOwnPropertyDescriptor(event.multiValueHeaders, name)?.value).toEqual(['a', 'b']);
      expect(JSON.parse(JSON.stringify(event.multiValueQueryStringParameters))).toEqual(
        event.multiValueQueryStringParameters,
      );
    },
  );

  it('parses a query whose name repeats 8,000 times in work linear in its length', () => {
    // This process's CPU time (not wall time, which other processes stretch) for 40 events of 1×
    // and of 16× the repeats, the median of 3 rounds, once the code is warm. Measured here: linear
    // parsing 17–22× dearer, a copy of the value list per repeat about 110×; the bound sits
    // between them with a factor of two on each side.
    const cpuTimeOf = (repeats: number) => {
      const rawQuery = 'a&'.repeat(repeats);
      const rounds: number[] = [];
      for (let round = 0; round < 3; round++) {
        let parsed: string[] | undefined;
        const started = process.cpuUsage();
        for (let event = 0; event < 40; event++)
          parsed = eventFor({ rawQuery }).multiValueQueryStringParameters?.a;
        const { user, system } = process.cpuUsage(started);
        rounds.push(user + system);
        expect(parsed).toHaveLength(repeats);
      }
      return rounds.sort((a, b) => a - b)[1] as number;
    };
    cpuTimeOf(500);
    const once = cpuTimeOf(500);
    const sixteenTimes = cpuTimeOf(8_000);

    expect(sixteenTimes / once).toBeLessThan(45);
  });

  it('passes no body as null', () => {
    expect(eventFor({ body: Buffer.alloc(0) }).body).toBeNull();
  });
});

describe('encodeBody', () => {
  it('passes text bodies as strings', () => {
    expect(encodeBody(Buffer.from('name=a'), 'application/x-www-form-urlencoded')).toEqual({
      body: 'name=a',
      isBase64Encoded: false,
    });
    expect(encodeBody(Buffer.from('{}'), 'application/problem+json; charset=utf-8').isBase64Encoded).toBe(
      false,
    );
    expect(encodeBody(Buffer.from('plain'), undefined).body).toBe('plain');
  });

  it('base64-encodes binary bodies and bytes that are not UTF-8', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect(encodeBody(png, 'image/png')).toEqual({ body: png.toString('base64'), isBase64Encoded: true });
    const invalid = Buffer.from([0xff, 0xfe, 0x00]);
    expect(encodeBody(invalid, 'application/json')).toEqual({
      body: invalid.toString('base64'),
      isBase64Encoded: true,
    });
  });
});

describe('methodArnOf', () => {
  it('builds the method ARN API Gateway passes to a TOKEN authorizer', () => {
    expect(methodArnOf('users', 'GET', '/users/abc')).toBe(
      'arn:aws:execute-api:local:000000000000:local-users/Prod/GET/users/abc',
    );
  });
});

describe('buildLambdaContext', () => {
  it('counts the remaining time down to the function timeout', () => {
    let now = 1_000;
    const context = buildLambdaContext({ functionName: 'addOrder', timeoutMs: 30_000, now: () => now });
    expect(context.getRemainingTimeInMillis()).toBe(30_000);
    now += 12_500;
    expect(context.getRemainingTimeInMillis()).toBe(17_500);
    now += 60_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(context.functionName).toBe('local-addOrder');
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:local:000000000000:function:local-addOrder');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('RouteTable', () => {
  const routes = new RouteTable();

  it('matches the manifest routes and decodes path parameters like API Gateway', () => {
    const match = routes.match('GET', '/orders/a%20b%2Fc');
    expect(match?.route.operationId).toBe('getOrder');
    expect(match?.pathParameters).toEqual({ orderId: 'a b/c' });
    expect(routes.match('GET', '/users')?.pathParameters).toBeNull();
    expect(routes.match('GET', '/users/')?.route.operationId).toBe('listUsers');
  });

  it('passes a malformed escape through for the handler to refuse', () => {
    expect(routes.match('DELETE', '/orders/%zz')?.pathParameters).toEqual({ orderId: '%zz' });
  });

  it('knows no other path or method', () => {
    expect(routes.match('PATCH', '/orders/x')).toBeUndefined();
    expect(routes.match('GET', '/orders/x/y')).toBeUndefined();
    expect(routes.match('GET', '/orders//')).toBeUndefined();
    expect(routes.match('GET', '/')).toBeUndefined();
    expect(routes.match('OPTIONS', '/users')).toBeUndefined();
  });
});
