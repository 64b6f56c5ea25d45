import { STACK_NAMES, type StackNames } from '@app/adapters-lambda';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ApiTarget } from '../scenarios/target.js';
import { CognitoTokenProvider } from './cognito-token-provider.js';
import { resolveAwsTarget } from './stack-outputs.js';

/** The stacks to test: `E2E_USERS_STACK` / `E2E_ORDERS_STACK`, by default the app's own names. */
export function awsStackNames(env: Record<string, string | undefined>): StackNames {
  return {
    users: env.E2E_USERS_STACK || STACK_NAMES.users,
    orders: env.E2E_ORDERS_STACK || STACK_NAMES.orders,
  };
}

export interface AwsApiTargetOptions {
  cloudFormation: CloudFormationClient;
  cognito: CognitoIdentityProviderClient;
  stackNames: StackNames;
}

/** The deployed stacks as a target of the shared API scenarios, plus the users it creates. */
export interface AwsApiTarget extends ApiTarget {
  /** Creates the test users; call `cleanup()` afterwards to delete them. */
  tokens: CognitoTokenProvider;
}

/**
 * Reads the stacks' outputs and returns the two APIs' endpoints with a token source that creates
 * real users in the stack's pool (the admin in its admin group). Tokens are sent raw in
 * `Authorization`, as the workshop's clients send them to the Cognito authorizer.
 */
export async function awsApiTarget(options: AwsApiTargetOptions): Promise<AwsApiTarget> {
  const target = await resolveAwsTarget(options.cloudFormation, options.stackNames);
  const tokens = new CognitoTokenProvider({
    cognito: options.cognito,
    userPoolId: target.userPoolId,
    userPoolClientId: target.userPoolClientId,
    adminGroupName: target.adminGroupName,
  });
  return {
    usersUrl: target.usersApiUrl,
    ordersUrl: target.ordersApiUrl,
    authorization: 'raw',
    tokenFor: (email, request = {}) => tokens.token({ email, admin: request.admin === true }),
    tokens,
  };
}
