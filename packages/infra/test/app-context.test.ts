import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_KEYS, ORDERS_STACK_NAME, USERS_STACK_NAME } from '../src/serverless-app.js';
import { type Synthesized, synthesize } from './support/synth.js';
import { resourcesOf } from './support/template-queries.js';

/*
 * The app's context settings, each synthesized both ways: the admin group name (one value for
 * both stacks, with no cross-stack export, so that renaming it deploys) and whether the users
 * stack sets the account's API Gateway CloudWatch role.
 */

type Json = Record<string, unknown>;

let original: Synthesized;
let renamed: Synthesized;
beforeAll(() => {
  original = synthesize({ [CONTEXT_KEYS.adminGroupName]: 'apiAdmins' });
  // As `cdk synth -c adminGroupName=admins -c apiGatewayCloudWatchRole=false` passes them.
  renamed = synthesize({
    [CONTEXT_KEYS.adminGroupName]: 'admins',
    [CONTEXT_KEYS.apiGatewayCloudWatchRole]: 'false',
  });
});
afterAll(() => {
  original?.cleanup();
  renamed?.cleanup();
});

const json = (synth: Synthesized, stackName: string) => synth.template(stackName).toJSON() as Json;
const adminGroupOf = (variables: unknown) => (variables as { Variables: Json }).Variables.ADMIN_GROUP_NAME;

describe('admin group name', () => {
  it.each(['apiAdmins', 'admins'])('reaches the group and every function as the literal %s', (name) => {
    const synth = name === 'admins' ? renamed : original;
    const users = synth.template(USERS_STACK_NAME);
    users.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: name });
    const functions = [USERS_STACK_NAME, ORDERS_STACK_NAME].flatMap((stackName) =>
      Object.entries(resourcesOf(synth.template(stackName), 'AWS::Lambda::Function')),
    );
    const withAdminGroup = functions.filter(
      ([, fn]) => adminGroupOf(fn.Properties.Environment) !== undefined,
    );
    // The authorizer and the five order functions read it.
    expect(withAdminGroup).toHaveLength(6);
    for (const [id, fn] of withAdminGroup) expect(adminGroupOf(fn.Properties.Environment), id).toBe(name);
    expect((users.toJSON() as Json & { Outputs: Json }).Outputs.UserPoolAdminGroupName).toMatchObject({
      Value: name,
    });
  });

  it('is neither exported nor imported, so a rename changes both stacks in place', () => {
    for (const synth of [original, renamed]) {
      const users = json(synth, USERS_STACK_NAME) as {
        Outputs: Record<string, { Value: unknown; Export?: unknown }>;
      };
      const exported = Object.values(users.Outputs).filter((output) => output.Export !== undefined);
      expect(JSON.stringify(exported)).not.toContain('AdminGroup');
      expect(JSON.stringify(exported)).not.toContain('apiAdmins');
      expect(JSON.stringify(exported)).not.toContain('"admins"');
      const imports =
        JSON.stringify(json(synth, ORDERS_STACK_NAME)).match(/"Fn::ImportValue":"[^"]+"/g) ?? [];
      // The one import left is the user pool's ARN (the Cognito authorizer's provider).
      expect(imports).toHaveLength(1);
      expect(imports[0]).toMatch(/UserPool/);
      expect(imports[0]).not.toMatch(/AdminGroup/);
    }
  });

  it("changes nothing else in the orders stack than the functions' ADMIN_GROUP_NAME", () => {
    const strip = (template: Json) =>
      JSON.stringify(template)
        .replaceAll('"ADMIN_GROUP_NAME":"apiAdmins"', '')
        .replaceAll('"ADMIN_GROUP_NAME":"admins"', '');

    expect(strip(json(renamed, ORDERS_STACK_NAME))).toBe(strip(json(original, ORDERS_STACK_NAME)));
  });
});

describe('API Gateway account CloudWatch role', () => {
  it('is set by the users stack by default, before its stage', () => {
    const users = original.template(USERS_STACK_NAME);
    const accounts = Object.keys(resourcesOf(users, 'AWS::ApiGateway::Account'));
    expect(accounts).toHaveLength(1);
    users.hasResource('AWS::ApiGateway::Stage', { DependsOn: Match.arrayWith([accounts[0]!]) });
    users.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'apigateway.amazonaws.com' } }] },
    });
  });

  it('is left alone with apiGatewayCloudWatchRole=false: no account setting, no role for it', () => {
    for (const stackName of [USERS_STACK_NAME, ORDERS_STACK_NAME]) {
      const template = renamed.template(stackName);
      expect(Object.keys(resourcesOf(template, 'AWS::ApiGateway::Account')), stackName).toEqual([]);
      expect(JSON.stringify(template.toJSON())).not.toContain('apigateway.amazonaws.com"}}]');
      expect(JSON.stringify(template.toJSON())).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
    }
    expect(renamed.error).toBeUndefined();
  });
});
