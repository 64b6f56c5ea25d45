import { Container } from 'inversify';
import type { OrderRepository } from '../orders/order.repository.js';
import { OrderService } from '../orders/order.service.js';
import { CursorCodec } from '../pagination/cursor-codec.js';
import { type Clock, systemClock } from '../ports/clock.js';
import { type IdGenerator, uuidGenerator } from '../ports/id-generator.js';
import type { Idempotency } from '../ports/idempotency.js';
import type { UserRepository } from '../users/user.repository.js';
import { UserService } from '../users/user.service.js';
import { TOKENS } from './tokens.js';

/**
 * The adapters a composition root plugs into the core. A root that serves only some use cases
 * (one Lambda function per route) leaves out the ports it never uses: they are bound to a
 * stand-in that fails loudly, naming the port, if a use case ever reaches it.
 */
export interface CoreAdapters {
  userRepository?: UserRepository;
  orderRepository?: OrderRepository;
  idempotency?: Idempotency;
  /** Secret for signing pagination cursors (at least 16 bytes); required by the list use cases. */
  cursorSigningKey?: string | Uint8Array;
  clock?: Clock;
  idGenerator?: IdGenerator;
}

export interface CoreServices {
  users: UserService;
  orders: OrderService;
}

/** Binds the adapters to the ports and returns the services, wired by the container when first used. */
export function buildServices(adapters: CoreAdapters): CoreServices {
  const container = new Container({ defaultScope: 'Singleton' });
  container
    .bind<UserRepository>(TOKENS.UserRepository)
    .toConstantValue(adapters.userRepository ?? notConfigured('UserRepository'));
  container
    .bind<OrderRepository>(TOKENS.OrderRepository)
    .toConstantValue(adapters.orderRepository ?? notConfigured('OrderRepository'));
  container
    .bind<Idempotency>(TOKENS.Idempotency)
    .toConstantValue(adapters.idempotency ?? notConfigured('Idempotency'));
  container.bind<Clock>(TOKENS.Clock).toConstantValue(adapters.clock ?? systemClock);
  container.bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(adapters.idGenerator ?? uuidGenerator);
  container
    .bind<CursorCodec>(TOKENS.CursorCodec)
    .toConstantValue(
      adapters.cursorSigningKey === undefined
        ? notConfigured('CursorCodec (cursorSigningKey)')
        : new CursorCodec(adapters.cursorSigningKey),
    );
  container.bind<UserService>(TOKENS.UserService).to(UserService);
  container.bind<OrderService>(TOKENS.OrderService).to(OrderService);
  // Each service is planned and resolved when first used: a function serving only orders never
  // pays for planning the users service (inversify's planning is most of a composition's cost).
  let users: UserService | undefined;
  let orders: OrderService | undefined;
  return {
    get users() {
      users ??= container.get<UserService>(TOKENS.UserService);
      return users;
    },
    get orders() {
      orders ??= container.get<OrderService>(TOKENS.OrderService);
      return orders;
    },
  };
}

/** A port left out of a composition: any use of it is a wiring mistake, reported by name. */
function notConfigured<T extends object>(port: string): T {
  return new Proxy({} as T, {
    get(_, property) {
      if (property === 'then') return undefined;
      return () => {
        throw new Error(
          `The ${port} port is not configured in this composition (called ${String(property)}).`,
        );
      };
    },
  });
}
