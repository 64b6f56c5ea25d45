import { STACK_NAMES } from '@app/adapters-lambda';
import { DEFAULT_ADMIN_GROUP } from '@app/core';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { BundleDirectory } from './bundle-directory.js';
import { OrdersStack } from './stacks/orders-stack.js';
import { UsersStack } from './stacks/users-stack.js';

export const USERS_STACK_NAME = STACK_NAMES.users;
export const ORDERS_STACK_NAME = STACK_NAMES.orders;
export const DEFAULT_ADMIN_GROUP_NAME = DEFAULT_ADMIN_GROUP;

/** The app's context keys (`cdk.json`, or `-c key=value` on the CLI). */
export const CONTEXT_KEYS = {
  /** The Cognito group of the API administrators: one value, read by both stacks. */
  adminGroupName: 'adminGroupName',
  /** `false` when another stack already manages the account's API Gateway CloudWatch role. */
  apiGatewayCloudWatchRole: 'apiGatewayCloudWatchRole',
} as const;

/** Cognito's group-name rule (1–128 characters, no whitespace other than the space). */
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P} ]{1,128}$/u;

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
  const adminGroupName = String(
    app.node.tryGetContext(CONTEXT_KEYS.adminGroupName) ?? DEFAULT_ADMIN_GROUP_NAME,
  );
  if (!GROUP_NAME.test(adminGroupName)) {
    throw new Error(
      `Context ${CONTEXT_KEYS.adminGroupName} is not a Cognito group name: ${JSON.stringify(adminGroupName)}`,
    );
  }
  const corsAllowedOrigins = corsOriginsFromContext(app.node.tryGetContext(CORS_CONTEXT_KEY));
  const users = new UsersStack(app, USERS_STACK_NAME, {
    bundles,
    corsAllowedOrigins,
    adminGroupName,
    apiGatewayCloudWatchRole: contextFlag(app, CONTEXT_KEYS.apiGatewayCloudWatchRole, true),
    description: 'Serverless patterns: users service (Cognito, users API, users table)',
  });
  const orders = new OrdersStack(app, ORDERS_STACK_NAME, {
    bundles,
    corsAllowedOrigins,
    userPool: users.userPool,
    adminGroupName,
    description: 'Serverless patterns: orders service (orders API, orders and idempotency tables)',
  });
  // Its API stage logs through the account-level role the users stack sets (when it does).
  orders.addStackDependency(users, 'API Gateway account CloudWatch role, user pool');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { users, orders };
}

/** A boolean context value: `true`/`false` from cdk.json, or the strings from `-c key=false`. */
function contextFlag(app: App, key: string, fallback: boolean): boolean {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context ${key} must be true or false, not ${JSON.stringify(value)}`);
}

/** The context value as a list: absent is any origin; a string is split at commas. */
function corsOriginsFromContext(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value) && value.every((origin) => typeof origin === 'string')) return value;
  throw new Error(`Context ${CORS_CONTEXT_KEY} must be a list of origins or a comma-separated string`);
}
