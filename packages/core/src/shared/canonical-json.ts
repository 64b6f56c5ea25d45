/** JSON with object keys sorted, so equal data gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    // As `Array.prototype.join`: an element without JSON text (undefined) is empty.
    let text = '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ',';
      text += canonicalJson(value[index]) ?? '';
    }
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    // The default sort orders by UTF-16 code units, as `<` does.
    const keys = Object.keys(value).sort();
    let text = '{';
    let first = true;
    for (const key of keys) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      if (!first) text += ',';
      first = false;
      text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value);
}
