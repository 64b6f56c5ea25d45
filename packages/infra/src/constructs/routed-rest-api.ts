import type { ApiName, FunctionName, RouteDefinition } from '@app/adapters-lambda';
import { Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
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
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
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
  functions: Partial<Record<FunctionName, IFunction>>;
  authorizers: Partial<Record<RouteDefinition['authorizer'], IAuthorizer>>;
}

/**
 * A REST API built from the route manifest: stage `Prod` with X-Ray, JSON access logs and
 * execution logs (no request bodies) kept 30 days, default throttling, request validation with
 * models generated from the routes' zod schemas, and the route's authorizer on every method.
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

    this.api.addGatewayResponse('InvalidBody', {
      type: ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      responseHeaders: { 'Content-Type': "'application/problem+json'", 'Cache-Control': "'no-store'" },
      templates: {
        'application/json': JSON.stringify({
          type: 'about:blank',
          title: 'Bad Request',
          status: 400,
          detail: 'The request body does not match the schema of this operation.',
          code: 'VALIDATION_FAILED',
          requestId: '$context.requestId',
        }),
      },
    });

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
