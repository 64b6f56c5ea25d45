/**
 * The CloudFormation stacks the CDK app deploys, by service: the app names its stacks from here,
 * and whatever reads their outputs (the AWS end-to-end target, the local server's stand-in for
 * `DescribeStacks`) finds them by the same names.
 */
export const STACK_NAMES = { users: 'UsersStack', orders: 'OrdersStack' } as const;

export type StackNames = { readonly [Service in keyof typeof STACK_NAMES]: string };

/**
 * The outputs each stack declares, by output key: the stacks' template tests check the CDK app
 * has them, and the local server's `DescribeStacks` answers them.
 */
export const STACK_OUTPUT_KEYS = {
  users: [
    'APIEndpoint',
    'UserPool',
    'UserPoolClient',
    'UserPoolAdminGroupName',
    'CognitoLoginURL',
    'CognitoAuthCommand',
    'AlarmsTopic',
    'DashboardURL',
    'UsersTable',
    'UsersFunction',
  ],
  orders: ['OrdersServiceEndpoint', 'OrdersTable', 'IdempotencyTable', 'AlarmsTopic', 'DashboardURL'],
} as const;
