import { FUNCTION_TABLE_ACCESS, FUNCTIONS, type FunctionName, type TableAction } from '@app/adapters-lambda';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../../src/serverless-app.js';
import { ACCOUNT, arnOf, REGION, resolve } from '../support/resolve-intrinsics.js';
import { type Synthesized, synthesize } from '../support/synth.js';

/*
 * Every role and resource policy of both templates, evaluated by an IAM policy simulator
 * (npm @cloud-copilot/iam-simulate, offline) against the calls it must allow and a sample it must
 * deny: each function role's DynamoDB actions (all six, on every table of its stack), log and
 * X-Ray writes; each role's trust policy; each alarm topic's policy (CloudWatch of this account
 * may publish over TLS, nothing else); each Lambda permission (this API only). Also
 * `pnpm check:iam` at the root.
 */

type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}
interface Case {
  name: string;
  simulation: Simulation;
  expected: Decision;
}

const ALL_TABLE_ACTIONS: TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];
const TABLE_KIND_BY_KEY: Record<string, 'users' | 'orders' | 'idempotency'> = {
  userid: 'users',
  userId: 'orders',
  id: 'idempotency',
};

let synth: Synthesized;
const templates: Record<string, CfnTemplate> = {};
beforeAll(() => {
  synth = synthesize();
  for (const stackName of [USERS_STACK_NAME, ORDERS_STACK_NAME]) {
    templates[stackName] = synth.template(stackName).toJSON() as CfnTemplate;
  }
});
afterAll(() => synth?.cleanup());

const ofType = (template: CfnTemplate, type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

const simulation = (
  request: Simulation['request'],
  policies: { identity?: object[]; resource?: object } = {},
): Simulation => ({
  identityPolicies: (policies.identity ?? []).map((policy, index) => ({ name: `policy${index}`, policy })),
  serviceControlPolicies: [],
  resourceControlPolicies: [],
  ...(policies.resource === undefined ? {} : { resourcePolicy: policies.resource }),
  request,
});

function casesOf(stackName: string): Case[] {
  const template = templates[stackName]!;
  const cases: Case[] = [];
  const roleArn = (id: string) => arnOf(template, id);
  const identityPolicies = (roleId: string) =>
    ofType(template, 'AWS::IAM::Policy')
      .filter(([, policy]) =>
        (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
      )
      .map(([, policy]) => resolve(template, policy.Properties.PolicyDocument) as object);
  const tables = ofType(template, 'AWS::DynamoDB::Table').map(([id, table]) => ({
    id,
    kind: TABLE_KIND_BY_KEY[(table.Properties.KeySchema as { AttributeName: string }[])[0]!.AttributeName]!,
  }));
  const functions = ofType(template, 'AWS::Lambda::Function');
  const logGroups = ofType(template, 'AWS::Logs::LogGroup').map(([id]) => id);

  for (const [functionId, fn] of functions) {
    const name = (Object.keys(FUNCTIONS) as FunctionName[]).find(
      (candidate) => FUNCTIONS[candidate].description === fn.Properties.Description,
    );
    if (name === undefined) throw new Error(`no manifest function for ${functionId}`);
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const identity = identityPolicies(roleId);
    const asRole = (action: string, resource: string, expected: Decision, what: string) =>
      cases.push({
        name: `${name}: ${action} ${what}`,
        expected,
        simulation: simulation(
          {
            principal: roleArn(roleId),
            action,
            resource: { resource, accountId: ACCOUNT },
            contextVariables: {},
          },
          { identity },
        ),
      });
    for (const table of tables) {
      const granted: readonly string[] = FUNCTION_TABLE_ACCESS[name][table.kind] ?? [];
      for (const action of ALL_TABLE_ACTIONS) {
        asRole(
          action,
          arnOf(template, table.id),
          granted.includes(action) ? 'Allowed' : 'ImplicitlyDenied',
          `on the ${table.kind} table`,
        );
      }
    }
    const ownLogGroup = referencedLogGroup(fn.Properties.LoggingConfig);
    const streamOf = (groupId: string) =>
      arnOf(template, groupId).replace(/:\*$/, ':log-stream:2026/01/01/[$LATEST]abc');
    asRole('logs:PutLogEvents', streamOf(ownLogGroup), 'Allowed', 'to its own log group');
    asRole('logs:CreateLogStream', streamOf(ownLogGroup), 'Allowed', 'in its own log group');
    const otherGroup = logGroups.find((id) => id !== ownLogGroup)!;
    asRole('logs:PutLogEvents', streamOf(otherGroup), 'ImplicitlyDenied', 'to another log group');
    asRole('xray:PutTraceSegments', '*', 'Allowed', 'for tracing');
    for (const [secretId] of ofType(template, 'AWS::SecretsManager::Secret')) {
      asRole(
        'secretsmanager:GetSecretValue',
        arnOf(template, secretId),
        'ImplicitlyDenied',
        'of the cursor key',
      );
    }
  }

  for (const [roleId, role] of ofType(template, 'AWS::IAM::Role')) {
    const trust = resolve(template, role.Properties.AssumeRolePolicyDocument) as {
      Statement: { Principal: { Service: string } }[];
    };
    const service = trust.Statement[0]!.Principal.Service;
    for (const [principal, expected] of [
      [service, 'Allowed'],
      ['ec2.amazonaws.com', 'ImplicitlyDenied'],
    ] as const) {
      cases.push({
        name: `trust of ${roleId}: ${principal} assumes it`,
        expected,
        simulation: simulation(
          {
            principal,
            action: 'sts:AssumeRole',
            resource: { resource: roleArn(roleId), accountId: ACCOUNT },
            contextVariables: {},
          },
          { resource: trust },
        ),
      });
    }
  }

  for (const [, topicPolicy] of ofType(template, 'AWS::SNS::TopicPolicy')) {
    const policy = resolve(template, topicPolicy.Properties.PolicyDocument) as object;
    const topicArn = String(resolve(template, (topicPolicy.Properties.Topics as unknown[])[0]));
    const alarmArn = (account: string) => `arn:aws:cloudwatch:${REGION}:${account}:alarm:${stackName}-Alarm`;
    const publish = (name: string, principal: string, context: Record<string, string>, expected: Decision) =>
      cases.push({
        name: `alarm topic: ${name}`,
        expected,
        simulation: simulation(
          {
            principal,
            action: 'sns:Publish',
            resource: { resource: topicArn, accountId: ACCOUNT },
            contextVariables: context,
          },
          { resource: policy },
        ),
      });
    const fromAlarm = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': alarmArn(ACCOUNT) };
    publish(
      'CloudWatch publishes an alarm of this account over TLS',
      'cloudwatch.amazonaws.com',
      { ...fromAlarm, 'aws:SecureTransport': 'true' },
      'Allowed',
    );
    publish(
      'CloudWatch without TLS',
      'cloudwatch.amazonaws.com',
      { ...fromAlarm, 'aws:SecureTransport': 'false' },
      'ExplicitlyDenied',
    );
    publish(
      "CloudWatch for another account's alarm",
      'cloudwatch.amazonaws.com',
      {
        'aws:SourceAccount': '999999999999',
        'aws:SourceArn': alarmArn('999999999999'),
        'aws:SecureTransport': 'true',
      },
      'ImplicitlyDenied',
    );
    publish(
      'another service',
      'events.amazonaws.com',
      { ...fromAlarm, 'aws:SecureTransport': 'true' },
      'ImplicitlyDenied',
    );
  }

  for (const [permissionId, permission] of ofType(template, 'AWS::Lambda::Permission')) {
    const props = resolve(template, permission.Properties) as {
      Action: string;
      FunctionName: string;
      Principal: string;
      SourceArn: string;
    };
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: props.Principal },
          Action: props.Action,
          Resource: props.FunctionName,
          Condition: { ArnLike: { 'aws:SourceArn': props.SourceArn } },
        },
      ],
    };
    const invoke = (what: string, sourceArn: string, expected: Decision) =>
      cases.push({
        name: `${permissionId}: ${what}`,
        expected,
        simulation: simulation(
          {
            principal: props.Principal,
            action: 'lambda:InvokeFunction',
            resource: { resource: props.FunctionName, accountId: ACCOUNT },
            contextVariables: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': ACCOUNT },
          },
          { resource: policy },
        ),
      });
    const ownSource = props.SourceArn.replaceAll('*', 'Prod');
    invoke('its API invokes it', ownSource, 'Allowed');
    invoke('another API invokes it', ownSource.replace(/:[^:/]+\//, ':otherapi01/'), 'ImplicitlyDenied');
  }
  return cases;
}

function referencedLogGroup(loggingConfig: unknown): string {
  return (loggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
}

describe.each([USERS_STACK_NAME, ORDERS_STACK_NAME])('%s', (stackName) => {
  it('allows exactly what each role and resource policy must, and denies the sample', async () => {
    const cases = casesOf(stackName);

    const outcomes = await Promise.all(
      cases.map(async ({ name, simulation: input }) => {
        const response = await runSimulation(input, {});
        return `${name} → ${response.resultType === 'error' ? `error ${JSON.stringify(response.errors)}` : response.overallResult}`;
      }),
    );

    expect(outcomes).toEqual(cases.map(({ name, expected }) => `${name} → ${expected}`));
    expect(cases.length).toBeGreaterThan(40);
    console.info(`${stackName}: ${cases.length} IAM simulations`);
  });
});
