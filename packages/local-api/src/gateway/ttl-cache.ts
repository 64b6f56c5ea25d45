/**
 * A bounded map whose entries expire `ttlMs` after they were set (or at the time given to
 * `set`): least recently used entries go first when it is full. Expiry is checked on read,
 * against the injected clock.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  /** The most recently used key: reading it again needs no reordering. */
  #newest: string | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      if (key === this.#newest) this.#newest = undefined;
      return undefined;
    }
    if (key !== this.#newest) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#newest = key;
    }
    return entry.value;
  }

  /** `expiresAt` (epoch ms, on the cache's clock) defaults to now + the TTL. */
  set(key: string, value: V, expiresAt: number = this.now() + this.ttlMs): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    this.#newest = key;
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
