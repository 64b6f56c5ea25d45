/** A CloudFormation template, as much of it as the artifact test reads. */
export interface CfnTemplate {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/** What a `Ref` or `Fn::GetAtt` of a resource stands for locally (a table name, a pool id…). */
export type LocalValueOf = (
  stackName: string,
  logicalId: string,
  resource: CfnTemplate['Resources'][string],
  attribute?: string,
) => string;

export interface ResolveContext {
  /** Every stack of the app, by name: `Fn::ImportValue` looks for the export among them. */
  templates: Record<string, CfnTemplate>;
  region: string;
  accountId: string;
  localValueOf: LocalValueOf;
  /** The value of a `{{resolve:secretsmanager:<id>:SecretString:::}}` reference, by secret id. */
  secretValue(secretId: string): string;
}

const PSEUDO_PARAMETERS = (context: ResolveContext, stackName: string): Record<string, string> => ({
  'AWS::Region': context.region,
  'AWS::AccountId': context.accountId,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': stackName,
});

const DYNAMIC_SECRET = /\{\{resolve:secretsmanager:(.+?):SecretString:::\}\}/g;

/**
 * Evaluates a template value as CloudFormation would at deploy time, with each resource
 * reference replaced by its local stand-in: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
 * `Fn::Select`, `Fn::ImportValue` (from another stack's `Outputs`) and Secrets Manager dynamic
 * references. Anything else throws, naming it, so a template change the test cannot follow
 * fails instead of running with a made-up value.
 */
export function resolveValue(value: unknown, stackName: string, context: ResolveContext): string {
  const resolved = evaluate(value, stackName, context);
  if (typeof resolved !== 'string') {
    throw new Error(`${stackName}: expected a string, got ${JSON.stringify(resolved)}`);
  }
  return resolved.replace(DYNAMIC_SECRET, (_, secretId: string) => context.secretValue(secretId));
}

function evaluate(value: unknown, stackName: string, context: ResolveContext): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map((item) => evaluate(item, stackName, context));
  if (value === null || typeof value !== 'object') throw new Error(`${stackName}: cannot evaluate ${value}`);
  const entries = Object.entries(value);
  const [name, argument] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined) {
    throw new Error(`${stackName}: not an intrinsic function: ${JSON.stringify(value)}`);
  }
  const template = context.templates[stackName]!;
  const text = (item: unknown) => resolveValue(item, stackName, context);
  switch (name) {
    case 'Ref':
      return reference(String(argument), stackName, context);
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = (
        typeof argument === 'string' ? argument.split('.') : (argument as string[])
      ) as [string, string];
      const resource = template.Resources[logicalId];
      if (!resource) throw new Error(`${stackName}: Fn::GetAtt of an unknown resource ${logicalId}`);
      return context.localValueOf(stackName, logicalId, resource, attribute);
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown[]];
      return (evaluate(parts, stackName, context) as unknown[]).map(text).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = argument as [unknown, unknown];
      return (evaluate(list, stackName, context) as unknown[])[Number(text(index))];
    }
    case 'Fn::Sub': {
      const [pattern, variables = {}] = (typeof argument === 'string' ? [argument] : argument) as [
        string,
        Record<string, unknown>?,
      ];
      return pattern.replace(/\$\{([^}!]+)\}/g, (_, variable: string) =>
        variable in variables
          ? text(variables[variable])
          : variable.includes('.')
            ? text({ 'Fn::GetAtt': variable.split('.') })
            : reference(variable, stackName, context),
      );
    }
    case 'Fn::ImportValue':
      return importValue(text(argument), context);
    default:
      throw new Error(`${stackName}: the artifact test does not evaluate ${name}`);
  }
}

function reference(name: string, stackName: string, context: ResolveContext): string {
  const pseudo = PSEUDO_PARAMETERS(context, stackName)[name];
  if (pseudo !== undefined) return pseudo;
  const template = context.templates[stackName]!;
  const parameter = template.Parameters?.[name];
  if (parameter !== undefined) {
    if (parameter.Default === undefined) throw new Error(`${stackName}: parameter ${name} has no default`);
    return String(parameter.Default);
  }
  const resource = template.Resources[name];
  if (!resource) throw new Error(`${stackName}: Ref of an unknown name ${name}`);
  return context.localValueOf(stackName, name, resource);
}

function importValue(exportName: string, context: ResolveContext): string {
  for (const [stackName, template] of Object.entries(context.templates)) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export && resolveValue(output.Export.Name, stackName, context) === exportName) {
        return resolveValue(output.Value, stackName, context);
      }
    }
  }
  throw new Error(`no stack exports ${exportName}`);
}
