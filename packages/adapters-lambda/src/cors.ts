import type { ApiName, HttpMethod, RouteDefinition } from './routes.js';

/*
 * The APIs' CORS rules (api.md "Browsers (CORS)"), in one place: the CDK app builds the preflight
 * methods and the gateway responses' headers from them, the Lambda HTTP edge adds them to every
 * handler response, and the local emulator answers preflights with them.
 */

/** Any origin, as the workshop answers: tokens travel in `Authorization`, never in cookies. */
export const ANY_ORIGIN = '*';
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type'] as const;
export const CORS_EXPOSED_HEADERS = ['Idempotent-Replayed', 'Retry-After', 'x-amzn-RequestId'] as const;
/** How long a browser may reuse a preflight's answer (Chromium caps it at 7200 s). */
export const CORS_MAX_AGE_SECONDS = 600;
export const PREFLIGHT_STATUS = 204;

/** `scheme://host[:port]`, as a browser sends it in `Origin` (no path, no trailing slash). */
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** Which origins may read the APIs' responses: `['*']`, or a list of exact origins. */
export interface CorsPolicy {
  readonly allowedOrigins: readonly string[];
}

export const DEFAULT_CORS_POLICY: CorsPolicy = { allowedOrigins: [ANY_ORIGIN] };

/** A configured origin that is neither `*` nor an exact origin. */
export class CorsConfigurationError extends Error {
  override readonly name = 'CorsConfigurationError';
}

/**
 * The policy for a list of origins (empty or absent: any origin). `*` stands alone; every other
 * entry must be an exact origin, e.g. `https://app.example.com` or `http://127.0.0.1:5173`.
 */
export function corsPolicy(origins: readonly string[] = []): CorsPolicy {
  const trimmed = [...new Set(origins.map((origin) => origin.trim()).filter((origin) => origin !== ''))];
  if (trimmed.length === 0) return DEFAULT_CORS_POLICY;
  if (trimmed.includes(ANY_ORIGIN)) {
    if (trimmed.length > 1) throw new CorsConfigurationError(`'*' cannot be combined with other origins`);
    return DEFAULT_CORS_POLICY;
  }
  const invalid = trimmed.filter((origin) => !ORIGIN.test(origin));
  if (invalid.length > 0) {
    throw new CorsConfigurationError(
      `not an origin (scheme://host[:port]): ${invalid.map((origin) => `'${origin}'`).join(', ')}`,
    );
  }
  return { allowedOrigins: trimmed };
}

/** The policy from the comma-separated `CORS_ALLOWED_ORIGINS` value (blank: any origin). */
export function corsPolicyFromList(list: string | undefined): CorsPolicy {
  return corsPolicy(list === undefined ? [] : list.split(','));
}

export const allowsAnyOrigin = (policy: CorsPolicy): boolean => policy.allowedOrigins[0] === ANY_ORIGIN;

/**
 * The `Access-Control-Allow-Origin` value for a request from `origin`: `*`, the origin itself when
 * it is listed, else the first listed origin (which the browser refuses, as API Gateway answers a
 * preflight built by CDK's `addCorsPreflight`).
 */
export function allowOriginFor(policy: CorsPolicy, origin: string | undefined): string {
  const [first = ANY_ORIGIN] = policy.allowedOrigins;
  return origin !== undefined && policy.allowedOrigins.includes(origin) ? origin : first;
}

/** The CORS headers of an actual (non-preflight) response to a request from `origin`. */
const EXPOSED_HEADERS = CORS_EXPOSED_HEADERS.join(',');

export function corsResponseHeaders(policy: CorsPolicy, origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': allowOriginFor(policy, origin),
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  };
  if (!allowsAnyOrigin(policy)) headers.Vary = 'Origin';
  return headers;
}

/** What a preflight on a resource answers (API Gateway's MOCK integration, the emulator). */
export interface PreflightDefinition {
  statusCode: typeof PREFLIGHT_STATUS;
  allowOrigins: readonly string[];
  allowMethods: readonly HttpMethod[];
  allowHeaders: readonly string[];
  maxAgeSeconds: number;
}

export function preflightDefinition(policy: CorsPolicy, methods: readonly HttpMethod[]): PreflightDefinition {
  return {
    statusCode: PREFLIGHT_STATUS,
    allowOrigins: policy.allowedOrigins,
    allowMethods: methods,
    allowHeaders: CORS_ALLOWED_HEADERS,
    maxAgeSeconds: CORS_MAX_AGE_SECONDS,
  };
}

/**
 * The headers of a preflight's answer to a request from `origin`, as API Gateway sends those
 * `addCorsPreflight` configures from the definition (its template puts a listed origin in place
 * of the first one).
 */
export function preflightHeaders(definition: PreflightDefinition, origin: string | undefined) {
  const policy = { allowedOrigins: definition.allowOrigins };
  return {
    'Access-Control-Allow-Headers': definition.allowHeaders.join(','),
    'Access-Control-Allow-Origin': allowOriginFor(policy, origin),
    ...(allowsAnyOrigin(policy) ? {} : { Vary: 'Origin' }),
    'Access-Control-Allow-Methods': definition.allowMethods.join(','),
    'Access-Control-Max-Age': String(definition.maxAgeSeconds),
  };
}

/** Each resource path of an API with its methods, in manifest order. */
export function resourceMethods(routes: readonly RouteDefinition[], api: ApiName): Map<string, HttpMethod[]> {
  const resources = new Map<string, HttpMethod[]>();
  for (const route of routes) {
    if (route.api !== api) continue;
    const methods = resources.get(route.path) ?? [];
    methods.push(route.method);
    resources.set(route.path, methods);
  }
  return resources;
}
