import { randomUUID } from 'node:crypto';
import { ApiClient } from '../api-client.js';
import type { ApiScenarioOptions, ApiTarget, Identity } from '../scenarios/target.js';

/** What the local server is backed by: capabilities differ (see `localScenarioOptions`). */
export type LocalStorageKind = 'memory' | 'dynamodb';

/** The API client plus the local server's token route: both APIs on one URL. */
export class LocalApiClient extends ApiClient {
  constructor(baseUrl: string) {
    super(baseUrl);
  }

  /** A token from `POST /local/token` for a new, unique user (or the given email). */
  async token(options: { admin?: boolean; email?: string; groups?: string[] } = {}): Promise<Identity> {
    const email = options.email ?? `user-${randomUUID()}@example.com`;
    const groups = options.groups ?? (options.admin === true ? ['apiAdmins'] : []);
    const response = await this.post('/local/token', { body: { email, groups } });
    if (response.status !== 200)
      throw new Error(`POST /local/token answered ${response.status}: ${response.text}`);
    return { token: response.json.idToken, sub: response.json.sub, email };
  }
}

/** A running local server as a target of the API scenarios: both APIs on one URL, `/local/token`. */
export function localApiTarget(api: LocalApiClient): ApiTarget {
  return {
    usersUrl: api.baseUrl,
    ordersUrl: api.baseUrl,
    tokenFor: (email, options = {}) => api.token({ email, admin: options.admin === true }),
  };
}

/**
 * What the local server can do beyond the public API, through its control routes: move the clock
 * (`/local/clock`) and acknowledge an order (`/local/orders/{userId}/{orderId}/acknowledge`).
 * `getApi` is read when a scenario calls a capability, after the server has started.
 */
export function localScenarioOptions(
  storage: LocalStorageKind,
  getApi: () => LocalApiClient,
): ApiScenarioOptions {
  return {
    gatewayRequestModels: false,
    capabilities: {
      clock: {
        async now() {
          const response = await getApi().get('/local/clock');
          if (response.status !== 200)
            throw new Error(`GET /local/clock answered ${response.status}: ${response.text}`);
          return new Date(response.json.now);
        },
        async advance(seconds) {
          const moved = await getApi().post('/local/clock', { body: { advanceSeconds: seconds } });
          if (moved.status !== 200)
            throw new Error(`POST /local/clock answered ${moved.status}: ${moved.text}`);
          return new Date(moved.json.now);
        },
      },
      // Powertools' DynamoDB idempotency expires records by the wall clock, which /local/clock does not move.
      clockExpiresIdempotency: storage === 'memory',
      // Every control route takes JSON, so that a web page cannot send it without a preflight.
      acknowledge: (userId, orderId) =>
        getApi().post(`/local/orders/${userId}/${orderId}/acknowledge`, {
          headers: { 'Content-Type': 'application/json' },
        }),
    },
  };
}
