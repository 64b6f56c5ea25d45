export {
  type AllowedRoute,
  ANY_USER,
  allowedUserRoutes,
  authorize,
  USER_ROUTES,
  type UserAction,
  type UserResource,
  type UserRoute,
} from './auth/authorize.js';
export { type Claims, DEFAULT_ADMIN_GROUP, type Principal, principalFromClaims } from './auth/principal.js';
export { buildServices, type CoreAdapters, type CoreServices } from './di/container.js';
export { TOKENS } from './di/tokens.js';
export {
  DomainError,
  ERROR_CODES,
  type ErrorCode,
  type FieldIssue,
  isDomainError,
  readOnlyField,
  serviceUnavailable,
  validationFailed,
} from './errors.js';
export type { CreateOrderResult, OrderRepository } from './orders/order.repository.js';
export {
  ACKNOWLEDGED,
  acknowledgeRejection,
  CANCEL_WINDOW_SECONDS,
  CANCELED,
  canAcknowledge,
  canCancel,
  cancelCutoff,
  cancelRejection,
  canEdit,
  contentOf,
  createReadOnlyViolation,
  type EditEcho,
  editRejection,
  isWithinCancelWindow,
  PLACED,
  sameContent,
  secondsSincePlaced,
  TRANSITION_FROM_STATUS,
  type TransitionRejection,
  type TransitionResult,
} from './orders/order.rules.js';
export {
  type CreateOrderInput,
  CreateOrderInputSchema,
  type EditOrderInput,
  EditOrderInputSchema,
  MAX_AMOUNT,
  MoneySchema,
  ORDER_STATUSES,
  type Order,
  type OrderContent,
  OrderContentSchema,
  type OrderItem,
  OrderItemSchema,
  OrderSchema,
  type OrderStatus,
  READ_ONLY_ORDER_FIELDS,
  type ReadOnlyOrderField,
} from './orders/order.schema.js';
export { type CreateOrderOutcome, OrderService } from './orders/order.service.js';
export { CursorCodec } from './pagination/cursor-codec.js';
export {
  DEFAULT_PAGE_SIZE,
  type ListQuery,
  ListQuerySchema,
  type ListResult,
  MAX_PAGE_SIZE,
  type Page,
  type PageRequest,
} from './pagination/page.js';
export { type Clock, systemClock } from './ports/clock.js';
export { type IdGenerator, uuidGenerator } from './ports/id-generator.js';
export {
  DEFAULT_IDEMPOTENCY_WINDOW_SECONDS,
  type Idempotency,
  type IdempotentRequest,
  type IdempotentResult,
} from './ports/idempotency.js';
export { canonicalJson } from './shared/canonical-json.js';
export { ID_PATTERN, IdSchema, isValidId } from './shared/identifiers.js';
export { SECONDS_ISO_PATTERN, toSecondsIso } from './shared/time.js';
export { parseInput } from './shared/validation.js';
export { ensureZodDefaults } from './shared/zod-defaults.js';
export type { ReplaceUserResult, UserRepository } from './users/user.repository.js';
export {
  type CreateUserInput,
  CreateUserInputSchema,
  type ReplaceUserInput,
  ReplaceUserInputSchema,
  type User,
  UserSchema,
} from './users/user.schema.js';
export { UserService } from './users/user.service.js';
