import { jsonResponse, mapError } from '@app/adapters-lambda';
import { type CoreServices, parseInput, validationFailed } from '@app/core';
import type { ManualClock } from '@app/core/in-memory';
import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod';
import type { LocalIdentity } from '../identity/identity.js';
import { DOCS_PATH, swaggerUiAsset, swaggerUiPage } from './swagger-ui.js';

/** The longest a `/local/token` token may live, and the most groups it may carry. */
const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** The furthest `/local/clock` moves in one call (ten years). */
const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600;
/**
 * The latest the clock may show: the last second `orderTime`'s `YYYY-MM-DDTHH:MM:SSZ` can hold
 * (a later year takes six digits and a sign, and past year 275760 there is no date at all).
 */
export const LATEST_CLOCK_TIME = new Date('9999-12-31T23:59:59Z');

const TokenRequestSchema = z.strictObject({
  email: z.email().max(254),
  groups: z.array(z.string().min(1).max(128)).max(25).optional(),
  expiresIn: z.number().int().min(1).max(MAX_TOKEN_LIFETIME_SECONDS).optional(),
});

const ClockRequestSchema = z.strictObject({
  advanceSeconds: z.number().min(0).max(MAX_ADVANCE_SECONDS),
});

export type StorageKind = 'memory' | 'dynamodb';

export interface ControlRouteDependencies {
  services: CoreServices;
  identity: LocalIdentity;
  clock: ManualClock;
  storage: StorageKind;
  /** The OpenAPI document, served as is. */
  openApiDocument: unknown;
}

export interface ControlRequest {
  method: string;
  /** The decoded path segments after the leading `/`. */
  path: string;
  body: string;
  requestId: string;
}

type ControlHandler = (request: ControlRequest, parameters: string[]) => Promise<APIGatewayProxyResult>;

interface ControlRoute {
  method: string;
  pattern: RegExp;
  handle: ControlHandler;
}

/**
 * The local-only routes (api.md "Local server"): identity, clock, the restaurant's acknowledge,
 * health, the OpenAPI document and Swagger UI over it (`/docs`). They are not in the route
 * manifest and never deployed.
 * Returns `undefined` for any other path (at once, not as a promise: every API request asks),
 * which the gateway treats as an unknown route.
 */
export function createControlRoutes(deps: ControlRouteDependencies) {
  const routes: ControlRoute[] = [
    {
      method: 'GET',
      pattern: /^\/local\/health$/,
      handle: async () => jsonResponse(200, { status: 'ok', storage: deps.storage }),
    },
    {
      method: 'POST',
      pattern: /^\/local\/token$/,
      handle: async ({ body }) => {
        const { email, groups, expiresIn } = parseInput(TokenRequestSchema, parseJson(body));
        return jsonResponse(
          200,
          deps.identity.issueToken(email, {
            ...(groups === undefined ? {} : { groups }),
            ...(expiresIn === undefined ? {} : { expiresIn }),
          }),
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/\.well-known\/jwks\.json$/,
      handle: async () => jsonResponse(200, deps.identity.jwks),
    },
    {
      method: 'GET',
      pattern: /^\/local\/clock$/,
      handle: async () => jsonResponse(200, { now: deps.clock.now().toISOString() }),
    },
    {
      method: 'POST',
      pattern: /^\/local\/clock$/,
      handle: async ({ body }) => {
        const { advanceSeconds } = parseInput(ClockRequestSchema, parseJson(body));
        const left = (LATEST_CLOCK_TIME.getTime() - deps.clock.now().getTime()) / 1000;
        if (advanceSeconds > left) {
          throw validationFailed([
            {
              path: 'advanceSeconds',
              message: `must not move the clock past ${LATEST_CLOCK_TIME.toISOString()} (at most ${Math.max(0, Math.floor(left))} seconds from now)`,
            },
          ]);
        }
        return jsonResponse(200, { now: deps.clock.advance(advanceSeconds).toISOString() });
      },
    },
    {
      method: 'POST',
      pattern: /^\/local\/orders\/([^/]+)\/([^/]+)\/acknowledge$/,
      handle: async (_request, [userId = '', orderId = '']) =>
        jsonResponse(200, await deps.services.orders.acknowledge(userId, orderId)),
    },
    {
      method: 'GET',
      pattern: /^\/openapi\.json$/,
      handle: async () => jsonResponse(200, deps.openApiDocument),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${DOCS_PATH}/?$`),
      handle: async () => swaggerUiPage(),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${DOCS_PATH}/([^/]+)$`),
      handle: async (_request, [name = '']) =>
        swaggerUiAsset(name) ?? jsonResponse(404, { message: 'Not Found' }),
    },
  ];

  return function handleControlRoute(request: ControlRequest): Promise<APIGatewayProxyResult> | undefined {
    // HEAD is answered as GET; Node leaves the body out.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    for (const route of routes) {
      const match = route.method === method ? route.pattern.exec(request.path) : null;
      if (match === null) continue;
      return answer(route, request, match.slice(1).map(decodeSegment));
    }
    return undefined;
  };
}

async function answer(
  route: ControlRoute,
  request: ControlRequest,
  parameters: string[],
): Promise<APIGatewayProxyResult> {
  try {
    return await route.handle(request, parameters);
  } catch (error) {
    return mapError(error, request.requestId).response;
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw validationFailed([{ path: '(root)', message: 'the body must be a JSON object' }]);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
