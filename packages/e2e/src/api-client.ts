/** A response as the scenarios read it: status, headers, the raw text and the parsed JSON, if any. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  json: any;
}

/** A body parsed as JSON, or undefined when it is empty or not JSON (some answers are plain text). */
export function jsonOrUndefined(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface RequestOptions {
  /** Sent in `Authorization`, formatted as the client's `authorization` option says. */
  token?: string;
  /** A value is sent as JSON (with `Content-Type: application/json` unless `headers` say otherwise). */
  body?: unknown;
  /** Sent as is. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

/** Where the two APIs are: one base URL for both (the local server) or one per API (AWS). */
export type ApiBaseUrls = string | { usersUrl: string; ordersUrl: string };

export interface ApiClientOptions {
  /**
   * How a token is sent: `Bearer <token>` (the default) or the raw token, which is what the
   * workshop's clients send and what API Gateway's Cognito authorizer expects.
   */
  authorization?: 'bearer' | 'raw';
}

/**
 * A fetch client for the users and orders APIs. Paths starting with `/orders` go to the orders
 * API, every other path to the users API (locally both are the same server).
 */
export class ApiClient {
  readonly usersUrl: string;
  readonly ordersUrl: string;
  private readonly authorization: 'bearer' | 'raw';

  constructor(baseUrls: ApiBaseUrls, options: ApiClientOptions = {}) {
    const urls = typeof baseUrls === 'string' ? { usersUrl: baseUrls, ordersUrl: baseUrls } : baseUrls;
    this.usersUrl = urls.usersUrl.replace(/\/$/, '');
    this.ordersUrl = urls.ordersUrl.replace(/\/$/, '');
    this.authorization = options.authorization ?? 'bearer';
  }

  /** The users API's base URL (kept for the local tests, where both APIs share it). */
  get baseUrl(): string {
    return this.usersUrl;
  }

  urlOf(path: string): string {
    const isOrders = path === '/orders' || path.startsWith('/orders/') || path.startsWith('/orders?');
    return `${isOrders ? this.ordersUrl : this.usersUrl}${path}`;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (options.token !== undefined)
      headers.Authorization = this.authorization === 'raw' ? options.token : `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    Object.assign(headers, options.headers);
    const response = await fetch(this.urlOf(path), {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: jsonOrUndefined(text) };
  }

  get = (path: string, options?: RequestOptions) => this.request('GET', path, options);
  post = (path: string, options?: RequestOptions) => this.request('POST', path, options);
  put = (path: string, options?: RequestOptions) => this.request('PUT', path, options);
  delete = (path: string, options?: RequestOptions) => this.request('DELETE', path, options);
}
