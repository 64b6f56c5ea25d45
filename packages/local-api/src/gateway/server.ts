import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { LoggerFactory, MetricsFactory } from '@app/adapters-lambda';
import {
  buildOpenApiDocument,
  type CorsPolicy,
  corsPolicy,
  createHandlers,
  createIdTokenVerifier,
  isAllowed,
} from '@app/adapters-lambda';
import { type CoreServices, DEFAULT_ADMIN_GROUP } from '@app/core';
import { ManualClock } from '@app/core/in-memory';
import { DEFAULT_HOST, DEFAULT_PORT } from '../cli/defaults.js';
import type { DeliveredMessage } from '../identity/cognito-api/user-pool.js';
import { createLocalIdentity, type LocalIdentity } from '../identity/identity.js';
import { createLocalJwksFetcher } from '../identity/local-jwks-fetcher.js';
import { createAwsServices, formatDeliveredMessage, withAwsServices } from '../portal/aws-services.js';
import { createControlRoutes, type StorageKind } from '../portal/control-routes.js';
import {
  createLocalStorage,
  type DynamoDbStorageOptions,
  type TableNames,
} from '../storage/local-storage.js';
import { CognitoAuthorizerEmulator } from './cognito-authorizer-emulator.js';
import { type GatewayRequest, nextRequestId } from './event-builder.js';
import { createGateway, type GatewayResult, isControlPath } from './gateway.js';
import { GATEWAY_RESPONSES, type GatewayResponse, GatewayResponses } from './gateway-responses.js';
import { inFunctionEnvironment, inFunctionEnvironments } from './lambda-environment.js';
import { LOCAL_REFUSALS, type LocalRefusal } from './local-refusals.js';
import { createRequestGate, type RequestGate } from './request-gate.js';
import { RouteTable } from './route-table.js';
import { DEFAULT_POLICY_TTL_SECONDS, TokenAuthorizerEmulator } from './token-authorizer-emulator.js';

/** API Gateway's payload limit; the handlers enforce the APIs' own 64 KiB limit. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
export { DEFAULT_HOST, DEFAULT_PORT } from '../cli/defaults.js';

/** How long `close()` lets in-flight requests finish before cutting their connections. */
const SHUTDOWN_GRACE_MS = 5000;

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestId: string;
}

export interface LocalServerOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Names besides 127.0.0.1, localhost and [::1] the server answers to (`--allowed-host`):
   * `NAME` on any port, `NAME:PORT` on that one. Any other `Host` is refused (DNS rebinding).
   */
  allowedHosts?: readonly string[];
  /** Default `memory`. */
  storage?: StorageKind;
  /** Required for `storage: 'dynamodb'`. */
  dynamodb?: DynamoDbStorageOptions;
  /** PEM file of the local signing key: tokens stay valid across restarts (created when missing). */
  keyFile?: string;
  /** Pagination cursors' HMAC key; default a random key per process. */
  cursorSigningKey?: string;
  /** The Cognito group of admins; default `apiAdmins`. */
  adminGroup?: string;
  /** The server's clock, moved by `POST /local/clock`; default the wall clock. */
  clock?: ManualClock;
  idempotencyWindowSeconds?: number;
  /** How long the TOKEN authorizer's policy is cached per token; default 300 s. */
  policyCacheTtlSeconds?: number;
  /** Origins whose pages may call the APIs (`--cors-origin`); default any origin (`*`). */
  corsOrigins?: readonly string[];
  /** API Gateway's integration timeout; default 29 s. */
  integrationTimeoutMs?: number;
  /** Called once per request when its response is written. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** The local user pool's groups (default: the admin group alone, as deployed). */
  userPoolGroups?: readonly string[];
  /** Where the local user pool's codes and temporary passwords go (default: printed on stdout). */
  onCognitoMessage?: (message: DeliveredMessage) => void;
  /** The handlers' Powertools logger and metrics (default: the handlers' own). */
  createLogger?: LoggerFactory;
  createMetrics?: MetricsFactory;
}

export interface LocalServer {
  /** `http://127.0.0.1:3000`, without a trailing slash. */
  url: string;
  host: string;
  port: number;
  storage: StorageKind;
  tables: TableNames | undefined;
  clock: ManualClock;
  identity: LocalIdentity;
  services: CoreServices;
  tokenAuthorizer: TokenAuthorizerEmulator;
  /** Stops accepting connections, lets in-flight requests finish, releases the storage. */
  close(): Promise<void>;
}

/** The port is taken (or not ours to bind): a message for people, not a stack trace. */
export class ListenError extends Error {
  override readonly name = 'ListenError';

  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use. Stop the program using it, or pick another port with --port (or PORT).`
        : code === 'EACCES'
          ? `Not allowed to listen on ${host}:${port}. Pick a port above 1023 with --port (or PORT).`
          : `Cannot listen on ${host}:${port} (${code}).`,
      options,
    );
  }
}

/** Starts the local API: both APIs, their authorizers and the local control routes on one port. */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? DEFAULT_HOST;
  const cors = corsPolicy(options.corsOrigins);
  const clock = options.clock ?? new ManualClock();
  const identity = createLocalIdentity(options.keyFile === undefined ? {} : { keyFile: options.keyFile });
  const storage = await createLocalStorage({
    storage: options.storage ?? 'memory',
    clock,
    ...(options.cursorSigningKey === undefined ? {} : { cursorSigningKey: options.cursorSigningKey }),
    ...(options.dynamodb === undefined ? {} : { dynamodb: options.dynamodb }),
    ...(options.idempotencyWindowSeconds === undefined
      ? {}
      : { idempotencyWindowSeconds: options.idempotencyWindowSeconds }),
  });

  // The same verifier as on AWS (aws-jwt-verify's CognitoJwtVerifier for the pool), with the
  // local keys cached up front and a "download" that only ever returns them.
  const verifier = createIdTokenVerifier({
    userPoolId: identity.userPoolId,
    clientId: identity.clientId,
    jwks: identity.jwks,
    fetcher: createLocalJwksFetcher(identity.jwks),
  });
  const adminGroup = options.adminGroup ?? DEFAULT_ADMIN_GROUP;
  // Each function is built and invoked in its own Lambda environment (`lambda-environment.ts`).
  const builtHandlers = createHandlers({
    initFunction: inFunctionEnvironment,
    services: storage.services,
    verifier,
    adminGroup,
    cors,
    ...(storage.onAddOrderInvocation === undefined
      ? {}
      : { onAddOrderInvocation: storage.onAddOrderInvocation }),
    ...(options.createLogger === undefined ? {} : { createLogger: options.createLogger }),
    ...(options.createMetrics === undefined ? {} : { createMetrics: options.createMetrics }),
  });
  const handlers = inFunctionEnvironments(builtHandlers);
  const tokenAuthorizer = new TokenAuthorizerEmulator({
    authorizer: handlers.authorizer,
    isAllowed,
    ttlSeconds: options.policyCacheTtlSeconds ?? DEFAULT_POLICY_TTL_SECONDS,
  });
  const gateway = createGateway({
    handlers,
    routes: new RouteTable(),
    tokenAuthorizer,
    cognitoAuthorizer: new CognitoAuthorizerEmulator(verifier),
    controlRoutes: createControlRoutes({
      services: storage.services,
      identity,
      clock,
      storage: storage.kind,
      openApiDocument: buildOpenApiDocument(),
    }),
    cors,
    ...(options.integrationTimeoutMs === undefined
      ? {}
      : { integrationTimeoutMs: options.integrationTimeoutMs }),
  });

  // The stack outputs name the server's URL, known once it listens.
  let url = '';
  // Cognito's and CloudFormation's APIs at the server's own origin, for `--endpoint-url` clients.
  const handle = withAwsServices(
    gateway,
    createAwsServices({
      identity,
      store: storage.cognitoUsers,
      adminGroup,
      ...(options.userPoolGroups === undefined ? {} : { groups: options.userPoolGroups }),
      deliver: options.onCognitoMessage ?? ((message) => console.log(formatDeliveredMessage(message))),
      stackFacts: () => ({
        url,
        userPoolId: identity.userPoolId,
        clientId: identity.clientId,
        adminGroup,
        tables: storage.tables,
      }),
    }),
  );

  const { onRequest } = options;
  const logged = (method: string, path: string, started: number, result: GatewayResult) =>
    onRequest?.({
      method,
      path,
      status: result.statusCode,
      durationMs: performance.now() - started,
      requestId: result.requestId,
    });
  // Built at the first request, when the port is known (port 0 picks one).
  let gate: RequestGate | undefined;
  const gateOf = (): RequestGate =>
    (gate ??= createRequestGate({
      port: (server.address() as AddressInfo).port,
      listenHost: host,
      ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    }));
  const answer = (req: IncomingMessage, res: ServerResponse, unmetExpectation: boolean) => {
    const started = onRequest === undefined ? 0 : performance.now();
    serve(req, res, handle, cors, gateOf(), unmetExpectation).then(
      (result) => logged(req.method ?? 'GET', req.url ?? '/', started, result),
      () => {
        // A fault of the emulator itself: answered like an integration failure, never left hanging.
        if (res.headersSent) res.destroy();
        else write(res, gatewayAnswer(GATEWAY_RESPONSES.integrationFailure(), req, cors), true, cors);
      },
    );
  };
  // Requests Node would answer bare (no Host, an unknown Expect, CONNECT, what its parser
  // refuses) get the emulator's own answer and a log line.
  const server = createServer({ requireHostHeader: false }, (req, res) => answer(req, res, false));
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => answer(req, res, true));
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    const started = performance.now();
    const requestId = nextRequestId();
    const refusal = gateOf()(requestOf(req), requestId) ?? LOCAL_REFUSALS.connectNotAllowed();
    const result = fromLocalRefusal(refusal, requestId);
    writeRaw(socket, result);
    logged('CONNECT', req.url ?? '', started, result);
  });
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    const started = performance.now();
    const result = answerClientError(error, socket);
    if (result === undefined) return;
    const [method, path] = requestLineOf(error.rawPacket);
    logged(method, path, started, result);
  });

  try {
    await listen(server, options.port ?? DEFAULT_PORT, host);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  url = `http://${urlHost}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    storage: storage.kind,
    tables: storage.tables,
    clock,
    identity,
    services: storage.services,
    tokenAuthorizer,
    close() {
      closing ??= shutDown(server).then(() => storage.close());
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(new ListenError(host, port, error.code ?? 'UNKNOWN', { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function shutDown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function serve(
  req: IncomingMessage,
  res: ServerResponse,
  gateway: ReturnType<typeof createGateway>,
  cors: CorsPolicy,
  gate: RequestGate,
  unmetExpectation: boolean,
): Promise<GatewayResult> {
  const receivedAt = Date.now();
  try {
    const request = requestOf(req);
    // Refused before the body is read, which is then not read at all: the connection closes.
    const requestId = nextRequestId();
    const refusal =
      gate(request, requestId) ?? (unmetExpectation ? LOCAL_REFUSALS.expectationFailed() : undefined);
    if (refusal !== undefined) {
      const result = fromLocalRefusal(refusal, requestId);
      write(res, result, true, cors);
      return Promise.resolve(result);
    }
    const body = readBody(req);
    // A request without a body goes on at once; one with a body once it has arrived.
    return body instanceof Promise
      ? body.then((arrived) => forward(req, res, gateway, cors, request, arrived, receivedAt))
      : forward(req, res, gateway, cors, request, body, receivedAt);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** What the gate and the gateway read of a request before its body. */
function requestOf(
  req: IncomingMessage,
): Pick<GatewayRequest, 'method' | 'rawPath' | 'rawQuery' | 'headers'> {
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: queryStart === -1 ? target : target.slice(0, queryStart),
    rawQuery: queryStart === -1 ? '' : target.slice(queryStart + 1),
    headers: headerPairs(req.rawHeaders),
  };
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  gateway: ReturnType<typeof createGateway>,
  cors: CorsPolicy,
  head: ReturnType<typeof requestOf>,
  body: Buffer | 'too-large',
  receivedAt: number,
): Promise<GatewayResult> {
  if (body === 'too-large') {
    const result = gatewayAnswer(GATEWAY_RESPONSES.requestTooLarge(), req, cors);
    write(res, result, true, cors);
    return Promise.resolve(result);
  }
  // Every field named (not `...head`): on Node 20 a spread followed by new properties takes
  // V8's slow path, building a new hidden class per request (several µs).
  const request: GatewayRequest = {
    method: head.method,
    rawPath: head.rawPath,
    rawQuery: head.rawQuery,
    headers: head.headers,
    body,
    sourceIp: sourceIpOf(req.socket.remoteAddress ?? '127.0.0.1'),
    receivedAt,
  };
  return gateway(request).then((result) => {
    write(res, result, false, cors);
    return result;
  });
}

/**
 * A request Node's HTTP parser refuses (a raw non-ASCII byte in the path, headers over its
 * 16 KiB limit, one that took too long to arrive) gets a JSON answer with the headers every
 * response carries, not Node's bare one; `undefined` when there is no one left to answer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): GatewayResult | undefined {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return undefined;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const result = fromLocalRefusal(LOCAL_REFUSALS.unparsable(status));
  writeRaw(socket, result);
  return result;
}

/** The method and target of a request line the parser refused, as far as they are printable. */
function requestLineOf(rawPacket: Buffer | undefined): [string, string] {
  const line = /^([!-~]{1,32}) ([!-~]{1,2048})/.exec(rawPacket?.toString('latin1', 0, 2100) ?? '');
  return [line?.[1] ?? '-', line?.[2] ?? '-'];
}

/** An answer written straight to the socket (no `ServerResponse` exists for it), then closed. */
function writeRaw(socket: Duplex, result: GatewayResult): void {
  const body = typeof result.body === 'string' ? Buffer.from(result.body, 'utf8') : result.body;
  let head = `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode] ?? ''}\r\n`;
  for (const [name, value] of Object.entries(result.headers)) {
    for (const one of typeof value === 'string' ? [value] : value) head += `${name}: ${one}\r\n`;
  }
  head += `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

/** The emulator's own refusals (never API Gateway's, never CORS): its Host gate, Expect, CONNECT. */
function fromLocalRefusal(response: LocalRefusal, requestId = nextRequestId()): GatewayResult {
  return {
    statusCode: response.statusCode,
    headers: { ...response.headers, 'x-amzn-RequestId': requestId },
    body: Buffer.from(response.body),
    requestId,
  };
}

/** One of API Gateway's own responses to `req`, as the gateway renders them. */
function gatewayAnswer(response: GatewayResponse, req: IncomingMessage, cors: CorsPolicy): GatewayResult {
  const requestId = nextRequestId();
  const origin = req.headers.origin;
  const rendered = new GatewayResponses(cors).render(response, {
    requestId,
    origin,
    cors: !isControlPath((req.url ?? '/').split('?')[0] ?? '/'),
  });
  return { ...rendered, body: Buffer.from(rendered.body), requestId };
}

const IPV4_MAPPED = '::ffff:';

/** An IPv4 peer as API Gateway shows it, without the IPv4-mapped IPv6 prefix. */
function sourceIpOf(address: string): string {
  return address.startsWith(IPV4_MAPPED) ? address.slice(IPV4_MAPPED.length) : address;
}

const NO_BODY = Buffer.alloc(0);

/**
 * The body, or `too-large` as soon as it passes API Gateway's limit (the rest is not read):
 * at once when there is none (or the declared length is over), else when it has arrived.
 */
function readBody(req: IncomingMessage): Buffer | 'too-large' | Promise<Buffer | 'too-large'> {
  const length = req.headers['content-length'];
  const declared = Number(length ?? 0);
  if (declared > MAX_PAYLOAD_BYTES) return 'too-large';
  // Neither a length nor a chunked body: HTTP/1.1 says there is no body (Node discards the
  // empty stream once the response is written).
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) {
    return NO_BODY;
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        done = true;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function headerPairs(rawHeaders: readonly string[]): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    pairs.push([rawHeaders[index] ?? '', rawHeaders[index + 1] ?? '']);
  }
  return pairs;
}

function write(res: ServerResponse, result: GatewayResult, closeConnection: boolean, cors: CorsPolicy): void {
  // Every result's header map is its own (built for this response): completed where it is.
  const { headers } = result;
  headers['Content-Length'] = String(
    typeof result.body === 'string' ? Buffer.byteLength(result.body, 'utf8') : result.body.length,
  );
  if (closeConnection) headers.Connection = 'close';
  try {
    res.writeHead(result.statusCode, headers);
  } catch {
    // A header the handler returned is not valid HTTP: API Gateway answers 502 for that too.
    const answer = gatewayAnswer(GATEWAY_RESPONSES.integrationFailure(), res.req, cors);
    res.writeHead(answer.statusCode, { ...answer.headers, 'x-amzn-RequestId': result.requestId });
    res.end(answer.body);
    return;
  }
  res.end(result.body);
  // Over the limit, the rest of the upload is not read: drop the connection once answered.
  if (closeConnection) res.on('finish', () => res.socket?.destroy());
}
