import { FUNCTIONS, type FunctionName } from '@app/adapters-lambda';
import { type CfnResource, Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  type ILayerVersion,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_HANDLER, type BundleDirectory } from '../bundle-directory.js';

/** Kept below API Gateway's 29 s integration timeout, so the function, not the gateway, times out first. */
export const FUNCTION_TIMEOUT = Duration.seconds(10);
export const FUNCTION_MEMORY_MB = 512;
export const LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface ApiFunctionProps {
  name: FunctionName;
  bundles: BundleDirectory;
  environment: Record<string, string>;
  layers?: ILayerVersion[];
}

/**
 * One Lambda function from its prebuilt bundle: nodejs22.x on arm64, X-Ray active, its own log
 * group kept 30 days, and its own role that can write only to that log group. Table access is
 * granted per function by the stack, action by action.
 */
export class ApiFunction extends Construct {
  readonly name: FunctionName;
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.logGroup = new LogGroup(this, 'LogGroup', { retention: LOG_RETENTION });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${props.name} function`,
    });
    this.function = new LambdaFunction(this, 'Function', {
      description: FUNCTIONS[props.name].description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: BUNDLE_HANDLER,
      code: props.bundles.functionCode(props.name),
      layers: props.layers,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: FUNCTION_TIMEOUT,
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    });
    this.logGroup.grantWrite(this.role);
    // The function reaches its role through Fn::GetAtt already: a DependsOn on it too is
    // redundant (cfn-lint W3005). The one on the role's policy stays, so the grants precede it.
    const rolePolicy = this.role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource;
    (this.function.node.defaultChild as CfnResource).addOverride('DependsOn', [rolePolicy.logicalId]);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the bundles target (esbuild target node22) and the project tests on; move to nodejs24.x with the toolchain.',
    });
  }
}
