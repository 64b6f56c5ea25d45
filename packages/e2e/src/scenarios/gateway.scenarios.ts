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
  });
}
