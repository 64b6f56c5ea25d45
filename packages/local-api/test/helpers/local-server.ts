import { afterAll, beforeAll } from 'vitest';
import type { LocalServer } from '../../src/gateway/server.js';
import { type ApiClient, startTarget, type Target } from './target.js';

export interface MemoryServer {
  readonly server: LocalServer;
  readonly api: ApiClient;
}

/**
 * An in-memory local server for the enclosing suite: started in its `beforeAll`, closed in its
 * `afterAll`. Read `server` and `api` in tests only; before the suite starts there is no server,
 * and reading one then throws rather than handing a test `undefined`.
 */
export function useMemoryServer(): MemoryServer {
  let target: Target | undefined;

  beforeAll(async () => {
    target = await startTarget('memory');
  });

  afterAll(async () => {
    await target?.close();
  });

  const started = (): Target => {
    if (target === undefined) throw new Error('The local server starts in beforeAll; read it inside a test.');
    return target;
  };
  return {
    get server() {
      return started().server;
    },
    get api() {
      return started().api;
    },
  };
}
