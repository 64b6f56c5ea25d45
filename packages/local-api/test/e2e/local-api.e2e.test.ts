import { ManualClock } from '@app/core/in-memory';
import {
  describeApiScenarios,
  localApiTarget,
  localScenarioOptions,
  MISSING_TOKEN,
  UNKNOWN_ROUTES,
} from '@app/e2e';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type Identity, type Storage, startTarget, type Target } from '../helpers/target.js';

/**
 * The API scenarios (`src/testing/api-scenarios.ts`, shared with the run against the deployed
 * stacks in `@app/infra`) over real HTTP against the local server, in memory and on dynalite,
 * plus what only the local server has.
 */
describe.each<Storage>(['memory', 'dynamodb'])('the local API over HTTP (%s storage)', (storage) => {
  let target: Target;
  let api: ApiClient;
  let admin: Identity;

  beforeAll(async () => {
    // A frozen clock, so that "599 s after the order" is exactly 599 s whatever the test's pace.
    target = await startTarget(storage, { clock: new ManualClock(new Date()) });
    api = target.api;
    admin = await api.token({ admin: true });
  });

  afterAll(async () => {
    await target?.close();
  });

  describe('local routes', () => {
    it('reports its health and storage', async () => {
      const response = await api.get('/local/health');
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ status: 'ok', storage });
    });

    // With a token: on AWS, API Gateway reads an Authorization header on an unknown route as a
    // malformed SigV4 one; the shared suite checks the route without a token on every target.
    it('answers API Gateway’s Missing Authentication Token for unknown routes and methods', async () => {
      for (const [method, path] of UNKNOWN_ROUTES) {
        const response = await api.request(method, path, { token: admin.token });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.json).toEqual(MISSING_TOKEN);
        expect(response.headers.get('content-type')).toBe('application/json');
      }
    });
  });

  // Every scenario, including the ones that need the local clock and acknowledge routes (they are
  // defined because `localScenarioOptions` declares those capabilities).
  describeApiScenarios(
    'API scenarios',
    () => localApiTarget(target.api),
    localScenarioOptions(storage, () => target.api),
  );
});
