import type { Page, PageRequest } from '../pagination/page.js';
import type { EditEcho, TransitionResult } from './order.rules.js';
import type { Order, OrderContent } from './order.schema.js';

/** A conditional create either wrote the order or found one under the same key. */
export type CreateOrderResult = { created: true } | { created: false; existing: Order };

/**
 * Orders, keyed by (userId, orderId). Every state change is one conditional write whose
 * condition is the business rule itself, so concurrent requests cannot break it; a refused
 * change reports why (`TransitionResult`).
 */
export interface OrderRepository {
  /** Writes only if absent; otherwise returns the stored order. */
  create(order: Order): Promise<CreateOrderResult>;
  get(userId: string, orderId: string): Promise<Order | undefined>;
  /** The user's orders in `orderId` order; `after` is the last `orderId` seen. */
  listByUser(userId: string, page: PageRequest): Promise<Page<Order>>;
  /** Replaces the content while the order is PLACED and the echoed read-only values match. */
  edit(userId: string, orderId: string, content: OrderContent, echo: EditEcho): Promise<TransitionResult>;
  /** Sets CANCELED while the order is PLACED and inside the cancel window at `now`. */
  cancel(userId: string, orderId: string, now: Date): Promise<TransitionResult>;
  /** Sets ACKNOWLEDGED while the order is PLACED. */
  acknowledge(userId: string, orderId: string): Promise<TransitionResult>;
}
