import { canonicalJson } from '../shared/canonical-json.js';
import { toSecondsIso } from '../shared/time.js';
import type { Order, OrderContent, ReadOnlyOrderField } from './order.schema.js';

/** An order may be canceled while fewer than this many seconds have passed since `orderTime`. */
export const CANCEL_WINDOW_SECONDS = 600;

export const PLACED = 'PLACED' satisfies Order['status'];
export const ACKNOWLEDGED = 'ACKNOWLEDGED' satisfies Order['status'];
export const CANCELED = 'CANCELED' satisfies Order['status'];

/** The status an edit, cancel or acknowledge requires. */
export const TRANSITION_FROM_STATUS = PLACED;

export const canEdit = (order: Pick<Order, 'status'>): boolean => order.status === PLACED;

export const canAcknowledge = (order: Pick<Order, 'status'>): boolean => order.status === PLACED;

/** Seconds from `orderTime` to `now`, to the millisecond. */
export const secondsSincePlaced = (order: Pick<Order, 'orderTime'>, now: Date): number =>
  (now.getTime() - Date.parse(order.orderTime)) / 1000;

export const isWithinCancelWindow = (order: Pick<Order, 'orderTime'>, now: Date): boolean =>
  secondsSincePlaced(order, now) < CANCEL_WINDOW_SECONDS;

export const canCancel = (order: Pick<Order, 'status' | 'orderTime'>, now: Date): boolean =>
  order.status === PLACED && isWithinCancelWindow(order, now);

/**
 * The same window as a string bound, for a storage condition compared like with like:
 * `orderTime > cancelCutoff(now)` holds exactly when `isWithinCancelWindow` does, because
 * order times are whole seconds in the same format.
 */
export const cancelCutoff = (now: Date): string =>
  toSecondsIso(new Date(now.getTime() - CANCEL_WINDOW_SECONDS * 1000));

/** Why a state change was refused, as storage adapters report it. */
export type TransitionRejection =
  | { reason: 'absent' }
  | { reason: 'wrong-status'; status: Order['status'] }
  | { reason: 'too-late'; secondsSincePlaced: number }
  | { reason: 'read-only'; field: ReadOnlyOrderField };

export type TransitionResult = { ok: true; order: Order } | ({ ok: false } & TransitionRejection);

/** Read-only values a PUT echoed, which must equal the stored ones. */
export interface EditEcho {
  status?: unknown;
  orderTime?: unknown;
}

/** Why `current` may not be edited with this echo, or `undefined` when the edit may proceed. */
export function editRejection(current: Order | undefined, echo: EditEcho): TransitionRejection | undefined {
  if (current === undefined) return { reason: 'absent' };
  if (!canEdit(current)) return { reason: 'wrong-status', status: current.status };
  if (echo.status !== undefined && echo.status !== current.status)
    return { reason: 'read-only', field: 'status' };
  if (echo.orderTime !== undefined && echo.orderTime !== current.orderTime) {
    return { reason: 'read-only', field: 'orderTime' };
  }
  return undefined;
}

/** Why `current` may not be canceled at `now`, or `undefined` when it may. */
export function cancelRejection(current: Order | undefined, now: Date): TransitionRejection | undefined {
  if (current === undefined) return { reason: 'absent' };
  if (current.status !== PLACED) return { reason: 'wrong-status', status: current.status };
  if (!isWithinCancelWindow(current, now)) {
    return { reason: 'too-late', secondsSincePlaced: Math.floor(secondsSincePlaced(current, now)) };
  }
  return undefined;
}

/** Why `current` may not be acknowledged, or `undefined` when it may. */
export function acknowledgeRejection(current: Order | undefined): TransitionRejection | undefined {
  if (current === undefined) return { reason: 'absent' };
  if (!canAcknowledge(current)) return { reason: 'wrong-status', status: current.status };
  return undefined;
}

/**
 * The first read-only field of a create request that differs from what the server sets, if any:
 * `userId` must be the caller, `status` PLACED, and `orderTime` is never accepted.
 */
export function createReadOnlyViolation(
  echo: { userId?: unknown; status?: unknown; orderTime?: unknown },
  callerId: string,
): ReadOnlyOrderField | undefined {
  if (echo.userId !== undefined && echo.userId !== callerId) return 'userId';
  if (echo.status !== undefined && echo.status !== PLACED) return 'status';
  if (echo.orderTime !== undefined) return 'orderTime';
  return undefined;
}

/** True when two orders carry the same client-chosen content (a retry of the same request). */
export function sameContent(a: OrderContent, b: OrderContent): boolean {
  return canonicalJson(contentOf(a)) === canonicalJson(contentOf(b));
}

export const contentOf = ({ restaurantId, orderItems, totalAmount }: OrderContent): OrderContent => ({
  restaurantId,
  orderItems: orderItems.map(({ id, name, price, quantity }) => ({ id, name, price, quantity })),
  totalAmount,
});
