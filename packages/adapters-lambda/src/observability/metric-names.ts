/** Metric names and namespace, used by the handlers and by the CDK dashboards and alarms. */
export const METRICS_NAMESPACE = 'ServerlessWorkshop';

export const METRIC_NAMES = {
  SuccessfulOrder: 'SuccessfulOrder',
  OrderTotal: 'OrderTotal',
  OrderEdited: 'OrderEdited',
  OrderCanceled: 'OrderCanceled',
  IdempotentReplay: 'IdempotentReplay',
  /** A stored user or order that cannot be read (left out of a list, or a 500 on a single read). */
  UnreadableItem: 'UnreadableItem',
  /**
   * The TOKEN authorizer failed for a reason other than the token (the JWKS could not be
   * fetched, a bug): rejected tokens are normal and do not count.
   */
  AuthorizerFailure: 'AuthorizerFailure',
  /** Emitted by Powertools Metrics' `captureColdStartMetric`. */
  ColdStart: 'ColdStart',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/** Service names (Powertools `service` dimension and logger field), one per API. */
export const SERVICE_NAMES = {
  users: 'users',
  orders: 'orders',
} as const;
