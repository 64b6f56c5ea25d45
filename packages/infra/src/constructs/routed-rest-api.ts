import {
  type ApiName,
  type CorsPolicy,
  DEFAULT_CORS_POLICY,
  type FunctionName,
  gatewayResponseDefinitions,
  preflightDefinition,
  type RouteDefinition,
  resourceMethods,
} from '@app/adapters-lambda';
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  type IAuthorizer,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  type Model,
  RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ACCESS_LOG_FORMAT } from './access-log-format.js';
import { LOG_RETENTION } from './api-function.js';
import { requestModelSchema } from './request-model-schema.js';

export const STAGE_NAME = 'Prod';
export const THROTTLING = { rateLimit: 100, burstLimit: 200 } as const;

export interface RoutedRestApiProps {
  api: ApiName;
  /** The API's name, which is also the `ApiName` dimension of its CloudWatch metrics. */
  restApiName: string;
  description: string;
  /** The route manifest; only the routes of `api` are deployed. */
  routes: readonly RouteDefinition[];
  /** The route functions; each gets `CORS_ALLOWED_ORIGINS` from `cors`. */
  functions: Partial<Record<FunctionName, LambdaFunction>>;
  authorizers: Partial<Record<RouteDefinition['authorizer'], IAuthorizer>>;
  /** Which origins' pages may call the API (api.md "Browsers (CORS)"); default any origin. */
  cors?: CorsPolicy;
}

/** The `CORS_ALLOWED_ORIGINS` value of a policy, as the functions read it. */
export const corsEnvironmentValue = (policy: CorsPolicy): string => policy.allowedOrigins.join(',');

/**
 * A REST API built from the route manifest: stage `Prod` with X-Ray, JSON access logs and
 * execution logs (no request bodies) kept 30 days, default throttling, request validation with
 * models generated from the routes' zod schemas, and the route's authorizer on every method.
 * CORS from the one definition in `@app/adapters-lambda`: a preflight `OPTIONS` on every
 * resource answered by API Gateway itself (MOCK integration, no authorizer), API Gateway's own
 * responses with the CORS headers, and the functions told the allowed origins.
 * The account-level CloudWatch role is not created here (see `ApiGatewayCloudWatchRole`).
 */
export class RoutedRestApi extends Construct {
  readonly api: RestApi;
  readonly accessLogGroup: LogGroup;
  /** `https://{id}.execute-api.{region}.amazonaws.com/Prod`, without a trailing slash. */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: RoutedRestApiProps) {
    super(scope, id);
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: props.restApiName,
      description: props.description,
      cloudWatchRole: false,
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: ACCESS_LOG_FORMAT,
        loggingLevel: MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: THROTTLING.rateLimit,
        throttlingBurstLimit: THROTTLING.burstLimit,
      },
    });

    // API Gateway creates the execution log group on first use and keeps it forever; creating it
    // first, before the stage, gives it the same 30-day retention.
    const executionLogGroup = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: Fn.join('', ['API-Gateway-Execution-Logs_', this.api.restApiId, `/${STAGE_NAME}`]),
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(executionLogGroup);

    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: this.api,
      requestValidatorName: `${props.restApiName}-validator`,
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const cors = props.cors ?? DEFAULT_CORS_POLICY;
    for (const response of Object.values(gatewayResponseDefinitions(cors))) {
      // BAD_REQUEST_BODY keeps the id it was first deployed with: a gateway response replaced by
      // one of the same type is reset to API Gateway's default when the old one is deleted.
      this.api.addGatewayResponse(response.type === 'BAD_REQUEST_BODY' ? 'InvalidBody' : response.type, {
        type: ResponseType.of(response.type),
        ...(response.statusCode === undefined ? {} : { statusCode: String(response.statusCode) }),
        responseHeaders: { ...response.headers },
        templates: { 'application/json': response.template },
      });
    }

    const integrations = new Map<FunctionName, LambdaIntegration>();
    for (const route of props.routes.filter((candidate) => candidate.api === props.api)) {
      const handler = props.functions[route.function];
      const authorizer = props.authorizers[route.authorizer];
      if (!handler) throw new Error(`No function ${route.function} for ${route.method} ${route.path}`);
      if (!authorizer) throw new Error(`No ${route.authorizer} authorizer for ${route.method} ${route.path}`);
      let integration = integrations.get(route.function);
      if (!integration) {
        integration = new LambdaIntegration(handler, { allowTestInvoke: false });
        integrations.set(route.function, integration);
        handler.addEnvironment('CORS_ALLOWED_ORIGINS', corsEnvironmentValue(cors));
      }
      this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        operationName: route.operationId,
        authorizer,
        requestValidator: validator,
        requestModels: route.requestSchema
          ? { 'application/json': this.model(route.operationId, route.requestSchema) }
          : undefined,
      });
    }

    for (const [path, methods] of resourceMethods(props.routes, props.api)) {
      const preflight = preflightDefinition(cors, methods);
      // cdk-nag's APIG4/COG4 exempt OPTIONS methods: a preflight carries no credentials.
      this.api.root.resourceForPath(path).addCorsPreflight({
        statusCode: preflight.statusCode,
        allowOrigins: [...preflight.allowOrigins],
        allowMethods: [...preflight.allowMethods],
        allowHeaders: [...preflight.allowHeaders],
        maxAge: Duration.seconds(preflight.maxAgeSeconds),
      });
    }

    this.endpoint = Fn.join('', [
      'https://',
      this.api.restApiId,
      '.execute-api.',
      Stack.of(this).region,
      '.',
      Stack.of(this).urlSuffix,
      `/${STAGE_NAME}`,
    ]);

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'No AWS WAF web ACL: every method requires a verified Cognito ID token, and stage throttling caps abuse; add a web ACL when the API becomes public-facing beyond the workshop.',
    });
  }

  private model(operationId: string, schema: NonNullable<RouteDefinition['requestSchema']>): Model {
    return this.api.addModel(`${operationId}Model`, {
      modelName: `${operationId}Request`,
      contentType: 'application/json',
      schema: requestModelSchema(schema),
    });
  }
}
