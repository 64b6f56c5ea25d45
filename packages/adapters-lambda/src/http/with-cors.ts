import { type CorsPolicy, corsResponseHeaders } from '../cors.js';
import type { ApiHandler } from './http-handler.js';
import { headerValue } from './request.js';

/**
 * The handler with the CORS headers on every response it returns (api.md "Browsers (CORS)"):
 * the allowed origin for the request's `Origin`, and the headers a page may read.
 */
export function withCors(policy: CorsPolicy, handler: ApiHandler): ApiHandler {
  return async (event, context) => {
    const response = await handler(event, context);
    // `Object.assign`, not spreads: on Node 20 two spreads into one literal take V8's slow path,
    // a new hidden class per call (µs per response); the handlers' header names are their own.
    const headers = Object.assign(
      {},
      response.headers,
      corsResponseHeaders(policy, headerValue(event, 'origin')),
    );
    return Object.assign({}, response, { headers });
  };
}
