export interface TtlCacheOptions {
  /** How long an entry lives unless `set` is given its own expiry. */
  ttlMs: number;
  maxEntries: number;
  /** The most the entries may weigh together, by the sizes given to `set` (default unbounded). */
  maxBytes?: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  bytes: number;
}

/**
 * A bounded map whose entries expire `ttlMs` after they were set (or at the time given to
 * `set`): least recently used entries go first when it holds more than `maxEntries`, or weighs
 * more than `maxBytes`. Expiry is checked on read, against the injected clock.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** The most recently used key: reading it again needs no reordering. */
  #newest: string | undefined;
  #bytes = 0;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;

  constructor({ ttlMs, maxEntries, maxBytes = Number.POSITIVE_INFINITY, now = Date.now }: TtlCacheOptions) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
    this.#now = now;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#delete(key, entry);
      return undefined;
    }
    if (key !== this.#newest) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#newest = key;
    }
    return entry.value;
  }

  /**
   * `bytes` is what the entry weighs against `maxBytes` (an entry heavier than that is not
   * kept); `expiresAt` (epoch ms, on the cache's clock) defaults to now + the TTL.
   */
  set(key: string, value: V, { bytes = 0, expiresAt }: { bytes?: number; expiresAt?: number } = {}): void {
    const previous = this.#entries.get(key);
    if (previous !== undefined) this.#delete(key, previous);
    if (bytes > this.#maxBytes) return;
    this.#entries.set(key, { value, expiresAt: expiresAt ?? this.#now() + this.#ttlMs, bytes });
    this.#bytes += bytes;
    this.#newest = key;
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.entries().next().value;
      if (oldest === undefined) break;
      this.#delete(oldest[0], oldest[1]);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** What the entries weigh together, by the sizes given to `set`. */
  get bytes(): number {
    return this.#bytes;
  }

  #delete(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    if (key === this.#newest) this.#newest = undefined;
  }
}

/**
 * What strings weigh in memory, at most: two bytes per UTF-16 unit (V8 keeps ASCII in one), so
 * a byte budget computed with it is never exceeded by the text it holds.
 */
export function stringBytes(...texts: readonly string[]): number {
  let units = 0;
  for (const text of texts) units += text.length;
  return 2 * units;
}
