import type { Page, PageRequest } from '../../src/pagination/page.js';

/**
 * A page of a key-ordered store, the naive way: sort everything by JavaScript's string order,
 * drop what is not after the cursor, slice. This is what the in-memory repositories did on every
 * list before they kept their keys ordered, kept here as the model they must still agree with.
 */
export function sortAndSlice<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  { limit, after }: PageRequest,
): Page<T> {
  const sorted = [...items].sort((a, b) => {
    const [ka, kb] = [keyOf(a), keyOf(b)];
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const pageItems = rest.slice(0, limit);
  const last = pageItems.at(-1);
  return rest.length > limit && last !== undefined
    ? { items: pageItems, lastKey: keyOf(last) }
    : { items: pageItems };
}
