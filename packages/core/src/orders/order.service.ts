import { inject, injectable } from 'inversify';
import type { Principal } from '../auth/principal.js';
import { TOKENS } from '../di/tokens.js';
import { DomainError, readOnlyField } from '../errors.js';
import type { CursorCodec } from '../pagination/cursor-codec.js';
import { DEFAULT_PAGE_SIZE, ListQuerySchema, type ListResult } from '../pagination/page.js';
import type { Clock } from '../ports/clock.js';
import type { Idempotency } from '../ports/idempotency.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { IdSchema } from '../shared/identifiers.js';
import { toSecondsIso } from '../shared/time.js';
import { parseInput } from '../shared/validation.js';
import type { OrderRepository } from './order.repository.js';
import {
  CANCEL_WINDOW_SECONDS,
  contentOf,
  createReadOnlyViolation,
  PLACED,
  sameContent,
  type TransitionResult,
} from './order.rules.js';
import { CreateOrderInputSchema, EditOrderInputSchema, type Order } from './order.schema.js';

/** A created order, and whether it was replayed rather than written by this request. */
export interface CreateOrderOutcome {
  order: Order;
  replayed: boolean;
}

type Transition = 'edit' | 'cancel' | 'acknowledge';

const orderNotFound = (orderId: string) =>
  new DomainError('ORDER_NOT_FOUND', `Order '${orderId}' was not found.`);

/**
 * The orders use cases. The caller's `sub` is the only user id that reaches storage: an order
 * of another user is indistinguishable from a missing one.
 */
@injectable()
export class OrderService {
  constructor(
    @inject(TOKENS.OrderRepository) private readonly orders: OrderRepository,
    @inject(TOKENS.Idempotency) private readonly idempotency: Idempotency,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.CursorCodec) private readonly cursors: CursorCodec,
  ) {}

  /**
   * Places an order at most once per (caller, orderId): a retry with the same payload gets the
   * first result back (`replayed`), a different payload is refused, and after the idempotency
   * window the stored order still decides.
   */
  async create(caller: Principal, input: unknown): Promise<CreateOrderOutcome> {
    const request = parseInput(CreateOrderInputSchema, input);
    const violation = createReadOnlyViolation(request, caller.sub);
    if (violation !== undefined) throw readOnlyField(violation);
    const content = contentOf(request);
    const { orders, clock } = this;
    let written = false;
    const result = await this.idempotency.run({
      key: `${caller.sub}#${request.orderId}`,
      payload: { orderId: request.orderId, ...content },
      async run() {
        const order: Order = {
          orderId: request.orderId,
          userId: caller.sub,
          ...content,
          status: PLACED,
          orderTime: toSecondsIso(clock.now()),
        };
        const stored = await orders.create(order);
        // The order found may be this very write, retried by the SDK after its reply was lost.
        if (stored.created || canonicalJson(stored.existing) === canonicalJson(order)) {
          written = true;
          return order;
        }
        if (!sameContent(stored.existing, content)) {
          throw new DomainError(
            'ORDER_EXISTS',
            `Order '${request.orderId}' already exists with other content.`,
          );
        }
        return stored.existing;
      },
    });
    return { order: result.value, replayed: !written };
  }

  async get(caller: Principal, orderId: string): Promise<Order> {
    const order = await this.orders.get(caller.sub, parseOrderId(orderId));
    if (order === undefined) throw orderNotFound(orderId);
    return order;
  }

  async list(caller: Principal, query: unknown = {}): Promise<ListResult<Order>> {
    const { limit = DEFAULT_PAGE_SIZE, nextToken } = parseInput(ListQuerySchema, query);
    const scope = `orders:${caller.sub}`;
    const after = nextToken === undefined ? undefined : this.cursors.decode(scope, nextToken);
    const page = await this.orders.listByUser(caller.sub, {
      limit,
      ...(after === undefined ? {} : { after }),
    });
    return {
      items: page.items,
      ...(page.lastKey === undefined ? {} : { nextToken: this.cursors.encode(scope, page.lastKey) }),
    };
  }

  /** Replaces the content of a PLACED order; read-only fields may be echoed unchanged. */
  async edit(caller: Principal, orderId: string, input: unknown): Promise<Order> {
    const id = parseOrderId(orderId);
    const request = parseInput(EditOrderInputSchema, input);
    if (request.orderId !== undefined && request.orderId !== id) throw readOnlyField('orderId');
    if (request.userId !== undefined && request.userId !== caller.sub) throw readOnlyField('userId');
    const echo = {
      ...(request.status === undefined ? {} : { status: request.status }),
      ...(request.orderTime === undefined ? {} : { orderTime: request.orderTime }),
    };
    return this.#settle('edit', id, await this.orders.edit(caller.sub, id, contentOf(request), echo));
  }

  /** Cancels a PLACED order less than CANCEL_WINDOW_SECONDS after it was placed. */
  async cancel(caller: Principal, orderId: string): Promise<Order> {
    const id = parseOrderId(orderId);
    return this.#settle('cancel', id, await this.orders.cancel(caller.sub, id, this.clock.now()));
  }

  /** What the restaurant does: PLACED → ACKNOWLEDGED. Not exposed on the public APIs. */
  async acknowledge(userId: string, orderId: string): Promise<Order> {
    const id = parseOrderId(orderId);
    return this.#settle(
      'acknowledge',
      id,
      await this.orders.acknowledge(parseInput(IdSchema, userId, ['userId']), id),
    );
  }

  #settle(transition: Transition, orderId: string, result: TransitionResult): Order {
    if (result.ok) return result.order;
    switch (result.reason) {
      case 'absent':
        throw orderNotFound(orderId);
      case 'read-only':
        throw readOnlyField(result.field);
      case 'too-late':
        throw new DomainError(
          'ORDER_NOT_CANCELABLE',
          `The order was placed ${result.secondsSincePlaced} seconds ago; orders can be canceled only within ${CANCEL_WINDOW_SECONDS} seconds.`,
        );
      case 'wrong-status':
        if (transition === 'cancel') {
          throw new DomainError(
            'ORDER_NOT_CANCELABLE',
            `The order is ${result.status}; only ${PLACED} orders can be canceled.`,
          );
        }
        throw new DomainError(
          'ORDER_NOT_EDITABLE',
          `The order is ${result.status}; only ${PLACED} orders can be changed.`,
        );
    }
  }
}

function parseOrderId(orderId: string): string {
  return parseInput(IdSchema, orderId, ['orderId']);
}
