import {
  DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
  DomainError,
  type Idempotency,
  type IdempotentRequest,
  type IdempotentResult,
} from '@app/core';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { asDynamoDbClient } from './document-client.js';
import { toStorageFailure } from './storage-failure.js';

/** The Powertools record prefix of order creation, the one idempotent function of the core. */
export const CREATE_ORDER_KEY_PREFIX = 'createOrder';

/** The part of the Lambda context Powertools reads: the time left to finish the run. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

export interface DynamoDbIdempotencyOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Prefix of every record id (`<keyPrefix>#<hash of the key>`): one per idempotent function. */
  keyPrefix: string;
  /** How long a completed result is replayed. Default 3600 s. */
  windowSeconds?: number;
  /**
   * Outside Lambda (local server, tests), how long an unfinished run blocks its key, so a crash
   * does not block retries for the whole window. In Lambda, `registerLambdaContext` sets it from
   * the invocation's remaining time instead. Default 30 s.
   */
  inProgressTimeoutSeconds?: number;
}

/** What Powertools hashes: the key selects the record, the payload is validated against it. */
interface Envelope {
  key: string;
  payload: unknown;
}

/** One call's work and what became of it; never hashed, so Powertools never sees a mutation. */
interface Execution {
  run: () => Promise<unknown>;
  result?: { value: unknown };
  failure?: { error: unknown };
}

export const DEFAULT_IN_PROGRESS_TIMEOUT_SECONDS = 30;

/**
 * The core's `Idempotency` port on the Powertools idempotency utility and its DynamoDB
 * persistence layer (record layout `id`, `expiration`, `status`, `data`, `validation`,
 * `in_progress_expiration`). One instance is one idempotent function: it owns its persistence
 * layer and its `keyPrefix`. The result is stored as JSON text, so a replay has the first
 * result's key order and exact numbers.
 */
export class DynamoDbIdempotency implements Idempotency {
  readonly #config: IdempotencyConfig;
  readonly #idempotent: (envelope: Envelope, execution: Execution) => Promise<string | undefined>;

  constructor({
    client,
    tableName,
    keyPrefix,
    windowSeconds = DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
    inProgressTimeoutSeconds = DEFAULT_IN_PROGRESS_TIMEOUT_SECONDS,
  }: DynamoDbIdempotencyOptions) {
    this.#config = new IdempotencyConfig({
      eventKeyJmesPath: 'key',
      payloadValidationJmesPath: 'payload',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: windowSeconds,
    });
    this.registerLambdaContext({ getRemainingTimeInMillis: () => inProgressTimeoutSeconds * 1000 });
    const persistenceStore = new DynamoDBPersistenceLayer({
      tableName,
      awsSdkV3Client: asDynamoDbClient(client),
    });
    this.#idempotent = makeIdempotent(
      async (_envelope: Envelope, execution: Execution): Promise<string | undefined> => {
        try {
          const value = await execution.run();
          execution.result = { value };
          return JSON.stringify(value);
        } catch (error) {
          execution.failure = { error };
          throw error;
        }
      },
      { persistenceStore, config: this.#config, keyPrefix, dataIndexArgument: 0 },
    );
  }

  /**
   * Lets Powertools bound an unfinished run by the invocation's remaining time. A Lambda handler
   * calls it on every invocation, before `run`.
   */
  registerLambdaContext(context: LambdaContextLike): void {
    this.#config.registerLambdaContext(context as Parameters<IdempotencyConfig['registerLambdaContext']>[0]);
  }

  async run<T>({ key, payload, run }: IdempotentRequest<T>): Promise<IdempotentResult<T>> {
    const execution: Execution = { run };
    let stored: string | undefined;
    try {
      stored = await this.#idempotent({ key, payload }, execution);
    } catch (error) {
      if (execution.failure !== undefined && error === execution.failure.error) throw error;
      throw fromPowertools(error);
    }
    if (execution.result !== undefined) return { value: execution.result.value as T, replayed: false };
    return { value: (stored === undefined ? undefined : JSON.parse(stored)) as T, replayed: true };
  }
}

/** Powertools' outcomes as the port's errors; storage faults as `toStorageFailure` has them. */
function fromPowertools(error: unknown): unknown {
  const name = error instanceof Error ? error.name : undefined;
  switch (name) {
    case 'IdempotencyValidationError':
      return new DomainError('IDEMPOTENCY_KEY_REUSED', 'This key was already used with a different payload.');
    case 'IdempotencyAlreadyInProgressError':
    // The record changed between the refused write and the read (it completed, failed or expired).
    case 'IdempotencyInconsistentStateError':
    case 'IdempotencyItemNotFoundError':
      return new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this key is still being processed.');
    case 'IdempotencyPersistenceLayerError':
      return toStorageFailure((error as Error).cause);
    default:
      return toStorageFailure(error);
  }
}
