import { CORS_EXPOSED_HEADERS, ROUTES, resourceMethods } from '@app/adapters-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../api-client.js';
import { MISSING_TOKEN, type ScenarioContext, UNKNOWN_ROUTES } from './target.js';

/** What API Gateway itself answers, before any function runs. */
export function describeGatewayScenarios(context: ScenarioContext): void {
  describe('API Gateway', () => {
    let api: ApiClient;

    beforeAll(() => {
      ({ api } = context);
    });

    it('answers Missing Authentication Token for unknown routes and methods without a token', async () => {
      for (const [method, path] of UNKNOWN_ROUTES) {
        const response = await api.request(method, path);
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.json).toEqual(MISSING_TOKEN);
      }
    });

    it('answers the CORS preflight of every resource itself: 204, its methods, no token needed', async () => {
      for (const apiName of ['users', 'orders'] as const) {
        for (const [path, methods] of resourceMethods(ROUTES, apiName)) {
          const concrete = path.replace(/\{\w+\}/g, 'e2e-cors-id');
          const response = await api.request('OPTIONS', concrete, {
            headers: {
              Origin: 'https://app.example.com',
              'Access-Control-Request-Method': methods[0] ?? 'GET',
              'Access-Control-Request-Headers': 'authorization,content-type',
            },
          });
          expect(response.status, `OPTIONS ${path}`).toBe(204);
          expect(response.headers.get('access-control-allow-methods')?.split(','), path).toEqual(methods);
          expect(response.headers.get('access-control-allow-headers'), path).toBe(
            'Authorization,Content-Type',
          );
          expect(response.headers.get('access-control-allow-origin'), path).toBeTruthy();
        }
      }
    });

    it("puts Cache-Control and the CORS headers on API Gateway's own 401 and 403", async () => {
      const refused = [
        await api.request('GET', '/orders', { headers: { Origin: 'https://app.example.com' } }),
        await api.request('GET', '/nope', { headers: { Origin: 'https://app.example.com' } }),
      ];
      for (const response of refused) {
        expect([401, 403]).toContain(response.status);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('access-control-allow-origin')).toBeTruthy();
        expect(response.headers.get('access-control-expose-headers')).toBe(CORS_EXPOSED_HEADERS.join(','));
      }
    });
  });
}
