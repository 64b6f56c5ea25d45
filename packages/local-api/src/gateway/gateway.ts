import {
  type ApiName,
  type CorsPolicy,
  DEFAULT_CORS_POLICY,
  type Handlers,
  preflightDefinition,
  preflightHeaders,
} from '@app/adapters-lambda';
import type { APIGatewayEventRequestContext, APIGatewayProxyResult } from 'aws-lambda';
import type { CognitoAuthorizerEmulator } from './cognito-authorizer-emulator.js';
import { Deadlines } from './deadlines.js';
import {
  buildLambdaContext,
  buildProxyEvent,
  type GatewayRequest,
  headerValue,
  methodArnOf,
  nextRequestId,
} from './event-builder.js';
import { GATEWAY_RESPONSES, type GatewayResponse, GatewayResponses } from './gateway-responses.js';
import type { RouteMatch, RouteTable } from './route-table.js';
import type { TokenAuthorizerEmulator } from './token-authorizer-emulator.js';

/** API Gateway's maximum integration time. */
export const INTEGRATION_TIMEOUT_MS = 29_000;

/** What the gateway answers, ready to write to the wire. */
export interface GatewayResult {
  statusCode: number;
  headers: Record<string, string | string[]>;
  /** Bytes (a base64 body decoded), or text written as UTF-8 (no copy to a buffer first). */
  body: Buffer | string;
  requestId: string;
}

/** A local control route's answer, or `undefined` (or a promise of it) when the path is not one. */
export type ControlRouteHandler = (request: {
  method: string;
  path: string;
  body: string;
  requestId: string;
}) => Promise<APIGatewayProxyResult | undefined> | undefined;

export interface GatewayDependencies {
  handlers: Handlers;
  routes: RouteTable;
  tokenAuthorizer: TokenAuthorizerEmulator;
  cognitoAuthorizer: CognitoAuthorizerEmulator;
  controlRoutes: ControlRouteHandler;
  integrationTimeoutMs?: number;
  /** The origins allowed to read the APIs (their preflights and gateway responses); default any. */
  cors?: CorsPolicy;
}

/**
 * The API Gateway emulator: local control routes first, then the route manifest, the route's
 * authorizer, the proxy event, the real handler, and the handler's result as API Gateway
 * returns it. Unknown routes get API Gateway's `Missing Authentication Token`; `OPTIONS` on a
 * resource is its CORS preflight, answered without an authorizer or a handler, as on AWS.
 */
export function createGateway({
  handlers,
  routes,
  tokenAuthorizer,
  cognitoAuthorizer,
  controlRoutes,
  integrationTimeoutMs = INTEGRATION_TIMEOUT_MS,
  cors = DEFAULT_CORS_POLICY,
}: GatewayDependencies) {
  const deadlines = new Deadlines(integrationTimeoutMs);
  const responses = new GatewayResponses(cors);
  const answer = (response: GatewayResponse, request: GatewayRequest, requestId: string) =>
    fromGatewayResponse(responses, response, request, requestId);
  return function handle(request: GatewayRequest): Promise<GatewayResult> {
    const requestId = nextRequestId();
    try {
      const control = controlRoutes(new ControlRequestOf(request, requestId));
      if (control === undefined) return api(request, requestId);
      return control.then((answered) =>
        answered === undefined ? api(request, requestId) : fromProxyResult(answered, requestId),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /**
   * The deployed routes: the manifest, the route's authorizer, the handler. A token the Cognito
   * authorizer verified before goes straight on, without waiting for a promise.
   */
  function api(request: GatewayRequest, requestId: string): Promise<GatewayResult> {
    const match = routes.match(request.method, request.rawPath);
    if (match === undefined) {
      const methods = request.method === 'OPTIONS' ? routes.methodsAt(request.rawPath) : undefined;
      return Promise.resolve(
        methods === undefined
          ? answer(GATEWAY_RESPONSES.missingAuthenticationToken(), request, requestId)
          : preflight(methods, request, requestId),
      );
    }
    const authorization = headerValue(request, 'authorization');
    if (match.route.authorizer === 'cognito') {
      const cached = cognitoAuthorizer.cached(authorization);
      if (cached?.allowed === true) return invoke(request, match, cached.authorizer, requestId);
    }
    return authorizeAndInvoke(request, match, authorization, requestId);
  }

  async function authorizeAndInvoke(
    request: GatewayRequest,
    match: RouteMatch,
    authorization: string | undefined,
    requestId: string,
  ): Promise<GatewayResult> {
    const outcome =
      match.route.authorizer === 'token'
        ? await tokenAuthorizer.authorize(
            authorization,
            methodArnOf(match.route.api, request.method, request.rawPath),
          )
        : await cognitoAuthorizer.authorize(authorization);
    if (!outcome.allowed) return answer(outcome.response, request, requestId);
    return invoke(request, match, outcome.authorizer, requestId);
  }

  function invoke(
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
    const handler = handlers[route.function];
    return new Promise((resolve) => {
      const deadline = deadlines.start(() =>
        resolve(answer(GATEWAY_RESPONSES.integrationTimeout(), request, requestId)),
      );
      const failure = () => answer(GATEWAY_RESPONSES.integrationFailure(), request, requestId);
      // Whichever comes first, the handler's answer or the integration timeout, is the result.
      let pending: unknown;
      try {
        pending = handler(event, context);
      } catch (error) {
        if (deadlines.settle(deadline)) resolve(integrationResult(error, true, requestId, failure));
        return;
      }
      Promise.resolve(pending).then(
        (result) => {
          if (deadlines.settle(deadline)) resolve(integrationResult(result, false, requestId, failure));
        },
        (error) => {
          if (deadlines.settle(deadline)) resolve(integrationResult(error, true, requestId, failure));
        },
      );
    });
  }

  /** The preflight API Gateway's MOCK integration answers: 204, the CORS headers, no body. */
  function preflight(
    methods: Parameters<typeof preflightDefinition>[1],
    request: GatewayRequest,
    requestId: string,
  ): GatewayResult {
    const headers = preflightHeaders(preflightDefinition(cors, methods), headerValue(request, 'origin'));
    return {
      statusCode: 204,
      headers: { ...headers, 'x-amzn-RequestId': requestId },
      body: '',
      requestId,
    };
  }
}

/** What a control route sees of a request; the body is decoded only by a route that reads it. */
class ControlRequestOf {
  readonly method: string;
  readonly path: string;

  constructor(
    private readonly request: GatewayRequest,
    readonly requestId: string,
  ) {
    this.method = request.method;
    this.path = request.rawPath;
  }

  get body(): string {
    return this.request.body.toString('utf8');
  }
}

/** What API Gateway answers for a handler's outcome: its proxy result, or 502 for anything else. */
function integrationResult(
  outcome: unknown,
  failed: boolean,
  requestId: string,
  failure: () => GatewayResult,
): GatewayResult {
  try {
    if (!failed && isProxyResult(outcome)) return fromProxyResult(outcome, requestId);
  } catch {
    // A result that cannot be turned into a response is a failure too.
  }
  return failure();
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
  const { multiValueHeaders, headers: single } = result;
  if (multiValueHeaders) {
    for (const name of Object.keys(multiValueHeaders))
      headers[name] = (multiValueHeaders[name] ?? []).map(String);
  }
  if (single) for (const name of Object.keys(single)) headers[name] = String(single[name]);
  headers['x-amzn-RequestId'] = requestId;
  const text = result.body ?? '';
  const body = result.isBase64Encoded === true ? Buffer.from(text, 'base64') : text;
  return { statusCode: result.statusCode, headers, body, requestId };
}

/** The local control routes' paths: their gateway responses never carry CORS headers. */
export const isControlPath = (path: string): boolean => path === '/local' || path.startsWith('/local/');

function fromGatewayResponse(
  responses: GatewayResponses,
  response: GatewayResponse,
  request: GatewayRequest,
  requestId: string,
): GatewayResult {
  const rendered = responses.render(response, {
    requestId,
    origin: headerValue(request, 'origin'),
    cors: !isControlPath(request.rawPath),
  });
  return { statusCode: rendered.statusCode, headers: rendered.headers, body: rendered.body, requestId };
}
