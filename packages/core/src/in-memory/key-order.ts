/**
 * The order the in-memory stores keep their keys in: JavaScript's string order (UTF-16 code
 * units), which for the contract's ids (`[A-Za-z0-9_-]`, ASCII) is DynamoDB's byte order too.
 * One function, so every store sorts and seeks alike.
 */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
