import type { ListResult, Order, OrderItem, User } from '@app/core';

/**
 * Response bodies with a fixed key order, whatever the storage returned: a replayed order is then
 * the same bytes as the first response, and no stray stored attribute ever leaks out.
 */
export function userBody(user: User): User {
  return user.email === undefined
    ? { userid: user.userid, name: user.name, timestamp: user.timestamp }
    : { userid: user.userid, name: user.name, email: user.email, timestamp: user.timestamp };
}

export function orderBody(order: Order): Order {
  return {
    orderId: order.orderId,
    userId: order.userId,
    restaurantId: order.restaurantId,
    orderItems: order.orderItems.map(orderItemBody),
    totalAmount: order.totalAmount,
    status: order.status,
    orderTime: order.orderTime,
  };
}

function orderItemBody(item: OrderItem): OrderItem {
  return { id: item.id, name: item.name, price: item.price, quantity: item.quantity };
}

/** `{ [key]: items, nextToken? }`, as both list routes answer. */
export function listBody<T, K extends string>(
  key: K,
  result: ListResult<T>,
  toBody: (item: T) => T,
): Record<K, T[]> & { nextToken?: string } {
  const body = { [key]: result.items.map(toBody) } as Record<K, T[]> & { nextToken?: string };
  if (result.nextToken !== undefined) body.nextToken = result.nextToken;
  return body;
}

/**
 * The JSON text of `orderBody(order)`. An order that can no longer change (in-memory storage
 * deep-freezes what it stores and hands out the stored objects) is serialised once and its text
 * reused for every later read; anything else, e.g. an order just read from DynamoDB, is
 * serialised as it comes.
 */
export function orderJson(order: Order): string {
  if (!(Object.isFrozen(order) && Object.isFrozen(order.orderItems))) return JSON.stringify(orderBody(order));
  let json = serialisedOrders.get(order);
  if (json === undefined) {
    json = JSON.stringify(orderBody(order));
    serialisedOrders.set(order, json);
  }
  return json;
}

const serialisedOrders = new WeakMap<Order, string>();

/** The JSON text of `listBody('orders', result, orderBody)`, byte for byte, from `orderJson`. */
export function orderListJson(result: ListResult<Order>): string {
  let json = '{"orders":[';
  for (let index = 0; index < result.items.length; index++)
    json += (index === 0 ? '' : ',') + orderJson(result.items[index]!);
  json += ']';
  if (result.nextToken !== undefined) json += `,"nextToken":${JSON.stringify(result.nextToken)}`;
  return `${json}}`;
}

/** The query parameters of the list routes; every other route takes none. */
export const LIST_QUERY_PARAMETERS = ['limit', 'nextToken'] as const;
export const NO_QUERY_PARAMETERS: readonly string[] = [];
