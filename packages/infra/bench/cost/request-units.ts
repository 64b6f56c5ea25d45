import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB's documented sizing and capacity rules ("Item sizes and formats", "Read/write
 * capacity unit consumption" in the DynamoDB Developer Guide), the same for on-demand request
 * units as for provisioned capacity units:
 * - an item's size is the sum of its attribute names (UTF-8 bytes) and values: strings UTF-8
 *   bytes, binaries their bytes, numbers 1 byte plus 1 per two significant digits (the guide's
 *   "approximately": DynamoDB stores base-100 digits aligned to the decimal point, so `6.5` is
 *   two pairs, `0` and `65`, as dynalite — "tested against live DynamoDB instances" — counts
 *   them; a negative number 1 byte more, zero 1 byte), booleans and null 1, lists and maps 3 bytes plus 1 byte per element plus the
 *   elements (names included);
 * - a read is one unit per 4 KB, rounded up (a missing item: one unit), half when eventually
 *   consistent; a Query or Scan counts the items it reads as one read of their summed size;
 * - a write is one unit per 1 KB of the larger of the item before and after (Put, Update), of
 *   the deleted item (Delete); a conditional write whose condition fails still consumes the
 *   units of the existing item (one when there is none).
 */
export type Item = Record<string, AttributeValue>;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Bytes of a DynamoDB number: 1, plus its base-100 digits aligned to the decimal point, plus 1 if negative. */
export function numberSize(number: string): number {
  const sign = number.startsWith('-') ? 1 : 0;
  const [mantissa = '', exponent = '0'] = number.replace(/^[-+]/, '').toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = `${whole}${fraction}`;
  const first = digits.search(/[1-9]/);
  if (first === -1) return 1; // zero
  const last = digits.length - 1 - [...digits].reverse().findIndex((digit) => digit !== '0');
  // Position (power of ten) of the first and last significant digits.
  const top = whole.length - 1 - first + Number(exponent);
  const bottom = whole.length - 1 - last + Number(exponent);
  const pairs = Math.floor(top / 2) - Math.floor(bottom / 2) + 1;
  return 1 + pairs + sign;
}

/** A binary's bytes: the SDK's `Uint8Array`, or base64 text as the wire (and the proxy) has it. */
const binarySize = (bytes: Uint8Array | string) =>
  typeof bytes === 'string' ? Buffer.from(bytes, 'base64').byteLength : bytes.byteLength;

export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return binarySize(value.B);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + utf8(text), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, number) => sum + numberSize(number), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + binarySize(bytes), 0);
  if (value.L !== undefined)
    return 3 + value.L.reduce((sum, element) => sum + 1 + attributeValueSize(element), 0);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + itemSize(value.M);
  throw new Error(`an attribute value of no known type: ${JSON.stringify(value)}`);
}

export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8(name) + attributeValueSize(value);
  return size;
}

const READ_UNIT_BYTES = 4096;
const WRITE_UNIT_BYTES = 1024;

/** Read units of a GetItem (`item` undefined when there is none). */
export function getItemReadUnits(item: Item | undefined, consistentRead: boolean): number {
  const units = item === undefined ? 1 : Math.max(1, Math.ceil(itemSize(item) / READ_UNIT_BYTES));
  return consistentRead ? units : units / 2;
}

/** Read units of a Query or Scan page: the items it read, summed, as one read. */
export function pageReadUnits(items: readonly Item[], consistentRead: boolean): number {
  const bytes = items.reduce((sum, item) => sum + itemSize(item), 0);
  const units = Math.ceil(bytes / READ_UNIT_BYTES);
  return consistentRead ? units : units / 2;
}

/** Write units of a Put, Update or Delete: the larger of the item before and after (at least one). */
export function writeUnits(before: Item | undefined, after: Item | undefined): number {
  const size = Math.max(
    before === undefined ? 0 : itemSize(before),
    after === undefined ? 0 : itemSize(after),
  );
  return Math.max(1, Math.ceil(size / WRITE_UNIT_BYTES));
}

/** Write units of a conditional write refused by its condition: the existing item's (one if none). */
export function refusedWriteUnits(existing: Item | undefined): number {
  return writeUnits(existing, undefined);
}
