import type { ApiHandler } from '../../src/http/http-handler.js';
import { apiEvent, cognitoAuthorizerContext, lambdaContext } from './events.js';

export const ALICE = { sub: 'alice-0001', email: 'alice@example.com' };
export const BOB = { sub: 'bob-0001', email: 'bob@example.com' };

/** The original workshop's sample order. */
export const newOrder = (orderId = 'order-0001') => ({
  orderId,
  restaurantId: 1,
  orderItems: [
    { id: 1, name: 'Spaghetti', price: 9.99, quantity: 1 },
    { id: 2, name: 'Pizza - SMALL', price: 4.99, quantity: 2 },
  ],
  totalAmount: 19.97,
});

type Caller = Parameters<typeof cognitoAuthorizerContext>[0];
type EventOptions = Partial<Parameters<typeof apiEvent>[0]>;

/** Invokes an orders function as API Gateway would behind the Cognito authorizer. */
export function invoke(
  handler: ApiHandler,
  caller: Caller,
  method: string,
  resource: string,
  options: EventOptions = {},
) {
  const event = apiEvent({ method, resource, authorizer: cognitoAuthorizerContext(caller), ...options });
  return handler(event, lambdaContext('orders'));
}
