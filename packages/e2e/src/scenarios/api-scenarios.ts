import { randomUUID } from 'node:crypto';
import { beforeAll, describe } from 'vitest';
import { ApiClient } from '../api-client.js';
import { describeGatewayScenarios } from './gateway.scenarios.js';
import { describeOrdersScenarios } from './orders.scenarios.js';
import type { ApiScenarioOptions, ApiTarget, Identity, ScenarioContext } from './target.js';
import { describeUsersScenarios } from './users.scenarios.js';

/**
 * The API contract scenarios (spec/api.md and the original system's integration tests), over
 * real HTTP against any target. `getTarget` is called once, in this suite's first `beforeAll`
 * (after the caller's own `beforeAll` hooks of enclosing suites).
 */
export function describeApiScenarios(
  name: string,
  getTarget: () => ApiTarget | Promise<ApiTarget>,
  options: ApiScenarioOptions,
): void {
  describe(name, () => {
    let target: ApiTarget | undefined;
    let api: ApiClient | undefined;
    let admin: Identity | undefined;
    const started = <T>(value: T | undefined): T => {
      if (value === undefined)
        throw new Error("The scenarios' target starts in beforeAll; read it inside a test.");
      return value;
    };
    const context: ScenarioContext = {
      get api() {
        return started(api);
      },
      get admin() {
        return started(admin);
      },
      newIdentity: (identity = {}) => started(target).tokenFor(`e2e-${randomUUID()}@example.com`, identity),
    };

    beforeAll(async () => {
      target = await getTarget();
      api = new ApiClient(
        { usersUrl: target.usersUrl, ordersUrl: target.ordersUrl },
        { authorization: target.authorization ?? 'bearer' },
      );
      admin = await context.newIdentity({ admin: true });
    });

    describeGatewayScenarios(context);
    describeUsersScenarios(context, options);
    describeOrdersScenarios(context, options);
  });
}
