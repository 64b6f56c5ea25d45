import { randomUUID } from 'node:crypto';
import type { ApiName, FunctionName } from '@app/adapters-lambda';
import type { APIGatewayEventRequestContext, APIGatewayProxyEvent, Context } from 'aws-lambda';

export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_AWS_REGION = 'local';
export const LOCAL_STAGE = 'Prod';
/** The Lambda timeout the local server reports through `getRemainingTimeInMillis`. */
export const LOCAL_FUNCTION_TIMEOUT_MS = 30_000;
/** The memory size each local function reports (context and `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`). */
export const LOCAL_FUNCTION_MEMORY_MB = 256;
export const LOCAL_FUNCTION_VERSION = '$LATEST';

/** What the gateway knows about an HTTP request, independent of `node:http`. */
export interface GatewayRequest {
  method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  rawPath: string;
  /** The query string as sent, without `?` (empty when none). */
  rawQuery: string;
  /** Header names as sent and values, in order (Node's `rawHeaders` pairs). */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
  sourceIp: string;
  /** When the gateway received the request (epoch ms). */
  receivedAt: number;
}

export const apiIdOf = (api: ApiName): string => `local-${api}`;

/** A request id as API Gateway and Lambda make them: a random UUID (an identifier, not a secret). */
export const nextRequestId = (): string => randomUUID();

/** `arn:aws:execute-api:local:000000000000:local-users/Prod/GET/users/abc`, as API Gateway builds it. */
export function methodArnOf(api: ApiName, method: string, rawPath: string): string {
  return `arn:aws:execute-api:${LOCAL_AWS_REGION}:${LOCAL_ACCOUNT_ID}:${apiIdOf(api)}/${LOCAL_STAGE}/${method}${rawPath}`;
}

/** The last value of a header, case-insensitively (what API Gateway's `headers` holds). */
export function headerValue(request: Pick<GatewayRequest, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  let value: string | undefined;
  for (const [key, headerValue] of request.headers) {
    if (key.length === lower.length && key.toLowerCase() === lower) value = headerValue;
  }
  return value;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const TEXT_CONTENT_TYPE =
  /^(text\/|application\/([\w.+-]*\+)?(json|xml|javascript|x-www-form-urlencoded)\b)/i;

/**
 * The body as a Lambda proxy event carries it: text as a string; anything that is neither text
 * nor valid UTF-8 base64-encoded with `isBase64Encoded` (API Gateway with binary media types).
 */
export function encodeBody(
  body: Buffer,
  contentType: string | undefined,
): { body: string | null; isBase64Encoded: boolean } {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  const declaredText = contentType === undefined || TEXT_CONTENT_TYPE.test(contentType.trim());
  if (declaredText) {
    try {
      return { body: UTF8.decode(body), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: passed on as binary.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

export interface ProxyEventInput {
  request: GatewayRequest;
  api: ApiName;
  /** The resource template, e.g. `/orders/{orderId}`. */
  resource: string;
  pathParameters: Record<string, string> | null;
  authorizer: APIGatewayEventRequestContext['authorizer'];
  requestId: string;
}

/** The REST API (v1 payload) proxy event API Gateway sends for this request. */
export function buildProxyEvent({
  request,
  api,
  resource,
  pathParameters,
  authorizer,
  requestId,
}: ProxyEventInput): APIGatewayProxyEvent {
  const headers = headerMaps(request);
  const query = queryMaps(request.rawQuery);
  const host = headers.host ?? '127.0.0.1';
  const { body, isBase64Encoded } = encodeBody(request.body, headers.contentType);
  const path = decodePath(request.rawPath);
  return {
    resource,
    path,
    httpMethod: request.method,
    headers: headers.headers,
    multiValueHeaders: headers.multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: apiIdOf(api),
      authorizer,
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      extendedRequestId: requestId,
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headers.userAgent ?? null,
        userArn: null,
      },
      path: `/${LOCAL_STAGE}${path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: apiGatewayTime(request.receivedAt),
      requestTimeEpoch: request.receivedAt,
      resourceId: resourceIdOf(resource),
      resourcePath: resource,
      stage: LOCAL_STAGE,
    },
    body,
    isBase64Encoded,
  };
}

/**
 * API Gateway's two header maps: `headers` keeps the last value of each name (as sent),
 * `multiValueHeaders` every value. It also adds the `X-Forwarded-*` headers of its edge.
 * With the last values of `Host`, `Content-Type` and `User-Agent` as sent, case-insensitively
 * (as `headerValue`).
 */
function headerMaps(request: GatewayRequest): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  host: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
} {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  // Lower-cased name → the spelling it was first sent with, which both maps use.
  const spellings = new Map<string, string>();
  const add = (name: string, lower: string, value: string) => {
    const spelling = spellings.get(lower);
    if (spelling === undefined) {
      spellings.set(lower, name);
      ownProperty(headers, name, value);
      ownProperty(multiValueHeaders, name, [value]);
    } else {
      ownProperty(headers, spelling, value);
      multiValueHeaders[spelling]!.push(value);
    }
  };
  let host: string | undefined;
  let contentType: string | undefined;
  let userAgent: string | undefined;
  let forwardedFor: string | undefined;
  let forwardedProto: string | undefined;
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    add(name, lower, value);
    if (lower === 'host') host = value;
    else if (lower === 'content-type') contentType = value;
    else if (lower === 'user-agent') userAgent = value;
    else if (lower === 'x-forwarded-for') forwardedFor = value;
    else if (lower === 'x-forwarded-proto') forwardedProto = value;
  }
  add(
    'X-Forwarded-For',
    'x-forwarded-for',
    forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`,
  );
  if (forwardedProto === undefined) add('X-Forwarded-Proto', 'x-forwarded-proto', 'http');
  return { headers, multiValueHeaders, host, contentType, userAgent };
}

/**
 * Sets `name` as an own property, as JSON delivers the event on AWS: a client's `__proto__` is a
 * name like any other (assigning it would change the object's prototype instead); `constructor`
 * or `valueOf` assigned become own properties anyway.
 */
export function ownProperty<V>(target: Record<string, V>, name: string, value: V): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else target[name] = value;
}

/** An object of `entries` as own properties (see `ownProperty`). */
function ownProperties<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries(entries) as Record<string, V>;
}

/**
 * Decoded query parameters (`+` is a space), or `null` for both maps when there are none. A
 * repeated name appends to its list (linear in the query's length, however often it repeats).
 */
function queryMaps(rawQuery: string): {
  single: Record<string, string> | null;
  multi: Record<string, string[]> | null;
} {
  if (rawQuery.length === 0) return { single: null, multi: null };
  const multi = new Map<string, string[]>();
  for (const part of rawQuery.split('&')) {
    if (part.length === 0) continue;
    const separator = part.indexOf('=');
    const name = decodeQueryPart(separator === -1 ? part : part.slice(0, separator));
    const value = separator === -1 ? '' : decodeQueryPart(part.slice(separator + 1));
    const values = multi.get(name);
    if (values === undefined) multi.set(name, [value]);
    else values.push(value);
  }
  if (multi.size === 0) return { single: null, multi: null };
  return {
    single: ownProperties([...multi].map(([name, values]) => [name, values.at(-1) as string])),
    multi: ownProperties(multi),
  };
}

function decodeQueryPart(part: string): string {
  const spaced = part.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

function decodePath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  try {
    return decodeURI(rawPath);
  } catch {
    return rawPath;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (value: number) => String(value).padStart(2, '0');

/** The last second formatted: requests arrive many per second. */
let lastTime = { second: Number.NaN, text: '' };

/** `26/Nov/2025:21:44:00 +0000`, the format of `requestContext.requestTime`. */
function apiGatewayTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === lastTime.second) return lastTime.text;
  const date = new Date(epochMs);
  const text = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
  lastTime = { second, text };
  return text;
}

const resourceIds = new Map<string, string>();

function resourceIdOf(resource: string): string {
  let id = resourceIds.get(resource);
  if (id === undefined) {
    let hash = 0;
    for (const char of resource) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
    id = hash.toString(36).padStart(6, '0').slice(-6);
    // The route manifest's resources, plus whatever a test passes: kept bounded all the same.
    if (resourceIds.size < 1000) resourceIds.set(resource, id);
  }
  return id;
}

export interface LambdaContextOptions {
  functionName: FunctionName;
  awsRequestId?: string;
  timeoutMs?: number;
  now?: () => number;
}

const noop = () => undefined;

/** Per function: the names and ARN of its context (a handful of functions). */
const functionIdentities = new Map<string, { name: string; arn: string; logGroupName: string }>();

export function functionIdentity(functionName: FunctionName) {
  let identity = functionIdentities.get(functionName);
  if (identity === undefined) {
    const name = `local-${functionName}`;
    identity = {
      name,
      arn: `arn:aws:lambda:${LOCAL_AWS_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`,
      logGroupName: `/aws/lambda/${name}`,
    };
    functionIdentities.set(functionName, identity);
  }
  return identity;
}

/** The day formatted for the log stream name (`2025/11/26`): one per UTC day. */
let lastDay = { day: Number.NaN, text: '' };

function logStreamDay(epochMs: number): string {
  const day = Math.floor(epochMs / 86_400_000);
  if (day !== lastDay.day) {
    lastDay = { day, text: new Date(epochMs).toISOString().slice(0, 10).replaceAll('-', '/') };
  }
  return lastDay.text;
}

/** `2025/11/26/[$LATEST]local`: the log stream of the day. */
export const logStreamNameOf = (epochMs: number): string =>
  `${logStreamDay(epochMs)}/[${LOCAL_FUNCTION_VERSION}]local`;

/** A Lambda `Context` as the runtime passes it, with a deadline `getRemainingTimeInMillis` counts down to. */
export function buildLambdaContext({
  functionName,
  awsRequestId = nextRequestId(),
  timeoutMs = LOCAL_FUNCTION_TIMEOUT_MS,
  now = Date.now,
}: LambdaContextOptions): Context {
  const started = now();
  const deadline = started + timeoutMs;
  const { name, arn, logGroupName } = functionIdentity(functionName);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: LOCAL_FUNCTION_VERSION,
    invokedFunctionArn: arn,
    memoryLimitInMB: String(LOCAL_FUNCTION_MEMORY_MB),
    awsRequestId,
    logGroupName,
    logStreamName: logStreamNameOf(started),
    getRemainingTimeInMillis() {
      return Math.max(0, deadline - now());
    },
    done: noop,
    fail: noop,
    succeed: noop,
  };
}
