/**
 * `@app/adapters-dynamodb/idempotency`: the idempotency adapter on its own entry point, so that
 * only the function that places orders loads it (Powertools idempotency and jmespath, ≈ 45 KB).
 * The package root still exports the same names.
 */
export {
  CREATE_ORDER_KEY_PREFIX,
  DEFAULT_IN_PROGRESS_TIMEOUT_SECONDS,
  DynamoDbIdempotency,
  type DynamoDbIdempotencyOptions,
  type LambdaContextLike,
} from './dynamodb-idempotency.js';
