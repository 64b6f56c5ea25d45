import { startDynalite, uniqueTableNames } from '@app/adapters-dynamodb/testing';
import { LocalApiClient, type LocalStorageKind } from '@app/e2e';
import type { LocalServer, LocalServerOptions } from '../../src/gateway/server.js';

// The handlers' Powertools logs and metrics stay out of the test output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export type Storage = LocalStorageKind;

export interface Target {
  server: LocalServer;
  api: LocalApiClient;
  close(): Promise<void>;
}

/** A local server on 127.0.0.1 and a free port, in memory or on a fresh dynalite. */
export async function startTarget(storage: Storage, options: LocalServerOptions = {}): Promise<Target> {
  const { startLocalServer } = await import('../../src/gateway/server.js');
  if (storage === 'memory') {
    const server = await startLocalServer({ port: 0, host: '127.0.0.1', ...options });
    return { server, api: new LocalApiClient(server.url), close: () => server.close() };
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
      api: new LocalApiClient(server.url),
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

export {
  type ApiResponse,
  type Identity,
  LocalApiClient as ApiClient,
  newOrder,
  type RequestOptions,
} from '@app/e2e';
