import { randomUUID } from 'node:crypto';
import { startDynalite, uniqueTableNames } from '@app/adapters-dynamodb/testing';
import type { LocalServer, LocalServerOptions } from '../../src/local/server.js';

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
  const { startLocalServer } = await import('../../src/local/server.js');
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

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  json: any;
}

export interface RequestOptions {
  token?: string;
  /** A value is sent as JSON (with `Content-Type: application/json` unless `headers` say otherwise). */
  body?: unknown;
  /** Sent as is. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** A fetch client for the local API. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }

  get = (path: string, options?: RequestOptions) => this.request('GET', path, options);
  post = (path: string, options?: RequestOptions) => this.request('POST', path, options);
  put = (path: string, options?: RequestOptions) => this.request('PUT', path, options);
  delete = (path: string, options?: RequestOptions) => this.request('DELETE', path, options);

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

export interface Identity {
  token: string;
  sub: string;
  email: string;
}

/** A valid create-order body. */
export function newOrder(orderId = `order-${randomUUID()}`, overrides: Record<string, unknown> = {}) {
  return {
    orderId,
    restaurantId: 1,
    orderItems: [{ id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 }],
    totalAmount: 9.99,
    ...overrides,
  };
}
