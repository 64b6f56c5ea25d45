import { randomUUID } from 'node:crypto';
import type { APIGatewayEventRequestContext, APIGatewayProxyResult } from 'aws-lambda';
import type { Handlers } from '../app/contracts.js';
import type { ApiName } from '../routes.js';
import type { CognitoAuthorizerEmulator } from './cognito-authorizer-emulator.js';
import {
  buildLambdaContext,
  buildProxyEvent,
  type GatewayRequest,
  headerValue,
  methodArnOf,
} from './event-builder.js';
import { GATEWAY_RESPONSES, type GatewayResponse } from './gateway-responses.js';
import type { RouteMatch, RouteTable } from './route-table.js';
import type { TokenAuthorizerEmulator } from './token-authorizer-emulator.js';

/** API Gateway's maximum integration time. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** What the gateway answers, ready to write to the wire. */
export interface GatewayResult {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  requestId: string;
}

export type ControlRouteHandler = (request: {
  method: string;
  path: string;
  body: string;
  requestId: string;
}) => Promise<APIGatewayProxyResult | undefined>;

export interface GatewayDependencies {
  handlers: Handlers;
  routes: RouteTable;
  tokenAuthorizer: TokenAuthorizerEmulator;
  cognitoAuthorizer: CognitoAuthorizerEmulator;
  controlRoutes: ControlRouteHandler;
  integrationTimeoutMs?: number;
}

/**
 * The API Gateway emulator: local control routes first, then the route manifest, the route's
 * authorizer, the proxy event, the real handler, and the handler's result as API Gateway
 * returns it. Unknown routes get API Gateway's `Missing Authentication Token`.
 */
export function createGateway({
  handlers,
  routes,
  tokenAuthorizer,
  cognitoAuthorizer,
  controlRoutes,
  integrationTimeoutMs = INTEGRATION_TIMEOUT_MS,
}: GatewayDependencies) {
  return async function handle(request: GatewayRequest): Promise<GatewayResult> {
    const requestId = randomUUID();
    const control = await controlRoutes({
      method: request.method,
      path: request.rawPath,
      body: request.body.toString('utf8'),
      requestId,
    });
    if (control !== undefined) return fromProxyResult(control, requestId);

    const match = routes.match(request.method, request.rawPath);
    if (match === undefined)
      return fromGatewayResponse(GATEWAY_RESPONSES.missingAuthenticationToken(), requestId);

    const authorization = headerValue(request, 'authorization');
    const outcome =
      match.route.authorizer === 'token'
        ? await tokenAuthorizer.authorize(
            authorization,
            methodArnOf(match.route.api, request.method, request.rawPath),
          )
        : await cognitoAuthorizer.authorize(authorization);
    if (!outcome.allowed) return fromGatewayResponse(outcome.response, requestId);

    return invoke(request, match, outcome.authorizer, requestId);
  };

  async function invoke(
    request: GatewayRequest,
    { route, pathParameters }: RouteMatch,
    authorizer: APIGatewayEventRequestContext['authorizer'],
    requestId: string,
  ): Promise<GatewayResult> {
    const event = buildProxyEvent({
      request,
      api: route.api,
      resource: route.path,
      pathParameters,
      authorizer,
      requestId,
    });
    const context = buildLambdaContext({ functionName: route.function, timeoutMs: integrationTimeoutMs });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integrationTimeoutMs);
    });
    try {
      const result = await Promise.race([handlers[route.function](event, context), timeout]);
      if (result === 'timeout') return fromGatewayResponse(GATEWAY_RESPONSES.integrationTimeout(), requestId);
      if (!isProxyResult(result))
        return fromGatewayResponse(GATEWAY_RESPONSES.integrationFailure(), requestId);
      return fromProxyResult(result, requestId);
    } catch {
      return fromGatewayResponse(GATEWAY_RESPONSES.integrationFailure(), requestId);
    } finally {
      clearTimeout(timer);
    }
  }
}

export type Gateway = ReturnType<typeof createGateway>;

/** The API a path belongs to, for log lines: the first segment of the route. */
export const apiOfPath = (path: string): ApiName | 'local' =>
  path.startsWith('/users') ? 'users' : path.startsWith('/orders') ? 'orders' : 'local';

function isProxyResult(value: unknown): value is APIGatewayProxyResult {
  if (typeof value !== 'object' || value === null) return false;
  const { statusCode, body, headers, multiValueHeaders } = value as Record<string, unknown>;
  return (
    Number.isInteger(statusCode) &&
    (statusCode as number) >= 100 &&
    (statusCode as number) <= 599 &&
    (body === undefined || body === null || typeof body === 'string') &&
    (headers === undefined || (typeof headers === 'object' && headers !== null)) &&
    (multiValueHeaders === undefined || (typeof multiValueHeaders === 'object' && multiValueHeaders !== null))
  );
}

/** A proxy result as API Gateway sends it: both header maps merged, base64 bodies decoded. */
function fromProxyResult(result: APIGatewayProxyResult, requestId: string): GatewayResult {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    headers[name] = values.map(String);
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  headers['x-amzn-RequestId'] = requestId;
  const text = result.body ?? '';
  const body = result.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode: result.statusCode, headers, body, requestId };
}

function fromGatewayResponse(response: GatewayResponse, requestId: string): GatewayResult {
  return fromProxyResult(response, requestId);
}
