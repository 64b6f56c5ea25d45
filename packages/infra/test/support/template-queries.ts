import type { Template } from 'aws-cdk-lib/assertions';

export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
}

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

export function onlyResource(template: Template, type: string): [string, CfnResource] {
  const entries = Object.entries(resourcesOf(template, type));
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}`);
  return entries[0]!;
}

/** The logical id of the Lambda function of an `ApiFunction` construct, e.g. `AddOrderFunction`. */
export function functionLogicalId(template: Template, constructId: string): string {
  const ids = Object.keys(resourcesOf(template, 'AWS::Lambda::Function')).filter((id) =>
    id.startsWith(constructId),
  );
  if (ids.length !== 1) throw new Error(`expected one function for ${constructId}, found ${ids.join(', ')}`);
  return ids[0]!;
}

/** Every `{ Action, Resource }` statement of the policies attached to a function's role. */
export function statementsOfFunction(
  template: Template,
  functionId: string,
): { Action: string | string[]; Resource: unknown; Effect: string }[] {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[functionId]!;
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap(
      (policy) =>
        (
          policy.Properties.PolicyDocument as {
            Statement: { Action: string | string[]; Resource: unknown; Effect: string }[];
          }
        ).Statement,
    );
}

export function actionsOf(statement: { Action: string | string[] }): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The logical ids a value refers to (`Ref`, `Fn::GetAtt`), searched recursively. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return [record.Ref];
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return [String(getAtt[0])];
  return Object.values(record).flatMap(referencedIds);
}

/**
 * A dashboard body (`Fn::Join` of strings and tokens) as JSON, each token replaced by a
 * placeholder string, so the widgets can be read.
 */
export function dashboardBody(body: unknown): { widgets: { properties: { metrics?: unknown[][] } }[] } {
  const parts = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text);
}
