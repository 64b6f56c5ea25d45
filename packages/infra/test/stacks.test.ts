import { TABLE_DEFINITIONS } from '@app/adapters-dynamodb';
import {
  FUNCTION_TABLE_ACCESS,
  FUNCTIONS,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  ROUTES,
  SERVICE_NAMES,
  STACK_OUTPUT_KEYS,
  USER_POOL_PASSWORD_POLICY,
} from '@app/adapters-lambda';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestModelSchema } from '../src/constructs/request-model-schema.js';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../src/serverless-app.js';
import { type Synthesized, synthesize } from './support/synth.js';
import {
  actionsOf,
  dashboardBody,
  functionLogicalId,
  onlyResource,
  referencedIds,
  resourcesOf,
  statementsOfFunction,
} from './support/template-queries.js';

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Function construct ids per stack, named after the manifest's functions. */
const USERS_FUNCTIONS = { users: 'UsersFunction', authorizer: 'AuthorizerFunction' } as const;
const ORDERS_FUNCTIONS = {
  addOrder: 'AddOrderFunction',
  getOrder: 'GetOrderFunction',
  listOrders: 'ListOrdersFunction',
  editOrder: 'EditOrderFunction',
  cancelOrder: 'CancelOrderFunction',
} as const;

/**
 * One access-log line as API Gateway writes it from `format`: `$context.error.message` as is
 * (API Gateway does not escape it), `$context.error.messageString` as a JSON string (its quoted
 * form), every other variable `-`. Throws when the line is not JSON.
 */
function accessLogLine(format: string, errorMessage: string): Record<string, unknown> {
  const text = format.replace(/\$context\.[A-Za-z.]+/g, (variable) => {
    if (variable === '$context.error.message') return errorMessage;
    if (variable === '$context.error.messageString') return JSON.stringify(errorMessage);
    return '-';
  });
  return JSON.parse(text) as Record<string, unknown>;
}

/** The methods of the routes (the CORS preflights are checked in cors.test.ts). */
const routeMethods = (template: Template) =>
  Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')).filter(
    (method) => method.Properties.HttpMethod !== 'OPTIONS',
  );

let synth: Synthesized;
let users: Template;
let orders: Template;

beforeAll(() => {
  synth = synthesize();
  users = synth.template(USERS_STACK_NAME);
  orders = synth.template(ORDERS_STACK_NAME);
});
afterAll(() => synth?.cleanup());

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes both stacks with no unacknowledged finding', () => {
    expect(synth.error).toBeUndefined();
  });

  it('gives every acknowledgement a specific reason', () => {
    const acknowledgements = synth.acknowledgements();
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledgements) {
      expect(id).toMatch(/^Annotation::AwsSolutions-[A-Z]+\d+/);
      expect(reason.length, id).toBeGreaterThanOrEqual(60);
    }
  });
});

describe.each([
  { stackName: USERS_STACK_NAME, api: 'users' as const, functions: USERS_FUNCTIONS },
  { stackName: ORDERS_STACK_NAME, api: 'orders' as const, functions: ORDERS_FUNCTIONS },
])('$stackName', ({ stackName, api, functions }) => {
  const template = () => synth.template(stackName);

  it('deploys exactly the routes of the manifest', () => {
    const resources = resourcesOf(template(), 'AWS::ApiGateway::Resource');
    const pathOf = (id: string | undefined): string => {
      if (!id) return '';
      const resource = resources[id];
      if (!resource) return '';
      const parent = referencedIds(resource.Properties.ParentId).find((ref) => ref in resources);
      return `${pathOf(parent)}/${resource.Properties.PathPart as string}`;
    };
    const methods = routeMethods(template()).map(
      (method) =>
        `${method.Properties.HttpMethod as string} ${pathOf(referencedIds(method.Properties.ResourceId).find((ref) => ref in resources))}`,
    );
    const expected = ROUTES.filter((route) => route.api === api).map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(methods.sort()).toEqual(expected.sort());
  });

  it('puts the authorizer of its kind on every method, with a request validator', () => {
    const [authorizerId, authorizer] = onlyResource(template(), 'AWS::ApiGateway::Authorizer');
    expect(authorizer.Properties.IdentitySource).toBe('method.request.header.Authorization');
    expect(authorizer.Properties.AuthorizerResultTtlInSeconds ?? 300).toBe(300);
    expect(authorizer.Properties.Type).toBe(api === 'users' ? 'TOKEN' : 'COGNITO_USER_POOLS');
    const [validatorId, validator] = onlyResource(template(), 'AWS::ApiGateway::RequestValidator');
    expect(validator.Properties).toMatchObject({
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const methods = routeMethods(template());
    expect(methods.length).toBe(5);
    for (const method of methods) {
      expect(method.Properties.AuthorizationType).toBe(api === 'users' ? 'CUSTOM' : 'COGNITO_USER_POOLS');
      expect(method.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      expect(method.Properties.RequestValidatorId).toEqual({ Ref: validatorId });
    }
  });

  it('validates request bodies with models generated from the zod schemas (draft 4, input side)', () => {
    const models = resourcesOf(template(), 'AWS::ApiGateway::Model');
    const methods = Object.values(resourcesOf(template(), 'AWS::ApiGateway::Method'));
    const withSchema = ROUTES.filter((route) => route.api === api && route.requestSchema);
    expect(Object.keys(models)).toHaveLength(withSchema.length);
    for (const route of withSchema) {
      const method = methods.find((candidate) => candidate.Properties.OperationName === route.operationId);
      const modelId = referencedIds(method?.Properties.RequestModels)[0]!;
      const schema = models[modelId]?.Properties.Schema as Record<string, unknown>;
      expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
      const expected = JSON.parse(
        JSON.stringify(requestModelSchema(route.requestSchema!)).replace('"schema":', '"$schema":'),
      );
      expect(schema).toEqual(expected);
    }
  });

  it('runs stage Prod with X-Ray, JSON access logs, execution logs without bodies, and throttling', () => {
    const [, stage] = onlyResource(template(), 'AWS::ApiGateway::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: 'Prod',
      TracingEnabled: true,
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'INFO',
          DataTraceEnabled: false,
          ThrottlingRateLimit: expect.any(Number),
          ThrottlingBurstLimit: expect.any(Number),
        },
      ],
    });
    const accessLog = stage.Properties.AccessLogSetting as { Format: string; DestinationArn: unknown };
    const line = accessLogLine(accessLog.Format, 'Invalid request body: "name" is required');
    expect(Object.keys(line).length).toBeGreaterThan(15);
    expect(line.errorMessage).toBe('Invalid request body: "name" is required');
    // API Gateway writes `-` for a missing value: with every value quoted, a line still parses.
    expect(Object.values(accessLogLine(accessLog.Format, '-'))).toEqual(Object.keys(line).map(() => '-'));
    const logGroups = resourcesOf(template(), 'AWS::Logs::LogGroup');
    const accessLogGroup = logGroups[referencedIds(accessLog.DestinationArn)[0]!];
    expect(accessLogGroup?.Properties.RetentionInDays).toBe(30);
    const executionLogs = Object.values(logGroups).find((group) =>
      JSON.stringify(group.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'),
    );
    expect(executionLogs?.Properties.RetentionInDays).toBe(30);
  });

  it('leaves the account-level CloudWatch role to one place, set before the first stage', () => {
    const accounts = Object.keys(resourcesOf(template(), 'AWS::ApiGateway::Account'));
    expect(accounts).toHaveLength(stackName === USERS_STACK_NAME ? 1 : 0);
    if (stackName === USERS_STACK_NAME) {
      const [, stage] = onlyResource(template(), 'AWS::ApiGateway::Stage');
      expect(stage.DependsOn).toEqual(expect.arrayContaining([accounts[0]]));
    } else {
      expect(synth.stacks.orders.dependencies).toContain(synth.stacks.users);
    }
  });

  it('runs every function on nodejs22.x arm64 with X-Ray, a timeout below 29 s and a 30-day log group', () => {
    const logGroups = resourcesOf(template(), 'AWS::Logs::LogGroup');
    for (const constructId of Object.values(functions)) {
      const fn = resourcesOf(template(), 'AWS::Lambda::Function')[
        functionLogicalId(template(), constructId)
      ]!;
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.Timeout).toBeLessThan(29);
      const logGroupId = referencedIds(fn.Properties.LoggingConfig)[0]!;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(30);
    }
  });

  it('alarms on API 5XX with the real ApiName, on Errors (not the authorizer: its 401s count as errors) and Throttles of every function, all to the TLS-only topic', () => {
    const [topicId] = onlyResource(template(), 'AWS::SNS::Topic');
    const alarms = Object.values(resourcesOf(template(), 'AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
    const [, restApi] = onlyResource(template(), 'AWS::ApiGateway::RestApi');
    const apiAlarms = alarms.filter((alarm) => alarm.Properties.Namespace === 'AWS/ApiGateway');
    expect(apiAlarms).toHaveLength(1);
    expect(apiAlarms[0]?.Properties).toMatchObject({
      MetricName: '5XXError',
      Dimensions: [{ Name: 'ApiName', Value: restApi.Properties.Name }],
    });
    for (const [name, constructId] of Object.entries(functions)) {
      const functionId = functionLogicalId(template(), constructId);
      const ofFunction = alarms.filter((alarm) =>
        referencedIds(alarm.Properties.Dimensions).includes(functionId),
      );
      expect(ofFunction.map((alarm) => alarm.Properties.MetricName).sort(), name).toEqual(
        name === 'authorizer' ? ['Throttles'] : ['Errors', 'Throttles'],
      );
    }
    // API 5XX, Errors (but the authorizer's) and Throttles of every function, UnreadableItem, and the
    // stack's own: AuthorizerFailure (users); the successful-orders drop and the rejected-orders rate (orders).
    const errorsAlarms = Object.keys(functions).filter((name) => name !== 'authorizer').length;
    const own = api === 'users' ? 1 : 2;
    expect(alarms).toHaveLength(1 + errorsAlarms + Object.keys(functions).length + 1 + own);
    template().hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
  });

  it('alarms on any UnreadableItem the API’s functions count, with the metric name of the Lambda package', () => {
    const unreadable = Object.values(resourcesOf(template(), 'AWS::CloudWatch::Alarm')).filter(
      (alarm) => alarm.Properties.MetricName === METRIC_NAMES.UnreadableItem,
    );
    expect(unreadable.map((alarm) => alarm.Properties)).toEqual([
      expect.objectContaining({
        Namespace: METRICS_NAMESPACE,
        Dimensions: [{ Name: 'service', Value: SERVICE_NAMES[api] }],
        Statistic: 'Sum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      }),
    ]);
  });

  it('graphs the API and every function on its dashboard', () => {
    const [, dashboard] = onlyResource(template(), 'AWS::CloudWatch::Dashboard');
    const metrics = dashboardBody(dashboard.Properties.DashboardBody).widgets.flatMap(
      (widget) => widget.properties.metrics ?? [],
    );
    const names = (namespace: string) =>
      new Set(metrics.filter((metric) => metric[0] === namespace).map((metric) => metric[1]));
    expect(names('AWS/ApiGateway')).toEqual(
      new Set(['Count', 'Latency', 'IntegrationLatency', '4XXError', '5XXError']),
    );
    expect(names('AWS/Lambda')).toEqual(
      new Set(['Invocations', 'Duration', 'Errors', 'Throttles', 'ConcurrentExecutions']),
    );
    const concurrency = metrics.filter((metric) => metric[1] === 'ConcurrentExecutions');
    expect(concurrency).toHaveLength(Object.keys(functions).length);
  });
});

describe('users stack', () => {
  it('creates the pool with email usernames, required name and email, auto-verified email', () => {
    users.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'name', Required: true }),
        Match.objectLike({ Name: 'email', Required: true }),
      ]),
    });
  });

  it('deploys the password policy the local Cognito stand-in enforces (one definition)', () => {
    users.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: USER_POOL_PASSWORD_POLICY.minLength,
          RequireLowercase: USER_POOL_PASSWORD_POLICY.requireLowercase,
          RequireUppercase: USER_POOL_PASSWORD_POLICY.requireUppercase,
          RequireNumbers: USER_POOL_PASSWORD_POLICY.requireDigits,
          RequireSymbols: USER_POOL_PASSWORD_POLICY.requireSymbols,
          TemporaryPasswordValidityDays: USER_POOL_PASSWORD_POLICY.temporaryPasswordValidityDays,
        },
      },
    });
  });

  it('lets anyone sign up, verifying the email address by code; only the admin API puts a user in a group', () => {
    const [, pool] = onlyResource(users, 'AWS::Cognito::UserPool');
    expect(pool.Properties.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: false });
    expect(pool.Properties.AutoVerifiedAttributes).toEqual(['email']);
    expect(pool.Properties.VerificationMessageTemplate).toMatchObject({
      DefaultEmailOption: 'CONFIRM_WITH_CODE',
      EmailMessage: expect.stringContaining('{####}'),
    });
    // No trigger could add a signed-up user to a group, and no function may.
    expect(pool.Properties.LambdaConfig).toBeUndefined();
    const [, group] = onlyResource(users, 'AWS::Cognito::UserPoolGroup');
    expect(group.Properties.RoleArn).toBeUndefined();
    const policies = Object.values(resourcesOf(users, 'AWS::IAM::Policy'));
    const actions = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
        actionsOf,
      ),
    );
    expect(actions.filter((action) => action.startsWith('cognito-idp:'))).toEqual([]);
  });

  it('creates the admin group from the adminGroupName context (default apiAdmins), with no parameter', () => {
    expect(users.toJSON().Parameters?.UserPoolAdminGroupName).toBeUndefined();
    users.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'apiAdmins' });
  });

  it('creates the app client: password, SRP and refresh flows, no secret, code flow to http://localhost', () => {
    users.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayWith([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayEquals(['email', 'openid']),
      CallbackURLs: ['http://localhost'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    users.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('creates the users table from the shared key definition: on demand, point-in-time recovery', () => {
    users.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: TABLE_DEFINITIONS.users.partitionKey.name, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: TABLE_DEFINITIONS.users.partitionKey.name, AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('lets the users function use the users table only, exactly its actions (no UpdateItem), and the authorizer no table', () => {
    const [tableId] = onlyResource(users, 'AWS::DynamoDB::Table');
    const dynamo = (id: string) =>
      statementsOfFunction(users, functionLogicalId(users, id)).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
      );
    const usersStatements = dynamo('UsersFunction');
    expect(usersStatements.length).toBeGreaterThan(0);
    for (const statement of usersStatements) expect(referencedIds(statement.Resource)).toEqual([tableId]);
    expect(usersStatements.flatMap(actionsOf).sort()).toEqual([...FUNCTION_TABLE_ACCESS.users.users!].sort());
    expect(usersStatements.flatMap(actionsOf)).not.toContain('dynamodb:UpdateItem');
    expect(dynamo('AuthorizerFunction')).toEqual([]);
  });

  it('gives the authorizer the pool and the users function its table and cursor key, both Powertools', () => {
    const variables = (id: string) =>
      (
        resourcesOf(users, 'AWS::Lambda::Function')[functionLogicalId(users, id)]!.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
    const powertools = {
      POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.users,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
    expect(variables('AuthorizerFunction')).toEqual({
      ...powertools,
      NODE_OPTIONS: '--enable-source-maps',
      USER_POOL_ID: { Ref: expect.stringMatching(/^UserPool/) },
      USER_POOL_CLIENT_ID: { Ref: expect.stringMatching(/^UserPool/) },
      ADMIN_GROUP_NAME: 'apiAdmins',
    });
    const usersVariables = variables('UsersFunction');
    expect(Object.keys(usersVariables).sort()).toEqual(
      [
        'CORS_ALLOWED_ORIGINS',
        'CURSOR_SIGNING_KEY',
        'NODE_OPTIONS',
        'POWERTOOLS_METRICS_NAMESPACE',
        'POWERTOOLS_SERVICE_NAME',
        'USERS_TABLE',
      ].sort(),
    );
    expect(usersVariables).toMatchObject(powertools);
    expect(JSON.stringify(usersVariables.CURSOR_SIGNING_KEY)).toContain('{{resolve:secretsmanager:');
    expect(referencedIds(usersVariables.USERS_TABLE)).toEqual([
      onlyResource(users, 'AWS::DynamoDB::Table')[0],
    ]);
  });

  it('answers a body that fails the model with problem+json', () => {
    users.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'BAD_REQUEST_BODY',
      StatusCode: '400',
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
    });
  });

  it('caches the TOKEN authorizer for 300 s', () => {
    users.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it('has the original outputs', () => {
    const outputs = Object.keys(users.toJSON().Outputs);
    // The keys the local server's DescribeStacks answers too.
    expect(outputs).toEqual(expect.arrayContaining([...STACK_OUTPUT_KEYS.users]));
  });

  it('outputs the users function’s ARN as UsersFunction, as the workshop does', () => {
    expect(users.toJSON().Outputs.UsersFunction.Value).toEqual({
      'Fn::GetAtt': [functionLogicalId(users, 'UsersFunction'), 'Arn'],
    });
  });
});

describe('orders stack', () => {
  const tableId = (partitionKey: string) =>
    Object.entries(resourcesOf(orders, 'AWS::DynamoDB::Table')).find(
      ([, table]) =>
        (table.Properties.KeySchema as { AttributeName: string }[])[0]?.AttributeName === partitionKey,
    )?.[0] as string;

  it('creates the orders and idempotency tables from the shared definitions; TTL on expiration', () => {
    orders.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DEFINITIONS.orders.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITIONS.orders.sortKey.name, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    orders.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: TABLE_DEFINITIONS.idempotency.partitionKey.name, KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('gives each order function exactly its table actions: get and list only read', () => {
    const ordersTable = tableId(TABLE_DEFINITIONS.orders.partitionKey.name);
    const idempotencyTable = tableId(TABLE_DEFINITIONS.idempotency.partitionKey.name);
    for (const [name, constructId] of Object.entries(ORDERS_FUNCTIONS)) {
      const statements = statementsOfFunction(orders, functionLogicalId(orders, constructId)).filter(
        (statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
      );
      const granted = (table: string) =>
        statements
          .filter((statement) => referencedIds(statement.Resource).includes(table))
          .flatMap(actionsOf)
          .sort();
      const access = FUNCTION_TABLE_ACCESS[name as keyof typeof FUNCTION_TABLE_ACCESS];
      expect(granted(ordersTable), name).toEqual([...(access.orders ?? [])].sort());
      expect(granted(idempotencyTable), name).toEqual([...(access.idempotency ?? [])].sort());
    }
    for (const name of ['getOrder', 'listOrders'] as const) {
      const actions = statementsOfFunction(orders, functionLogicalId(orders, ORDERS_FUNCTIONS[name])).flatMap(
        actionsOf,
      );
      expect(
        actions.filter((action) => WRITE_ACTIONS.includes(action)),
        name,
      ).toEqual([]);
    }
    expect(FUNCTION_TABLE_ACCESS.addOrder.orders).toContain('dynamodb:PutItem');
    expect(FUNCTION_TABLE_ACCESS.editOrder.orders).toContain('dynamodb:UpdateItem');
    expect(FUNCTION_TABLE_ACCESS.cancelOrder.orders).toContain('dynamodb:UpdateItem');
  });

  it('shares one layer between the five order functions, with the Powertools environment', () => {
    const [layerId] = onlyResource(orders, 'AWS::Lambda::LayerVersion');
    for (const [name, constructId] of Object.entries(ORDERS_FUNCTIONS)) {
      const fn = resourcesOf(orders, 'AWS::Lambda::Function')[functionLogicalId(orders, constructId)]!;
      expect(fn.Properties.Layers).toEqual([{ Ref: layerId }]);
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables, name).toMatchObject({
        POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.orders,
        POWERTOOLS_METRICS_NAMESPACE: 'ServerlessWorkshop',
        ORDERS_TABLE: { Ref: tableId(TABLE_DEFINITIONS.orders.partitionKey.name) },
        ADMIN_GROUP_NAME: 'apiAdmins',
      });
      if (name === 'addOrder') {
        expect(variables).toMatchObject({
          IDEMPOTENCY_TABLE: { Ref: tableId(TABLE_DEFINITIONS.idempotency.partitionKey.name) },
          IDEMPOTENCY_WINDOW_SECONDS: '3600',
        });
      } else {
        expect(variables.IDEMPOTENCY_TABLE, name).toBeUndefined();
      }
      if (name === 'listOrders') {
        expect(JSON.stringify(variables.CURSOR_SIGNING_KEY)).toContain('{{resolve:secretsmanager:');
      } else {
        expect(variables.CURSOR_SIGNING_KEY, name).toBeUndefined();
      }
    }
    for (const fn of Object.values(resourcesOf(users, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.Layers).toBeUndefined();
    }
  });

  it("trusts the users stack's pool through the Cognito authorizer", () => {
    const [, authorizer] = onlyResource(orders, 'AWS::ApiGateway::Authorizer');
    expect(JSON.stringify(authorizer.Properties.ProviderARNs)).toContain(`${USERS_STACK_NAME}:ExportsOutput`);
    expect(JSON.stringify(authorizer.Properties.ProviderARNs)).toContain('UserPool');
  });

  it('alarms on the business: successful orders well below normal, and the rejected share of POST /orders', () => {
    const alarms = resourcesOf(orders, 'AWS::CloudWatch::Alarm');
    const byId = (prefix: string) => Object.entries(alarms).find(([id]) => id.startsWith(prefix))!;
    const [dropId, drop] = byId('SuccessfulOrdersDropAlarm');
    const dropMetrics = drop.Properties.Metrics as {
      Id: string;
      Expression?: string;
      MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions: unknown } };
    }[];
    expect(drop.Properties.ComparisonOperator).toBe('LessThanLowerThreshold');
    const band = dropMetrics.find((metric) => metric.Expression?.startsWith('ANOMALY_DETECTION_BAND'))!;
    expect(drop.Properties.ThresholdMetricId).toBe(band.Id);
    const filled = dropMetrics.find((metric) => metric.Expression?.startsWith('FILL('))!;
    expect(band.Expression).toContain(filled.Id);
    expect(dropMetrics.find((metric) => metric.MetricStat)?.MetricStat?.Metric).toEqual({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC_NAMES.SuccessfulOrder,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAMES.orders }],
    });

    const [rejectedId, rejected] = byId('RejectedOrdersRateAlarm');
    const [, restApi] = onlyResource(orders, 'AWS::ApiGateway::RestApi');
    const perMethod = (
      rejected.Properties.Metrics as { MetricStat?: { Metric: Record<string, unknown> } }[]
    ).flatMap((metric) => (metric.MetricStat ? [metric.MetricStat.Metric] : []));
    expect(perMethod.map((metric) => metric.MetricName).sort()).toEqual(['4XXError', 'Count']);
    for (const metric of perMethod) {
      expect(metric.Namespace).toBe('AWS/ApiGateway');
      expect(metric.Dimensions).toEqual(
        expect.arrayContaining([
          { Name: 'ApiName', Value: restApi.Properties.Name },
          { Name: 'Method', Value: 'POST' },
          { Name: 'Resource', Value: '/orders' },
          { Name: 'Stage', Value: 'Prod' },
        ]),
      );
    }
    expect(rejected.Properties.ComparisonOperator).toBe('GreaterThanThreshold');

    const [, dashboard] = onlyResource(orders, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const id of [dropId, rejectedId]) expect(body).toContain(id);
  });

  it('alarms on the authorizer through AuthorizerFailure, which a refused token does not count', () => {
    users.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC_NAMES.AuthorizerFailure,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAMES.users }],
      Threshold: 1,
    });
  });

  it('graphs the business metrics with the names of the Lambda package', () => {
    const [, dashboard] = onlyResource(orders, 'AWS::CloudWatch::Dashboard');
    const business = dashboardBody(dashboard.Properties.DashboardBody)
      .widgets.flatMap((widget) => widget.properties.metrics ?? [])
      .filter((metric) => metric[0] === METRICS_NAMESPACE);
    const names = business.map((metric) => metric[1]);
    expect(names).toEqual(expect.arrayContaining([METRIC_NAMES.SuccessfulOrder, METRIC_NAMES.OrderTotal]));
    for (const metric of business) {
      expect(Object.values(METRIC_NAMES)).toContain(metric[1]);
      expect(metric.slice(2, 4)).toEqual(['service', SERVICE_NAMES.orders]);
    }
  });

  it('has the original outputs', () => {
    expect(Object.keys(orders.toJSON().Outputs)).toEqual(
      expect.arrayContaining([...STACK_OUTPUT_KEYS.orders]),
    );
  });
});

it('deploys a function for every function of the manifest', () => {
  expect(Object.keys({ ...USERS_FUNCTIONS, ...ORDERS_FUNCTIONS }).sort()).toEqual(
    Object.keys(FUNCTIONS).sort(),
  );
});
