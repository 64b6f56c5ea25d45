import type { Page, PageRequest } from '../pagination/page.js';

/** One page of `items` (sorted by `keyOf`) after `request.after`, as a key-ordered store returns it. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, request: PageRequest): Page<T> {
  const after = request.after;
  const rest = after === undefined ? items : items.filter((item) => keyOf(item) > after);
  const pageItems = rest.slice(0, request.limit);
  const last = pageItems.at(-1);
  return rest.length > request.limit && last !== undefined
    ? { items: pageItems, lastKey: keyOf(last) }
    : { items: pageItems };
}

export const byKey =
  <T>(keyOf: (item: T) => string) =>
  (a: T, b: T): number => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
