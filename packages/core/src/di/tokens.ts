/** Injection tokens: Symbols, bound explicitly (bundlers emit no decorator metadata). */
export const TOKENS = {
  UserRepository: Symbol.for('app.UserRepository'),
  OrderRepository: Symbol.for('app.OrderRepository'),
  Idempotency: Symbol.for('app.Idempotency'),
  Clock: Symbol.for('app.Clock'),
  IdGenerator: Symbol.for('app.IdGenerator'),
  CursorCodec: Symbol.for('app.CursorCodec'),
  UserService: Symbol.for('app.UserService'),
  OrderService: Symbol.for('app.OrderService'),
} as const;
