import { isDomainError, serviceUnavailable } from '@app/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

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

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * True for what still failed after the SDK's retries because DynamoDB was throttled, failing
 * (5xx) or unreachable (network error, timeout): the request may succeed later. The SDK's own
 * classification, the one its retry strategy uses (`@smithy/core/retry`, already in every
 * bundle through the client), plus a connection the server aborted, which it leaves out.
 */
export function isServiceUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const sdkError = error as SdkError;
  return (
    isThrottlingError(sdkError) ||
    isTransientError(sdkError) ||
    isServerError(sdkError) ||
    (error as { code?: unknown }).code === 'ECONNABORTED'
  );
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
