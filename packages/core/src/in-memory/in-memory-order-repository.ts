import type { CreateOrderResult, OrderRepository } from '../orders/order.repository.js';
import {
  ACKNOWLEDGED,
  acknowledgeRejection,
  CANCELED,
  cancelRejection,
  type EditEcho,
  editRejection,
  type TransitionRejection,
  type TransitionResult,
} from '../orders/order.rules.js';
import type { Order, OrderContent } from '../orders/order.schema.js';
import type { Page, PageRequest } from '../pagination/page.js';
import { frozenCopy, frozenInPlace } from './frozen-copy.js';
import { OrderedMap } from './ordered-map.js';

/**
 * Orders per user, in `orderId` order (an `OrderedMap`), so a page costs what the page holds,
 * not what the user has. A transition checks its rule and applies it in one synchronous
 * step: the in-memory counterpart of a conditional write. Stored orders are deeply frozen and
 * returned as they are (a caller can neither change the store nor be changed by it); an order
 * handed to `create` is the caller's new value for the store, frozen where it is.
 */
export class InMemoryOrderRepository implements OrderRepository {
  readonly #byUser = new Map<string, OrderedMap<Order>>();

  async create(order: Order): Promise<CreateOrderResult> {
    const orders = this.#ordersOf(order.userId);
    const existing = orders.get(order.orderId);
    if (existing !== undefined) return { created: false, existing };
    orders.set(order.orderId, frozenInPlace(order));
    return { created: true };
  }

  async get(userId: string, orderId: string): Promise<Order | undefined> {
    return this.#byUser.get(userId)?.get(orderId);
  }

  async listByUser(userId: string, request: PageRequest): Promise<Page<Order>> {
    return this.#byUser.get(userId)?.page(request) ?? { items: [] };
  }

  async edit(
    userId: string,
    orderId: string,
    content: OrderContent,
    echo: EditEcho,
  ): Promise<TransitionResult> {
    return this.#transition(userId, orderId, (current) => editRejection(current, echo), { ...content });
  }

  async cancel(userId: string, orderId: string, now: Date): Promise<TransitionResult> {
    return this.#transition(userId, orderId, (current) => cancelRejection(current, now), {
      status: CANCELED,
    });
  }

  async acknowledge(userId: string, orderId: string): Promise<TransitionResult> {
    return this.#transition(userId, orderId, acknowledgeRejection, { status: ACKNOWLEDGED });
  }

  #transition(
    userId: string,
    orderId: string,
    rejection: (current: Order | undefined) => TransitionRejection | undefined,
    changes: Partial<Order>,
  ): TransitionResult {
    const orders = this.#byUser.get(userId);
    const current = orders?.get(orderId);
    const refused = rejection(current);
    if (refused !== undefined || orders === undefined || current === undefined) {
      return { ok: false, ...(refused ?? { reason: 'absent' }) };
    }
    const updated = frozenCopy({ ...current, ...changes });
    orders.set(orderId, updated);
    return { ok: true, order: updated };
  }

  #ordersOf(userId: string): OrderedMap<Order> {
    let orders = this.#byUser.get(userId);
    if (orders === undefined) {
      orders = new OrderedMap();
      this.#byUser.set(userId, orders);
    }
    return orders;
  }
}
