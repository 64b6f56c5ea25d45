/**
 * A deep copy of `value`, frozen all the way down, or `value` itself when it already is plain
 * data frozen all the way down. The in-memory adapters store such values once, on write, and
 * hand them out as they are: nobody holds a mutable reference to what is stored, and a read
 * costs no copy. Stored values are JSON data (the ports' contract); anything else (a `Date`, a
 * `Map`) is copied with `structuredClone` and frozen.
 */
export function frozenCopy<T>(value: T): T {
  return isDeeplyFrozen(value) ? value : (copy(value) as T);
}

/**
 * `value` itself, frozen all the way down: for a value its caller built only to hand it over
 * (nothing else writes to it), where a copy would be waste. A part that is not plain data is
 * replaced by a frozen copy, as `frozenCopy` does.
 */
export function frozenInPlace<T>(value: T): T {
  return freeze(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) items[index] = copy(value[index]);
    return Object.freeze(items);
  }
  if (!isPlainObject(value)) return Object.freeze(structuredClone(value));
  const copied: Record<string, unknown> = {};
  for (const key in value) {
    if (Object.hasOwn(value, key)) copied[key] = copy((value as Record<string, unknown>)[key]);
  }
  return Object.freeze(copied);
}

function freeze(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return Object.freeze(structuredClone(value));
  const fields = value as Record<string, unknown>;
  const keys = isArray ? undefined : Object.keys(fields);
  const count = keys === undefined ? (value as unknown[]).length : keys.length;
  for (let index = 0; index < count; index++) {
    const key = keys === undefined ? index : (keys[index] as string);
    const field = fields[key];
    if (typeof field !== 'object' || field === null) continue;
    const frozen = freeze(field);
    if (frozen === field) continue;
    // A frozen object with a part that is not plain data cannot take the part's copy: copy it all.
    if (Object.isFrozen(fields)) return copy(value);
    fields[key] = frozen;
  }
  return Object.freeze(value);
}

/** Plain data (objects, arrays, primitives) frozen at every level. */
function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (!isDeeplyFrozen(value[index])) return false;
    return true;
  }
  if (!isPlainObject(value)) return false;
  for (const key in value) {
    if (Object.hasOwn(value, key) && !isDeeplyFrozen((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
