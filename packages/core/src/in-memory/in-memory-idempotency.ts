import { DomainError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import {
  DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
  type Idempotency,
  type IdempotentRequest,
  type IdempotentResult,
} from '../ports/idempotency.js';
import { canonicalJson } from '../shared/canonical-json.js';

interface IdempotencyRecord {
  status: 'INPROGRESS' | 'COMPLETED';
  payload: string;
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
 * checked first, then in-progress, then replay; a failed run releases its key.
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
    const payloadText = canonicalJson(payload);
    const existing = this.#records.get(key);
    if (existing !== undefined && existing.expiresAt > now) {
      if (existing.payload !== payloadText) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This key was already used with a different payload.',
        );
      }
      if (existing.status === 'COMPLETED')
        return { value: structuredClone(existing.value) as T, replayed: true };
      if (existing.inProgressExpiresAt > now) {
        throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this key is still being processed.');
      }
    }
    const record: IdempotencyRecord = {
      status: 'INPROGRESS',
      payload: payloadText,
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
      this.#records.set(key, { ...record, status: 'COMPLETED', value: structuredClone(value) });
    }
    return { value, replayed: false };
  }

  /** How many records are kept (for tests that check nothing was stored). */
  get size(): number {
    return this.#records.size;
  }
}
