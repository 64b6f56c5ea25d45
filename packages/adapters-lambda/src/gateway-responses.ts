import { allowsAnyOrigin, CORS_EXPOSED_HEADERS, type CorsPolicy } from './cors.js';
import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE } from './http/response.js';

/*
 * API Gateway's own responses (the ones no handler writes: 401, 403, 413, 429, 5xx, …), defined
 * once. The CDK app creates a `GatewayResponse` for each type below; the local emulator answers
 * with exactly these statuses, bodies and headers, so it cannot send what AWS would not.
 */

/** The gateway-response types customised; every other type falls back to DEFAULT_4XX / DEFAULT_5XX. */
export const GATEWAY_RESPONSE_TYPES = [
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'BAD_REQUEST_BODY',
  'UNAUTHORIZED',
  'ACCESS_DENIED',
  'MISSING_AUTHENTICATION_TOKEN',
  'REQUEST_TOO_LARGE',
  'THROTTLED',
  'AUTHORIZER_FAILURE',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'INTEGRATION_TIMEOUT',
] as const;

export type GatewayResponseType = (typeof GATEWAY_RESPONSE_TYPES)[number];

/**
 * One gateway response, in API Gateway's terms: header values are mapping expressions (`'text'`
 * for a literal, `method.request.header.Origin` for a request header), the body a template over
 * `$context` variables (gateway-response templates are substituted, not run through VTL).
 */
export interface GatewayResponseDefinition {
  type: GatewayResponseType;
  /** Absent on the DEFAULT types: each response keeps API Gateway's own status (502, 503, …). */
  statusCode?: number;
  headers: Readonly<Record<string, string>>;
  /** The `application/json` template. */
  template: string;
}

/** The variables the templates use; the emulator substitutes exactly these. */
export const TEMPLATE_VARIABLES = {
  /** API Gateway's message for the error, as a JSON string (or `null`). */
  message: '$context.error.messageString',
  requestId: '$context.requestId',
} as const;

/** The request header a gateway response can echo (a mapping expression). */
export const REQUEST_ORIGIN_EXPRESSION = 'method.request.header.Origin';

const literal = (value: string) => `'${value}'`;

/** API Gateway's default body for every type, with its message. */
const MESSAGE_TEMPLATE = `{"message":${TEMPLATE_VARIABLES.message}}`;

const STATUS: Partial<Record<GatewayResponseType, number>> = {
  BAD_REQUEST_BODY: 400,
  UNAUTHORIZED: 401,
  ACCESS_DENIED: 403,
  MISSING_AUTHENTICATION_TOKEN: 403,
  REQUEST_TOO_LARGE: 413,
  THROTTLED: 429,
  AUTHORIZER_FAILURE: 500,
  AUTHORIZER_CONFIGURATION_ERROR: 500,
  INTEGRATION_TIMEOUT: 504,
};

const TEMPLATES: Partial<Record<GatewayResponseType, string>> = {
  // The users API's 403 body, as API Gateway writes it for a policy that does not allow the call.
  ACCESS_DENIED: `{"Message":${TEMPLATE_VARIABLES.message}}`,
  // A body the request model refuses: the APIs' own problem format, not API Gateway's message.
  BAD_REQUEST_BODY: JSON.stringify({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'The request body does not match the schema of this operation.',
    code: 'VALIDATION_FAILED',
    requestId: TEMPLATE_VARIABLES.requestId,
  }),
};

/**
 * The CORS headers of a gateway response. A gateway response cannot compare the request's
 * `Origin` with a list (no VTL), so with a list it echoes the request's origin: its body is one
 * of API Gateway's fixed messages, readable by any page without harm (no credentials are allowed).
 */
function corsHeaders(policy: CorsPolicy): Record<string, string> {
  const [only, ...others] = policy.allowedOrigins;
  const origin = only !== undefined && others.length === 0 ? literal(only) : REQUEST_ORIGIN_EXPRESSION;
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': literal(CORS_EXPOSED_HEADERS.join(',')),
    ...(allowsAnyOrigin(policy) ? {} : { Vary: literal('Origin') }),
  };
}

/** Every customised gateway response for APIs with this CORS policy. */
export function gatewayResponseDefinitions(
  policy: CorsPolicy,
): Readonly<Record<GatewayResponseType, GatewayResponseDefinition>> {
  const cors = corsHeaders(policy);
  const entries = GATEWAY_RESPONSE_TYPES.map((type): [GatewayResponseType, GatewayResponseDefinition] => {
    const statusCode = STATUS[type];
    const contentType = type === 'BAD_REQUEST_BODY' ? PROBLEM_CONTENT_TYPE : JSON_CONTENT_TYPE;
    return [
      type,
      {
        type,
        ...(statusCode === undefined ? {} : { statusCode }),
        headers: { 'Content-Type': literal(contentType), 'Cache-Control': literal('no-store'), ...cors },
        template: TEMPLATES[type] ?? MESSAGE_TEMPLATE,
      },
    ];
  });
  return Object.fromEntries(entries) as Record<GatewayResponseType, GatewayResponseDefinition>;
}
