import { randomUUID } from 'node:crypto';
import { startDynalite, uniqueTableNames } from '@app/adapters-dynamodb/testing';
import {
  type ApiScenarioOptions,
  type ApiTarget,
  type Identity,
  ApiClient as SharedApiClient,
} from '@app/e2e';
import type { LocalServer, LocalServerOptions } from '../../src/gateway/server.js';

// The handlers' Powertools logs and metrics stay out of the test output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export type Storage = 'memory' | 'dynamodb';

export interface Target {
  server: LocalServer;
  api: ApiClient;
  close(): Promise<void>;
}

/** A local server on 127.0.0.1 and a free port, in memory or on a fresh dynalite. */
export async function startTarget(storage: Storage, options: LocalServerOptions = {}): Promise<Target> {
  const { startLocalServer } = await import('../../src/gateway/server.js');
  if (storage === 'memory') {
    const server = await startLocalServer({ port: 0, host: '127.0.0.1', ...options });
    return { server, api: new ApiClient(server.url), close: () => server.close() };
  }
  const dynalite = await startDynalite();
  try {
    const server = await startLocalServer({
      port: 0,
      host: '127.0.0.1',
      storage: 'dynamodb',
      dynamodb: { endpoint: dynalite.endpoint, tables: uniqueTableNames('e2e') },
      ...options,
    });
    return {
      server,
      api: new ApiClient(server.url),
      close: async () => {
        await server.close();
        await dynalite.close();
      },
    };
  } catch (error) {
    await dynalite.close();
    throw error;
  }
}

export type { ApiResponse, RequestOptions } from '@app/e2e';

/** The shared API client plus the local server's token route. */
export class ApiClient extends SharedApiClient {
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

export { type Identity, newOrder } from '@app/e2e';

/** The local server as a target of the shared API scenarios: both APIs on one URL, `/local/token`. */
export function localApiTarget(target: Target): ApiTarget {
  return {
    usersUrl: target.server.url,
    ordersUrl: target.server.url,
    tokenFor: (email, options = {}) => target.api.token({ email, admin: options.admin === true }),
  };
}

/**
 * What the local server can do beyond the public API, through its control routes: move the clock
 * (`/local/clock`) and acknowledge an order (`/local/orders/{userId}/{orderId}/acknowledge`).
 * `getTarget` is read when a scenario calls a capability, after the server has started.
 */
export function localScenarioOptions(storage: Storage, getTarget: () => Target): ApiScenarioOptions {
  const api = () => getTarget().api;
  return {
    gatewayRequestModels: false,
    capabilities: {
      clock: {
        async now() {
          const response = await api().get('/local/clock');
          if (response.status !== 200)
            throw new Error(`GET /local/clock answered ${response.status}: ${response.text}`);
          return new Date(response.json.now);
        },
        async advance(seconds) {
          const moved = await api().post('/local/clock', { body: { advanceSeconds: seconds } });
          if (moved.status !== 200)
            throw new Error(`POST /local/clock answered ${moved.status}: ${moved.text}`);
          return new Date(moved.json.now);
        },
      },
      // Powertools' DynamoDB idempotency expires records by the wall clock, which /local/clock does not move.
      clockExpiresIdempotency: storage === 'memory',
      acknowledge: (userId, orderId) => api().post(`/local/orders/${userId}/${orderId}/acknowledge`),
    },
  };
}
