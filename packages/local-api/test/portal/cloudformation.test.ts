import { STACK_NAMES, STACK_OUTPUT_KEYS } from '@app/adapters-lambda';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Storage, startTarget, type Target } from '../helpers/target.js';

/** `DescribeStacks` through the real `@aws-sdk/client-cloudformation` client (query protocol, XML). */
describe.each<Storage>(['memory', 'dynamodb'])('CloudFormation’s DescribeStacks (%s storage)', (storage) => {
  let target: Target;
  let cloudFormation: CloudFormationClient;

  beforeAll(async () => {
    target = await startTarget(storage);
    cloudFormation = new CloudFormationClient({
      endpoint: target.server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    cloudFormation?.destroy();
    await target?.close();
  });

  const outputsOf = async (stackName: string) => {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    expect(Stacks).toHaveLength(1);
    expect(Stacks?.[0]).toMatchObject({ StackName: stackName, StackStatus: 'CREATE_COMPLETE' });
    return Object.fromEntries(
      (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
    );
  };

  it('answers the users stack with the deployed stack’s output keys, pointing at the local server', async () => {
    const outputs = await outputsOf(STACK_NAMES.users);
    expect(Object.keys(outputs).sort()).toEqual([...STACK_OUTPUT_KEYS.users].sort());
    expect(outputs).toMatchObject({
      APIEndpoint: target.server.url,
      UserPool: target.server.identity.userPoolId,
      UserPoolClient: target.server.identity.clientId,
      UserPoolAdminGroupName: 'apiAdmins',
      UsersTable: storage === 'memory' ? 'in-memory' : target.server.tables?.users,
    });
    expect(outputs.CognitoAuthCommand).toContain(`--endpoint-url ${target.server.url}`);
  });

  it('answers the orders stack with the deployed stack’s output keys', async () => {
    const outputs = await outputsOf(STACK_NAMES.orders);
    expect(Object.keys(outputs).sort()).toEqual([...STACK_OUTPUT_KEYS.orders].sort());
    expect(outputs.OrdersServiceEndpoint).toBe(target.server.url);
    expect(outputs.OrdersTable).toBe(storage === 'memory' ? 'in-memory' : target.server.tables?.orders);
  });

  it('lists both stacks without a name, and refuses an unknown one with ValidationError', async () => {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({}));
    expect(Stacks?.map((stack) => stack.StackName)).toEqual([STACK_NAMES.users, STACK_NAMES.orders]);
    const error = await cloudFormation.send(new DescribeStacksCommand({ StackName: 'Nope' })).catch((e) => e);
    expect(error).toMatchObject({ name: 'ValidationError', message: 'Stack with id Nope does not exist' });
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses other actions with InvalidAction, in CloudFormation’s XML', async () => {
    const response = await fetch(`${target.server.url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'Action=DeleteStack&Version=2010-05-15&StackName=UsersStack&x=<&>',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(await response.text()).toContain('<Code>InvalidAction</Code>');
  });
});
