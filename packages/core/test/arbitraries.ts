import fc from 'fast-check';

/** Valid values for every field of the contract, to the edges of each limit. */
export const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
export const moneyArb = fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100);
export const itemIdArb = fc.oneof(
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  fc.string({ minLength: 1, maxLength: 64 }),
);
export const orderItemArb = fc.record({
  id: itemIdArb,
  name: fc.string({ minLength: 1, maxLength: 200 }),
  price: moneyArb,
  quantity: fc.integer({ min: 1, max: 1000 }),
});
export const orderContentArb = fc.record({
  restaurantId: itemIdArb,
  orderItems: fc.array(orderItemArb, { minLength: 1, maxLength: 50 }),
  totalAmount: moneyArb,
});
export const createOrderInputArb = fc
  .tuple(idArb, orderContentArb)
  .map(([orderId, content]) => ({ orderId, ...content }));
