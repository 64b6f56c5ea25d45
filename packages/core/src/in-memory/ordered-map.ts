import type { Page, PageRequest } from '../pagination/page.js';
import { compareKeys } from './key-order.js';

/**
 * A Map that also keeps its keys sorted (`compareKeys`), so a page is a binary search to the
 * cursor and a slice: O(log n + page) however many entries there are, where sorting on every
 * list cost O(n log n). A new key is placed by binary search and spliced in (O(log n)
 * comparisons and one O(n) move of references); replacing a value leaves the order alone.
 */
export class OrderedMap<T> {
  readonly #values = new Map<string, T>();
  readonly #keys: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  get(key: string): T | undefined {
    return this.#values.get(key);
  }

  has(key: string): boolean {
    return this.#values.has(key);
  }

  set(key: string, value: T): void {
    if (!this.#values.has(key)) this.#keys.splice(this.#firstAfter(key, true), 0, key);
    this.#values.set(key, value);
  }

  delete(key: string): boolean {
    if (!this.#values.delete(key)) return false;
    this.#keys.splice(this.#firstAfter(key, true), 1);
    return true;
  }

  /**
   * At most `limit` values whose keys follow `after`, in key order, as a key-ordered store
   * returns them; `lastKey` only when more values follow the page.
   */
  page({ limit, after }: PageRequest): Page<T> {
    const keys = this.#keys;
    const start = after === undefined ? 0 : this.#firstAfter(after, false);
    const end = Math.min(start + limit, keys.length);
    const items: T[] = [];
    for (let index = start; index < end; index++) items.push(this.#values.get(keys[index] as string) as T);
    return end < keys.length && end > start ? { items, lastKey: keys[end - 1] as string } : { items };
  }

  /** The index of the first key above `key` (`orEqual`: at or above it), by binary search. */
  #firstAfter(key: string, orEqual: boolean): number {
    const keys = this.#keys;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareKeys(keys[middle] as string, key);
      if (order < 0 || (order === 0 && !orEqual)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
