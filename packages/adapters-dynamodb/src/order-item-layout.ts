import { isDomainError, type Order, OrderSchema, parseInput, SECONDS_ISO_PATTERN } from '@app/core';
import { ORDERS_TABLE } from './table-definitions.js';
import type { ItemReading } from './unreadable-item.js';

type Item = Record<string, unknown>;

export const ORDER_USER_ID = ORDERS_TABLE.partitionKey.name;
export const ORDER_ORDER_ID = ORDERS_TABLE.sortKey.name;
/** The map holding the whole order; conditions and updates address `data.status`, `data.orderTime`. */
export const ORDER_DATA = ORDERS_TABLE.dataAttribute;

const ITEM_FIELDS = ['id', 'name', 'price', 'quantity'] as const;

/** The stored item of an order: its key, and the whole order in `data`, fields in schema order. */
export function orderToItem(order: Order): Item {
  return {
    [ORDER_USER_ID]: order.userId,
    [ORDER_ORDER_ID]: order.orderId,
    [ORDER_DATA]: schemaOrdered(order),
  };
}

/**
 * The order an item holds, read as tolerantly as the workshop's code could have written it:
 * `data.orderId` / `data.userId` may be absent (the workshop addresses an order by its key,
 * never by them), so the key supplies them, and the key wins over a copy in `data` (the key is
 * what the caller's `sub` was checked against). Extra attributes, in the item, in `data` or in
 * an order item, are ignored. Everything else the Order schema requires must be there:
 * `restaurantId`, `orderItems` (each `id`, `name`, `price`, `quantity`), `totalAmount`, `status`
 * and an `orderTime` in the `YYYY-MM-DDTHH:MM:SSZ` form the cancel rule compares as a string.
 */
export function readOrderItem(item: Item): ItemReading<Order> {
  const data = item[ORDER_DATA];
  if (!isMap(data)) return { ok: false, issues: [{ path: ORDER_DATA, message: 'missing, or not a map' }] };
  const candidate = {
    orderId: item[ORDER_ORDER_ID],
    userId: item[ORDER_USER_ID],
    restaurantId: data.restaurantId,
    orderItems: Array.isArray(data.orderItems)
      ? data.orderItems.map((entry) => (isMap(entry) ? pick(entry, ITEM_FIELDS) : entry))
      : data.orderItems,
    totalAmount: data.totalAmount,
    status: data.status,
    orderTime: data.orderTime,
  };
  try {
    const order = parseInput(OrderSchema, candidate);
    if (!SECONDS_ISO_PATTERN.test(order.orderTime)) {
      return {
        ok: false,
        issues: [{ path: `${ORDER_DATA}.orderTime`, message: 'not of the form YYYY-MM-DDTHH:MM:SSZ' }],
      };
    }
    return { ok: true, value: schemaOrdered(order) };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return {
      ok: false,
      issues: error.issues.map(({ path, message }) => ({
        path: path === ORDER_ORDER_ID || path === ORDER_USER_ID ? path : `${ORDER_DATA}.${path}`,
        message,
      })),
    };
  }
}

/** The key of an item, as far as it has one (for reports). */
export const orderKeyOf = (item: Item): Item => ({
  [ORDER_USER_ID]: item[ORDER_USER_ID],
  [ORDER_ORDER_ID]: item[ORDER_ORDER_ID],
});

/** An order with its fields in the schema's order, so responses serialize stably. */
function schemaOrdered(order: Order): Order {
  return {
    orderId: order.orderId,
    userId: order.userId,
    restaurantId: order.restaurantId,
    orderItems: order.orderItems.map(({ id, name, price, quantity }) => ({ id, name, price, quantity })),
    totalAmount: order.totalAmount,
    status: order.status,
    orderTime: order.orderTime,
  };
}

const isMap = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pick = (entry: Item, fields: readonly string[]): Item =>
  Object.fromEntries(
    fields.filter((field) => entry[field] !== undefined).map((field) => [field, entry[field]]),
  );
