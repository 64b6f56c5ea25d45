import type { ListResult, Order, OrderItem, User } from '@app/core';

/**
 * Response bodies with a fixed key order, whatever the storage returned: a replayed order is then
 * the same bytes as the first response, and no stray stored attribute ever leaks out.
 */
export function userBody(user: User): User {
  return {
    userid: user.userid,
    name: user.name,
    ...(user.email === undefined ? {} : { email: user.email }),
    timestamp: user.timestamp,
  };
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
  return {
    [key]: result.items.map(toBody),
    ...(result.nextToken === undefined ? {} : { nextToken: result.nextToken }),
  } as Record<K, T[]> & { nextToken?: string };
}

/** The query parameters of the list routes; every other route takes none. */
export const LIST_QUERY_PARAMETERS = ['limit', 'nextToken'] as const;
export const NO_QUERY_PARAMETERS: readonly string[] = [];
