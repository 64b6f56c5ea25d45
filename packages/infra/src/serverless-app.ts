import { STACK_NAMES } from '@app/adapters-lambda';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BundleDirectory } from './bundle-directory.js';
import { OrdersStack } from './stacks/orders-stack.js';
import { UsersStack } from './stacks/users-stack.js';

export const USERS_STACK_NAME = STACK_NAMES.users;
export const ORDERS_STACK_NAME = STACK_NAMES.orders;

export interface ServerlessStacks {
  users: UsersStack;
  orders: OrdersStack;
}

/**
 * Both stacks in `app`, the orders stack trusting the users stack's pool, checked by cdk-nag's
 * AWS Solutions rules: an unacknowledged finding makes `synth()` throw.
 */
export function addServerlessStacks(app: App, bundles: BundleDirectory): ServerlessStacks {
  const users = new UsersStack(app, USERS_STACK_NAME, {
    bundles,
    description: 'Serverless patterns: users service (Cognito, users API, users table)',
  });
  const orders = new OrdersStack(app, ORDERS_STACK_NAME, {
    bundles,
    userPool: users.userPool,
    adminGroupName: users.adminGroupName,
    description: 'Serverless patterns: orders service (orders API, orders and idempotency tables)',
  });
  // Its API stage logs through the account-level role the users stack sets.
  orders.addStackDependency(users, 'API Gateway account CloudWatch role');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { users, orders };
}
