import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import {
  DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
  type Idempotency,
  type IdempotentRequest,
  type IdempotentResult,
} from '../ports/idempotency.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { frozenCopy, frozenInPlace } from './frozen-copy.js';

interface IdempotencyRecord {
  status: 'INPROGRESS' | 'COMPLETED';
  /** The payload, frozen: its canonical JSON is computed only when the key comes back. */
  payload: unknown;
  value?: unknown;
  expiresAt: number;
  inProgressExpiresAt: number;
}

export interface InMemoryIdempotencyOptions {
  clock: Clock;
  windowSeconds?: number;
  /** How long an unfinished run blocks its key (Powertools uses the Lambda's remaining time). */
  inProgressTimeoutSeconds?: number;
}

/**
 * The idempotency port in a Map, with the semantics of the Powertools DynamoDB layer: payload
 * checked first, then in-progress, then replay; a failed run releases its key. The payload
 * (built by the caller for this call) is kept frozen where it is; a completed value is kept as a
 * deeply frozen copy (none when already frozen) and replayed as it is.
 */
export class InMemoryIdempotency implements Idempotency {
  readonly #records = new Map<string, IdempotencyRecord>();
  readonly #clock: Clock;
  readonly #windowMs: number;
  readonly #inProgressMs: number;

  constructor({
    clock,
    windowSeconds = DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
    inProgressTimeoutSeconds = 30,
  }: InMemoryIdempotencyOptions) {
    this.#clock = clock;
    this.#windowMs = windowSeconds * 1000;
    this.#inProgressMs = inProgressTimeoutSeconds * 1000;
  }

  async run<T>({ key, payload, run }: IdempotentRequest<T>): Promise<IdempotentResult<T>> {
    const now = this.#clock.now().getTime();
    const existing = this.#records.get(key);
    if (existing !== undefined && existing.expiresAt > now) {
      if (canonicalJson(existing.payload) !== canonicalJson(payload)) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This key was already used with a different payload.',
        );
      }
      if (existing.status === 'COMPLETED') return { value: existing.value as T, replayed: true };
      if (existing.inProgressExpiresAt > now) {
        throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this key is still being processed.');
      }
    }
    const record: IdempotencyRecord = {
      status: 'INPROGRESS',
      payload: frozenInPlace(payload),
      expiresAt: now + this.#windowMs,
      inProgressExpiresAt: now + this.#inProgressMs,
    };
    this.#records.set(key, record);
    let value: T;
    try {
      value = await run();
    } catch (error) {
      if (this.#records.get(key) === record) this.#records.delete(key);
      throw error;
    }
    if (this.#records.get(key) === record) {
      record.status = 'COMPLETED';
      record.value = frozenCopy(value);
    }
    return { value, replayed: false };
  }

  /** How many records are kept (for tests that check nothing was stored). */
  get size(): number {
    return this.#records.size;
  }
}
