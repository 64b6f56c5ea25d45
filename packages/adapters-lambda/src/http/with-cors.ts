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
    const cors = corsResponseHeaders(policy, headerValue(event, 'origin'));
    return { ...response, headers: { ...response.headers, ...cors } };
  };
}
