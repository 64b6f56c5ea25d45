/** What an idempotent run produced, and whether it was replayed from an earlier run. */
export interface IdempotentResult<T> {
  value: T;
  replayed: boolean;
}

export interface IdempotentRequest<T> {
  /** Unique per caller and client key, e.g. `${sub}#${orderId}`; never the client key alone. */
  key: string;
  /** What a retry must repeat exactly; a different payload under the same key is refused. */
  payload: unknown;
  /** The work to run at most once per key inside the window. Must return JSON-serializable data. */
  run: () => Promise<T>;
}

/**
 * Runs a creation at most once per key inside the idempotency window.
 * - same key, same payload, completed: `{ value: <first result>, replayed: true }`, `run` not called;
 * - same key while the first run is in flight: throws IDEMPOTENCY_IN_PROGRESS;
 * - same key, different payload: throws IDEMPOTENCY_KEY_REUSED;
 * - `run` throws: nothing is kept, the error propagates, and a retry runs again.
 */
export interface Idempotency {
  run<T>(request: IdempotentRequest<T>): Promise<IdempotentResult<T>>;
}

export const DEFAULT_IDEMPOTENCY_WINDOW_SECONDS = 3600;
