import { DEFAULT_PAGE_SIZE, ID_PATTERN, MAX_PAGE_SIZE, OrderSchema, UserSchema } from '@app/core';
import * as z from 'zod';
import { PROBLEM_MAPPINGS, type ProblemCode } from './http/problem.js';
import { ROUTES, type RouteDefinition } from './routes.js';

type JsonSchema = Record<string, unknown>;
type OpenApiDocument = Record<string, unknown>;

const API_TAGS = {
  users: {
    name: 'users',
    description:
      'Users API. Authorized by a Lambda TOKEN authorizer: an admin may call every route, a user only `/users/{their sub}`.',
  },
  orders: {
    name: 'orders',
    description:
      "Orders API. Authorized by the Cognito user pool authorizer; every route acts on the caller's own orders.",
  },
} as const;

/** JSON Schema 2020-12 of a zod schema, as an OpenAPI 3.1 component (no `$schema`). */
function componentOf(schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  for (const property of Object.values((json.properties ?? {}) as Record<string, JsonSchema>)) {
    // Swagger UI builds examples from `pattern`; a random match of the email pattern is rarely an
    // address the validator accepts (it stops at `maxLength`), so email fields name one.
    if (property.format === 'email') property.examples = [EMAIL_EXAMPLE];
  }
  return json;
}

const EMAIL_EXAMPLE = 'user@example.com';

/**
 * A request body's schema. The read-only fields a client may send back unchanged (`z.unknown()`
 * in the core, so any value reaches the READ_ONLY_FIELD check) get the resource's own type and
 * `readOnly: true`: Swagger UI leaves them out of its request examples, and generated clients
 * out of their request bodies, while the document still says what an echoed value must be.
 */
function requestComponentOf(schema: z.core.$ZodType, resource: JsonSchema): JsonSchema {
  const json = componentOf(schema, 'input');
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  const resourceProperties = resource.properties as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (Object.keys(property).length > 0) continue;
    properties![name] = {
      ...resourceProperties[name],
      readOnly: true,
      description: `Read-only: may be sent back with its current value (${name}).`,
    };
  }
  return json;
}

const pascal = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const pathParametersOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
const isList = (route: RouteDefinition) =>
  route.method === 'GET' && pathParametersOf(route.path).length === 0;

/** The codes a route can answer: its own, plus those its shape implies. */
function problemCodesOf(route: RouteDefinition): ProblemCode[] {
  const codes = new Set<ProblemCode>(route.errorCodes);
  if (route.requestSchema !== undefined) {
    for (const code of ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'] as const)
      codes.add(code);
  }
  if (pathParametersOf(route.path).length > 0) codes.add('VALIDATION_FAILED');
  if (isList(route)) {
    codes.add('VALIDATION_FAILED');
    codes.add('INVALID_CURSOR');
  }
  codes.add('SERVICE_UNAVAILABLE');
  return [...codes];
}

function responsesOf(route: RouteDefinition): Record<string, unknown> {
  const { successBody } = route;
  const responses: Record<string, unknown> = {
    [String(route.successStatus)]:
      successBody === null
        ? { description: 'Done.' }
        : {
            description: 'Success.',
            ...(route.operationId === 'createOrder'
              ? {
                  headers: {
                    'Idempotent-Replayed': {
                      description: '`true` when this is the stored response of an earlier identical request.',
                      schema: { type: 'string', enum: ['true'] },
                    },
                  },
                }
              : {}),
            content: { 'application/json': { schema: ref(successBody) } },
          },
    '401': {
      description: 'No token, or a token that failed verification (API Gateway).',
      content: { 'application/json': { schema: ref('GatewayMessage') } },
    },
  };
  if (route.authorizer === 'token') {
    responses['403'] = {
      description:
        "The authorizer's policy does not allow this route (API Gateway), or the handler refuses it.",
      content: {
        'application/json': { schema: ref('AccessDenied') },
        'application/problem+json': { schema: ref('Problem') },
      },
    };
  }
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemCodesOf(route)) {
    const { status } = PROBLEM_MAPPINGS[code];
    if (status === 403 && route.authorizer === 'token') continue;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const retryAfter = codes.some((code) => PROBLEM_MAPPINGS[code].headers?.['Retry-After'] !== undefined);
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\``).join(', '),
      ...(retryAfter
        ? {
            headers: {
              'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'string' } },
            },
          }
        : {}),
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function operationOf(route: RouteDefinition): Record<string, unknown> {
  const parameters = [
    ...pathParametersOf(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: ID_PATTERN.source },
    })),
    ...(isList(route)
      ? [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: `Page size (default ${DEFAULT_PAGE_SIZE}).`,
            schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
          },
          {
            name: 'nextToken',
            in: 'query',
            required: false,
            description: 'The `nextToken` of the previous page.',
            schema: { type: 'string', minLength: 1, maxLength: 2048 },
          },
        ]
      : []),
  ];
  return {
    tags: [route.api],
    operationId: route.operationId,
    summary: route.summary,
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.requestSchema === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(`${pascal(route.operationId)}Request`) } },
          },
        }),
    responses: responsesOf(route),
  };
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: Object.keys(PROBLEM_MAPPINGS).sort() },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        required: ['path', 'message'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
};

const pageOf = (itemsName: string, item: string): JsonSchema => ({
  type: 'object',
  properties: {
    [itemsName]: { type: 'array', items: ref(item) },
    nextToken: { type: 'string', description: 'Present when more items follow: pass it back to get them.' },
  },
  required: [itemsName],
});

/**
 * The OpenAPI 3.1 document of both APIs, built from the route manifest and the core's zod
 * schemas: what `GET /openapi.json` serves and `openapi.json` at the package root holds.
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[] = ROUTES): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const requestSchemas: Record<string, JsonSchema> = {};
  const resources = { users: componentOf(UserSchema, 'output'), orders: componentOf(OrderSchema, 'output') };
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operationOf(route) };
    if (route.requestSchema !== undefined) {
      requestSchemas[`${pascal(route.operationId)}Request`] = requestComponentOf(
        route.requestSchema,
        resources[route.api],
      );
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Serverless Patterns: users and orders APIs',
      version: '1.0.0',
      description:
        'Two REST APIs: users (Lambda TOKEN authorizer) and orders (Cognito user pool authorizer). Send a Cognito ID token in `Authorization`, raw or as `Bearer <token>`. Locally both APIs share one server; get a token with `POST /local/token`. On AWS each API has its own endpoint (stage `Prod`).',
      license: { name: 'MIT-0', identifier: 'MIT-0' },
    },
    servers: [{ url: '/', description: 'The server this document came from' }],
    tags: [API_TAGS.users, API_TAGS.orders],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token (locally: `POST /local/token`).',
        },
      },
      schemas: {
        User: resources.users,
        UserList: pageOf('users', 'User'),
        Order: resources.orders,
        OrderList: pageOf('orders', 'Order'),
        ...Object.fromEntries(Object.entries(requestSchemas).sort(([a], [b]) => a.localeCompare(b))),
        Problem: PROBLEM_SCHEMA,
        GatewayMessage: {
          type: 'object',
          description: "API Gateway's own error body.",
          properties: { message: { type: 'string' } },
          required: ['message'],
        },
        AccessDenied: {
          type: 'object',
          description: "API Gateway's answer when the authorizer's policy denies the route.",
          properties: { Message: { type: 'string' } },
          required: ['Message'],
        },
      },
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export const renderOpenApiDocument = (document: OpenApiDocument = buildOpenApiDocument()): string =>
  `${JSON.stringify(document, null, 2)}\n`;
