import { isDomainError, serviceUnavailable } from '@app/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * A storage failure that retrying will not fix (a missing table, a rejected request): a bug or a
 * misconfiguration, which the HTTP edge reports as a generic 500. The SDK error is the `cause`.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(cause: unknown) {
    super('The storage request failed.', { cause });
  }
}

/** Error names DynamoDB and the SDK use for throttling and transient faults (HTTP 400 included). */
const UNAVAILABLE_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'TooManyRequestsException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/** Node.js socket error codes of a server that is down, unreachable or hung up. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/**
 * True for what still failed after the SDK's retries because DynamoDB was throttled, failing
 * (5xx) or unreachable (network error, timeout): the request may succeed later.
 */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { name, code, $metadata, $retryable } = error as SdkErrorShape;
  const status = $metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if ($retryable !== undefined) return true;
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * The item a failed conditional write found (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`),
 * or `undefined` when the error carries none: the item was absent, or the server (dynalite)
 * does not return it. The document client does not unmarshall errors, so this does.
 */
export function oldItemOf(error: unknown): Record<string, unknown> | undefined {
  const item = (error as { Item?: Record<string, AttributeValue> }).Item;
  return item === undefined ? undefined : unmarshall(item);
}

/**
 * What a caller may see of a failed storage call: domain errors and condition failures as they
 * are (the adapters handle the latter), SERVICE_UNAVAILABLE for transient faults, and a
 * `StorageError` for anything else, so no raw SDK error leaves the adapters.
 */
export function toStorageFailure(error: unknown): unknown {
  if (isDomainError(error) || error instanceof StorageError || isConditionalCheckFailed(error)) return error;
  return isServiceUnavailable(error) ? serviceUnavailable(error) : new StorageError(error);
}

/** Awaits a storage call, turning its failure into one a caller may see (`toStorageFailure`). */
export async function guard<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toStorageFailure(error);
  }
}
