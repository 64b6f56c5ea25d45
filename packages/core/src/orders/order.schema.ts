import * as z from 'zod/mini';
import { IdSchema } from '../shared/identifiers.js';
import { ensureZodDefaults } from '../shared/zod-defaults.js';

ensureZodDefaults();

export const ORDER_STATUSES = ['PLACED', 'ACKNOWLEDGED', 'CANCELED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Amounts are capped so that they stay exact in a double and in DynamoDB's number type. */
export const MAX_AMOUNT = 1_000_000;

const hasAtMostTwoDecimals = (value: number) => Number(value.toFixed(2)) === value;

/** A money amount: 0 to 1,000,000 with at most 2 decimals (19.97 stays 19.97). */
export const MoneySchema = z
  .number()
  .check(z.gte(0), z.lte(MAX_AMOUNT), z.refine(hasAtMostTwoDecimals, 'must have at most 2 decimals'));

const PositiveIntegerIdSchema = z.number().check(z.int(), z.gt(0), z.lte(Number.MAX_SAFE_INTEGER));
const StringIdSchema = z.string().check(z.minLength(1), z.maxLength(64));

export const OrderItemSchema = z.strictObject({
  id: z.union([PositiveIntegerIdSchema, StringIdSchema]),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  price: MoneySchema,
  quantity: z.number().check(z.int(), z.gte(1), z.lte(1000)),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

/** What the client chooses about an order: the part a POST or PUT must carry. */
export const OrderContentSchema = z.strictObject({
  restaurantId: z.union([PositiveIntegerIdSchema, StringIdSchema]),
  orderItems: z.array(OrderItemSchema).check(z.minLength(1), z.maxLength(50)),
  totalAmount: MoneySchema,
});
export type OrderContent = z.infer<typeof OrderContentSchema>;

export const OrderSchema = z.strictObject({
  orderId: IdSchema,
  userId: IdSchema,
  ...OrderContentSchema.shape,
  status: z.enum(ORDER_STATUSES),
  orderTime: z.string(),
});
export type Order = z.infer<typeof OrderSchema>;

/**
 * `POST /orders`. `userId` and `status` are read-only echoes (checked by the rules, not the
 * schema, so that any value reaches the READ_ONLY_FIELD check); `orderTime` is never accepted.
 */
export const CreateOrderInputSchema = z.strictObject({
  orderId: IdSchema,
  ...OrderContentSchema.shape,
  userId: z.optional(z.unknown()),
  status: z.optional(z.unknown()),
  orderTime: z.optional(z.unknown()),
});
export type CreateOrderInput = z.infer<typeof CreateOrderInputSchema>;

/** `PUT /orders/{orderId}`: the new content, plus read-only echoes of what the client got. */
export const EditOrderInputSchema = z.strictObject({
  ...OrderContentSchema.shape,
  orderId: z.optional(z.unknown()),
  userId: z.optional(z.unknown()),
  status: z.optional(z.unknown()),
  orderTime: z.optional(z.unknown()),
});
export type EditOrderInput = z.infer<typeof EditOrderInputSchema>;

/** The read-only fields of an order a client may echo. */
export const READ_ONLY_ORDER_FIELDS = ['orderId', 'userId', 'status', 'orderTime'] as const;
export type ReadOnlyOrderField = (typeof READ_ONLY_ORDER_FIELDS)[number];
