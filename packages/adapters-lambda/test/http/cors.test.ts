import { describe, expect, it } from 'vitest';
import { composeGetOrderFunction, composeUsersFunction } from '../../src/app/compose-lambda.js';
import { readConfig } from '../../src/config.js';
import {
  CorsConfigurationError,
  corsPolicy,
  corsPolicyFromList,
  corsResponseHeaders,
  preflightDefinition,
  preflightHeaders,
  resourceMethods,
} from '../../src/cors.js';
import { ROUTES } from '../../src/routes.js';
import { apiEvent, lambdaContext } from '../helpers/events.js';

const ENV = {
  AWS_REGION: 'us-east-1',
  USERS_TABLE: 'users-table',
  ORDERS_TABLE: 'orders-table',
  CURSOR_SIGNING_KEY: 'a-cursor-signing-key-of-32-chars!',
};
const EXPOSED = 'Idempotent-Replayed,Retry-After,x-amzn-RequestId';

describe('the CORS policy', () => {
  it('allows any origin by default, and for an empty or blank list', () => {
    for (const policy of [corsPolicy(), corsPolicy([]), corsPolicyFromList(' , '), corsPolicyFromList('*')]) {
      expect(policy.allowedOrigins).toEqual(['*']);
    }
  });

  it.each([
    ['*,https://app.example.com', "'*' cannot be combined"],
    ['https://app.example.com/', 'not an origin'],
    ['app.example.com', 'not an origin'],
    ['https://app.example.com/path', 'not an origin'],
    ['https://a.example.com,"x"', 'not an origin'],
  ])('refuses %s', (list, message) => {
    expect(() => corsPolicyFromList(list)).toThrow(CorsConfigurationError);
    expect(() => corsPolicyFromList(list)).toThrow(message);
  });

  it('answers * to every origin, with the exposed headers and no Vary', () => {
    expect(corsResponseHeaders(corsPolicy(), 'https://anywhere.example')).toEqual({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED,
    });
  });

  it('echoes a listed origin with Vary: Origin, and names the first one to any other', () => {
    const policy = corsPolicyFromList('https://a.example.com, http://127.0.0.1:5173');

    expect(corsResponseHeaders(policy, 'http://127.0.0.1:5173')).toEqual({
      'Access-Control-Allow-Origin': 'http://127.0.0.1:5173',
      'Access-Control-Expose-Headers': EXPOSED,
      Vary: 'Origin',
    });
    expect(corsResponseHeaders(policy, 'https://evil.example')['Access-Control-Allow-Origin']).toBe(
      'https://a.example.com',
    );
    expect(corsResponseHeaders(policy, undefined)['Access-Control-Allow-Origin']).toBe(
      'https://a.example.com',
    );
  });

  it('lists each resource with the methods of the manifest', () => {
    expect(Object.fromEntries(resourceMethods(ROUTES, 'users'))).toEqual({
      '/users': ['GET', 'POST'],
      '/users/{userid}': ['GET', 'PUT', 'DELETE'],
    });
    expect(Object.fromEntries(resourceMethods(ROUTES, 'orders'))).toEqual({
      '/orders': ['POST', 'GET'],
      '/orders/{orderId}': ['GET', 'PUT', 'DELETE'],
    });
  });

  it('answers a preflight with the methods, the allowed headers and the max age', () => {
    const definition = preflightDefinition(corsPolicy(), ['GET', 'POST']);

    expect(definition.statusCode).toBe(204);
    expect(preflightHeaders(definition, 'https://app.example.com')).toEqual({
      'Access-Control-Allow-Headers': 'Authorization,Content-Type',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET,POST',
      'Access-Control-Max-Age': '600',
    });
  });
});

describe('CORS on the Lambda functions', () => {
  it('adds the headers to every response, from CORS_ALLOWED_ORIGINS (default any origin)', async () => {
    const anyOrigin = composeGetOrderFunction(ENV);
    const event = apiEvent({
      method: 'GET',
      resource: '/orders/{orderId}',
      pathParameters: { orderId: 'o-1' },
      headers: { Origin: 'https://app.example.com' },
    });
    // No claims: the edge refuses it before any storage call, and the refusal carries them too.
    const refused = await anyOrigin(event, lambdaContext('getOrder'));
    expect(refused.statusCode).toBe(401);
    expect(refused.headers).toMatchObject({
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': EXPOSED,
      'Cache-Control': 'no-store',
    });

    const listed = composeUsersFunction({ ...ENV, CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
    const response = await listed(
      apiEvent({ method: 'GET', resource: '/users', headers: { origin: 'https://app.example.com' } }),
      lambdaContext('users'),
    );
    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example.com',
      Vary: 'Origin',
    });
  });

  it('fails the cold start naming CORS_ALLOWED_ORIGINS when it holds something else than origins', () => {
    expect(() => readConfig(['CORS_ALLOWED_ORIGINS'], { CORS_ALLOWED_ORIGINS: 'app.example.com' })).toThrow(
      'CORS_ALLOWED_ORIGINS: must be * or a comma-separated list of origins',
    );
    expect(() => composeGetOrderFunction({ ...ENV, CORS_ALLOWED_ORIGINS: '*,https://a.example' })).toThrow(
      'CORS_ALLOWED_ORIGINS',
    );
  });
});
