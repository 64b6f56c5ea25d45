import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface DocumentClientOptions {
  /** Defaults to the SDK's resolution (`AWS_REGION`), else `us-east-1`. */
  region?: string;
  /** A DynamoDB-compatible endpoint, e.g. `http://127.0.0.1:8000` for a local server. */
  endpoint?: string;
  /** Static credentials (a local server needs some); defaults to the SDK's provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per call, the first included (SDK standard retry mode with backoff). Default 3. */
  maxAttempts?: number;
  /** How long one attempt may wait for the response before it fails. Default 2000 ms. */
  requestTimeoutMs?: number;
  /** How long one attempt may wait for the TCP connection. Default 1000 ms. */
  connectionTimeoutMs?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_REQUEST_TIMEOUT_MS = 2000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 1000;

/**
 * A document client for the repositories and the idempotency layer. A hung or unreachable
 * server fails each attempt within its timeouts, and a call within roughly
 * `maxAttempts × (connection + request timeout)` plus the SDK's backoff.
 */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without this, @smithy/node-http-handler only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
    }),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * The document client as the `DynamoDBClient` it wraps, for code that sends low-level commands
 * (Powertools' persistence layer, table creation). A document client shares its client's
 * configuration and middleware stack, so such commands run exactly as on that client: same
 * endpoint, retries, timeouts and middleware.
 */
export const asDynamoDbClient = (client: DynamoDBDocumentClient): DynamoDBClient =>
  client as unknown as DynamoDBClient;
