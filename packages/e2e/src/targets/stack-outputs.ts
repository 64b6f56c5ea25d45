import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/** What the end-to-end suite needs from the two deployed stacks. */
export interface AwsTarget {
  usersApiUrl: string;
  ordersApiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  adminGroupName: string;
}

/** The outputs of a deployed stack, by output key. */
export async function readStackOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<Record<string, string>> {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = Stacks?.[0];
  if (!stack) throw new Error(`Stack ${stackName} not found`);
  return Object.fromEntries(
    (stack.Outputs ?? []).flatMap((output) =>
      output.OutputKey && output.OutputValue !== undefined ? [[output.OutputKey, output.OutputValue]] : [],
    ),
  );
}

/** The endpoints and Cognito identifiers of the deployed users and orders stacks. */
export async function resolveAwsTarget(
  cloudFormation: CloudFormationClient,
  stackNames: { users: string; orders: string },
): Promise<AwsTarget> {
  const [users, orders] = await Promise.all([
    readStackOutputs(cloudFormation, stackNames.users),
    readStackOutputs(cloudFormation, stackNames.orders),
  ]);
  const required = (outputs: Record<string, string>, stackName: string, key: string): string => {
    const value = outputs[key];
    if (!value) throw new Error(`Stack ${stackName} has no output ${key}`);
    return value;
  };
  return {
    usersApiUrl: required(users, stackNames.users, 'APIEndpoint').replace(/\/$/, ''),
    ordersApiUrl: required(orders, stackNames.orders, 'OrdersServiceEndpoint').replace(/\/$/, ''),
    userPoolId: required(users, stackNames.users, 'UserPool'),
    userPoolClientId: required(users, stackNames.users, 'UserPoolClient'),
    adminGroupName: required(users, stackNames.users, 'UserPoolAdminGroupName'),
  };
}
