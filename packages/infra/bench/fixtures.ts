import { randomUUID } from 'node:crypto';

/** An order request body as clients send it (`POST /orders`). */
export function orderRequest(orderId = `order-${randomUUID()}`) {
  return {
    orderId,
    restaurantId: 7,
    orderItems: [
      { id: 1, name: 'Spaghetti', price: 9.99, quantity: 2 },
      { id: 2, name: 'Tiramisu', price: 6.5, quantity: 1 },
    ],
    totalAmount: 26.48,
  };
}

/** The environment the servers and the SDK need here: quiet Powertools, no Node 20 warning. */
export const QUIET_ENVIRONMENT = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
} as const;
