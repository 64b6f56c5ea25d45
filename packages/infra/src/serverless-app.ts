import { STACK_NAMES } from '@app/adapters-lambda';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BundleDirectory } from './bundle-directory.js';
import { OrdersStack } from './stacks/orders-stack.js';
import { UsersStack } from './stacks/users-stack.js';

export const USERS_STACK_NAME = STACK_NAMES.users;
export const ORDERS_STACK_NAME = STACK_NAMES.orders;

/** The CDK context key of the allowed CORS origins: a list, or a comma-separated string (`-c`). */
export const CORS_CONTEXT_KEY = 'corsAllowedOrigins';

export interface ServerlessStacks {
  users: UsersStack;
  orders: OrdersStack;
}

/**
 * Both stacks in `app`, the orders stack trusting the users stack's pool, checked by cdk-nag's
 * AWS Solutions rules: an unacknowledged finding makes `synth()` throw.
 */
export function addServerlessStacks(app: App, bundles: BundleDirectory): ServerlessStacks {
  const corsAllowedOrigins = corsOriginsFromContext(app.node.tryGetContext(CORS_CONTEXT_KEY));
  const users = new UsersStack(app, USERS_STACK_NAME, {
    bundles,
    corsAllowedOrigins,
    description: 'Serverless patterns: users service (Cognito, users API, users table)',
  });
  const orders = new OrdersStack(app, ORDERS_STACK_NAME, {
    bundles,
    corsAllowedOrigins,
    userPool: users.userPool,
    adminGroupName: users.adminGroupName,
    description: 'Serverless patterns: orders service (orders API, orders and idempotency tables)',
  });
  // Its API stage logs through the account-level role the users stack sets.
  orders.addStackDependency(users, 'API Gateway account CloudWatch role');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { users, orders };
}

/** The context value as a list: absent is any origin; a string is split at commas. */
function corsOriginsFromContext(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value) && value.every((origin) => typeof origin === 'string')) return value;
  throw new Error(`Context ${CORS_CONTEXT_KEY} must be a list of origins or a comma-separated string`);
}
