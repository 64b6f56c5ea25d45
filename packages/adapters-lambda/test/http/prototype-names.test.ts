import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/app/create-handlers.js';
import type { ApiHandler } from '../../src/http/http-handler.js';
import { bodyOf, createTestApp } from '../helpers/app.js';
import {
  apiEvent,
  cognitoAuthorizerContext,
  lambdaContext,
  tokenAuthorizerContext,
} from '../helpers/events.js';

/** Names every plain object inherits; API Gateway passes them through like any other. */
const NAMES = ['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty', '__defineGetter__'];

const ALICE = { sub: 'alice-0001', email: 'alice@example.com' };

/** Every route: its function, and the event's method, resource and path parameters. */
const ROUTES: Array<{
  fn: Exclude<keyof Handlers, 'authorizer'>;
  method: string;
  resource: string;
  path?: Record<string, string>;
}> = [
  { fn: 'users', method: 'GET', resource: '/users' },
  { fn: 'users', method: 'POST', resource: '/users' },
  { fn: 'users', method: 'GET', resource: '/users/{userid}', path: { userid: ALICE.sub } },
  { fn: 'users', method: 'PUT', resource: '/users/{userid}', path: { userid: ALICE.sub } },
  { fn: 'users', method: 'DELETE', resource: '/users/{userid}', path: { userid: ALICE.sub } },
  { fn: 'addOrder', method: 'POST', resource: '/orders' },
  { fn: 'listOrders', method: 'GET', resource: '/orders' },
  { fn: 'getOrder', method: 'GET', resource: '/orders/{orderId}', path: { orderId: 'o-1' } },
  { fn: 'editOrder', method: 'PUT', resource: '/orders/{orderId}', path: { orderId: 'o-1' } },
  { fn: 'cancelOrder', method: 'DELETE', resource: '/orders/{orderId}', path: { orderId: 'o-1' } },
];

/**
 * The event as the function receives it on AWS: JSON text parsed, so a client's `__proto__` is
 * an own key of the map (written here as JSON text, since an object literal would set the
 * prototype instead).
 */
function eventWith(route: (typeof ROUTES)[number], section: 'query' | 'headers' | 'path', name: string) {
  const base = apiEvent({
    method: route.method,
    resource: route.resource,
    ...(route.path === undefined ? {} : { pathParameters: route.path }),
    authorizer:
      route.fn === 'users'
        ? tokenAuthorizerContext({ ...ALICE, isAdmin: true })
        : cognitoAuthorizerContext(ALICE),
  });
  const text = JSON.stringify(base);
  const key = JSON.stringify(name);
  const event = JSON.parse(
    section === 'query'
      ? text
          .replace('"queryStringParameters":null', `"queryStringParameters":{${key}:"1"}`)
          .replace(
            '"multiValueQueryStringParameters":null',
            `"multiValueQueryStringParameters":{${key}:["1"]}`,
          )
      : section === 'headers'
        ? text
            .replace('"headers":{', `"headers":{${key}:"x",`)
            .replace('"multiValueHeaders":{', `"multiValueHeaders":{${key}:["x"],`)
        : text.replace(/"pathParameters":\{"(\w+)":"[^"]*"\}/, `"pathParameters":{"$1":${key}}`),
  ) as APIGatewayProxyEvent;
  return event;
}

describe('names that are built-in object properties', () => {
  const app = createTestApp();

  it.each(NAMES)(
    'answers a query parameter named %s with 400 VALIDATION_FAILED naming it, on every route',
    async (name) => {
      for (const route of ROUTES) {
        const event = eventWith(route, 'query', name);
        expect(Object.hasOwn(event.queryStringParameters ?? {}, name)).toBe(true);

        const response = await (app.handlers[route.fn] as ApiHandler)(event, lambdaContext());

        expect(response.statusCode, `${route.method} ${route.resource}`).toBe(400);
        expect(bodyOf(response)).toMatchObject({
          code: 'VALIDATION_FAILED',
          errors: [{ path: name, message: 'unknown query parameter' }],
        });
      }
    },
  );

  it.each(NAMES)('never answers 5xx for a header or path parameter named or valued %s', async (name) => {
    for (const route of ROUTES) {
      for (const section of ['headers', 'path'] as const) {
        if (section === 'path' && route.path === undefined) continue;
        const response = await (app.handlers[route.fn] as ApiHandler)(
          eventWith(route, section, name) as never,
          lambdaContext(),
        );
        expect(response.statusCode, `${route.method} ${route.resource} (${section})`).toBeLessThan(500);
      }
    }
  });
});
