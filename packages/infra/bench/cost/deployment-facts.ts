import type { CfnTemplate } from '../../test/support/template-values.js';
import type { DeploymentFacts } from './cost-model.js';

type Resource = CfnTemplate['Resources'][string];

/** Powertools Logger's level when neither POWERTOOLS_LOG_LEVEL nor AWS_LAMBDA_LOG_LEVEL is set. */
const POWERTOOLS_DEFAULT_LOG_LEVEL = 'INFO';

/**
 * The facts a cost depends on, read from the synthesized templates (what CloudFormation
 * deploys), never from a copy: each must be one value across both stacks, or this throws.
 */
export function deploymentFacts(templates: Record<string, CfnTemplate>): DeploymentFacts {
  const resources = Object.values(templates).flatMap((template) => Object.values(template.Resources));
  const ofType = (type: string) => resources.filter((resource) => resource.Type === type);
  const props = (resource: Resource) => (resource.Properties ?? {}) as Record<string, unknown>;
  const functions = ofType('AWS::Lambda::Function').map(props);
  const stages = ofType('AWS::ApiGateway::Stage').map(props);
  const methodSettings = stages.flatMap(
    (stage) => (stage.MethodSettings ?? []) as Array<Record<string, unknown>>,
  );
  const tokenAuthorizers = ofType('AWS::ApiGateway::Authorizer')
    .map(props)
    .filter((authorizer) => authorizer.Type === 'TOKEN');
  const env = (fn: Record<string, unknown>) =>
    ((fn.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<
      string,
      unknown
    >;
  return {
    memoryMb: single(
      'MemorySize',
      functions.map((fn) => fn.MemorySize as number),
    ),
    architecture: single(
      'Architectures',
      functions.map((fn) => ((fn.Architectures as string[] | undefined) ?? ['x86_64']).join(',')),
    ),
    authorizerCacheTtlSeconds: single(
      'AuthorizerResultTtlInSeconds',
      tokenAuthorizers.map((authorizer) => Number(authorizer.AuthorizerResultTtlInSeconds ?? 300)),
    ),
    tracing:
      single(
        'TracingConfig',
        functions.map((fn) => (fn.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active'),
      ) &&
      single(
        'TracingEnabled',
        stages.map((stage) => stage.TracingEnabled === true),
      ),
    stageRateLimit: single(
      'ThrottlingRateLimit',
      methodSettings.map((s) => s.ThrottlingRateLimit as number),
    ),
    stageBurstLimit: single(
      'ThrottlingBurstLimit',
      methodSettings.map((s) => s.ThrottlingBurstLimit as number),
    ),
    executionLogLevel: single(
      'LoggingLevel',
      methodSettings.map((s) => String(s.LoggingLevel ?? 'OFF')),
    ),
    billingMode: single(
      'BillingMode',
      ofType('AWS::DynamoDB::Table').map((table) => String(props(table).BillingMode ?? 'PROVISIONED')),
    ),
    functionLogLevel: single(
      'POWERTOOLS_LOG_LEVEL',
      functions.map((fn) => String(env(fn).POWERTOOLS_LOG_LEVEL ?? POWERTOOLS_DEFAULT_LOG_LEVEL)),
    ),
  };
}

function single<T>(what: string, values: readonly T[]): T {
  const distinct = [...new Set(values)];
  if (distinct.length !== 1)
    throw new Error(`the templates hold ${distinct.length} values of ${what}: ${JSON.stringify(distinct)}`);
  return distinct[0]!;
}
