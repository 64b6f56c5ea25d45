import { TABLE_DEFINITIONS } from '@app/adapters-dynamodb';
import {
  corsPolicy,
  METRICS_NAMESPACE,
  type RequiredUserAttribute,
  ROUTES,
  SERVICE_NAMES,
  USER_POOL_CLIENT_AUTH_FLOWS,
  USER_POOL_PASSWORD_POLICY,
  USER_POOL_REQUIRED_ATTRIBUTES,
} from '@app/adapters-lambda';
import { Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { TokenAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  type StandardAttributes,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolGroup,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { BundleDirectory } from '../bundle-directory.js';
import { ApiFunction } from '../constructs/api-function.js';
import { ApiGatewayCloudWatchRole } from '../constructs/api-gateway-cloudwatch-role.js';
import { CursorSigningKey } from '../constructs/cursor-signing-key.js';
import { authorizerFailureAlarm } from '../constructs/custom-metric-alarms.js';
import { grantTableAccess } from '../constructs/grant-table-access.js';
import { Monitoring, unreadableItemAlarm } from '../constructs/monitoring.js';
import { RoutedRestApi } from '../constructs/routed-rest-api.js';
import { stackOutput } from '../constructs/stack-output.js';
import { tableFrom } from '../constructs/tables.js';

export const CALLBACK_URL = 'http://localhost';
/** CDK's property for each of Cognito's standard attributes the pool requires. */
const STANDARD_ATTRIBUTE_PROPERTIES: Record<RequiredUserAttribute, keyof StandardAttributes> = {
  email: 'email',
  name: 'fullname',
};
/** API Gateway caches a TOKEN authorizer's policy per token for this long. */
export const AUTHORIZER_CACHE_TTL = Duration.seconds(300);

export interface UsersStackProps extends StackProps {
  bundles: BundleDirectory;
  /** The Cognito group of the API administrators (the app's `adminGroupName` context). */
  adminGroupName: string;
  /**
   * Whether this stack sets the account's (per region) API Gateway CloudWatch role (the app's
   * `apiGatewayCloudWatchRole` context; default on, for a fresh account).
   */
  apiGatewayCloudWatchRole: boolean;
  /** Origins whose pages may call the API (default any origin: `*`). */
  corsAllowedOrigins?: readonly string[];
}

/**
 * Cognito (pool, admin group, app client, hosted-UI domain), the users table, the users and
 * TOKEN authorizer functions, the users REST API, alarms and dashboard; and, unless turned off,
 * the account-level API Gateway logging role, created here once for both APIs.
 */
export class UsersStack extends Stack {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly usersTable: Table;
  readonly api: RoutedRestApi;
  readonly functions: { users: ApiFunction; authorizer: ApiFunction };
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: UsersStackProps) {
    super(scope, id, props);
    const { adminGroupName } = props;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${this.stackName}-users`,
      // As in the workshop: anyone may sign up (a regular user); the admin group stays admin-only.
      selfSignUpEnabled: true,
      userVerification: {
        emailStyle: VerificationEmailStyle.CODE,
        emailSubject: 'Your verification code',
        emailBody: 'Your verification code is {####}.',
      },
      signInAliases: { email: true },
      autoVerify: { email: true },
      // The rules the local server's Cognito stand-in enforces too (one definition, shipped).
      standardAttributes: Object.fromEntries(
        USER_POOL_REQUIRED_ATTRIBUTES.map((attribute) => [
          STANDARD_ATTRIBUTE_PROPERTIES[attribute],
          { required: true, mutable: true },
        ]),
      ),
      passwordPolicy: {
        minLength: USER_POOL_PASSWORD_POLICY.minLength,
        requireDigits: USER_POOL_PASSWORD_POLICY.requireDigits,
        requireLowercase: USER_POOL_PASSWORD_POLICY.requireLowercase,
        requireUppercase: USER_POOL_PASSWORD_POLICY.requireUppercase,
        requireSymbols: USER_POOL_PASSWORD_POLICY.requireSymbols,
        tempPasswordValidity: Duration.days(USER_POOL_PASSWORD_POLICY.temporaryPasswordValidityDays),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP): the API and its test harness sign users in with USER_PASSWORD_AUTH scripts, which required MFA would block; users may enrol a TOTP factor.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Essentials feature plan, not Plus: Plus adds threat protection (adaptive authentication, compromised-credential checks) billed per monthly active user; the pool relies on a 12-character password policy and optional TOTP MFA.',
      },
    );

    new UserPoolGroup(this, 'AdminGroup', {
      userPool: this.userPool,
      groupName: adminGroupName,
      description: 'API administrators: may list, create, read, replace and delete any user',
    });

    this.userPoolClient = this.userPool.addClient('UserPoolClient', {
      userPoolClientName: `${this.stackName}-client`,
      generateSecret: false,
      authFlows: {
        userPassword: USER_POOL_CLIENT_AUTH_FLOWS.includes('ALLOW_USER_PASSWORD_AUTH'),
        userSrp: USER_POOL_CLIENT_AUTH_FLOWS.includes('ALLOW_USER_SRP_AUTH'),
      },
      preventUserExistenceErrors: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.EMAIL, OAuthScope.OPENID],
        callbackUrls: [CALLBACK_URL],
      },
    });

    const domain = this.userPool.addDomain('HostedUiDomain', {
      cognitoDomain: { domainPrefix: Fn.join('-', [this.stackName.toLowerCase(), this.account]) },
    });

    this.usersTable = tableFrom(this, 'UsersTable', TABLE_DEFINITIONS.users);
    const cursorKey = new CursorSigningKey(this, 'CursorSigningKey');
    const apiGatewayLogging = props.apiGatewayCloudWatchRole
      ? new ApiGatewayCloudWatchRole(this, 'ApiGatewayCloudWatchRole')
      : undefined;

    const powertools = {
      POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.users,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
    const users = new ApiFunction(this, 'UsersFunction', {
      name: 'users',
      bundles: props.bundles,
      environment: {
        ...powertools,
        USERS_TABLE: this.usersTable.tableName,
        CURSOR_SIGNING_KEY: cursorKey.environmentValue,
      },
    });
    grantTableAccess(users, { users: this.usersTable });
    const authorizer = new ApiFunction(this, 'AuthorizerFunction', {
      name: 'authorizer',
      bundles: props.bundles,
      environment: {
        ...powertools,
        USER_POOL_ID: this.userPool.userPoolId,
        USER_POOL_CLIENT_ID: this.userPoolClient.userPoolClientId,
        ADMIN_GROUP_NAME: adminGroupName,
      },
    });
    grantTableAccess(authorizer, {});
    this.functions = { users, authorizer };

    this.api = new RoutedRestApi(this, 'UsersApi', {
      api: 'users',
      restApiName: `${this.stackName}-api`,
      description: 'Users API: user profiles, behind a Lambda TOKEN authorizer verifying Cognito ID tokens',
      routes: ROUTES,
      cors: corsPolicy(props.corsAllowedOrigins),
      functions: { users: users.function },
      authorizers: {
        token: new TokenAuthorizer(this, 'TokenAuthorizer', {
          handler: authorizer.function,
          identitySource: 'method.request.header.Authorization',
          resultsCacheTtl: AUTHORIZER_CACHE_TTL,
        }),
      },
    });
    // A stage with logging needs the account's CloudWatch role set first.
    if (apiGatewayLogging) this.api.api.deploymentStage.node.addDependency(apiGatewayLogging.account);
    Validations.of(this.api.api).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'The users API uses a Lambda TOKEN authorizer that verifies the same Cognito ID tokens (aws-jwt-verify) and returns a per-route IAM policy (owner or admin), which a Cognito user pool authorizer cannot express.',
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      dashboardName: `${this.stackName}-dashboard`,
      api: this.api.api,
      functions: { users: users.function, authorizer: authorizer.function },
      countAlarms: [unreadableItemAlarm(SERVICE_NAMES.users, 'users')],
      errorsAreAnswers: ['authorizer'],
      alarms: [authorizerFailureAlarm(this, 'AuthorizerFailureAlarm')],
    });

    stackOutput(this, 'APIEndpoint', this.api.endpoint, 'Users API endpoint');
    stackOutput(this, 'UserPool', this.userPool.userPoolId, 'Cognito user pool id');
    stackOutput(this, 'UserPoolClient', this.userPoolClient.userPoolClientId, 'Cognito app client id');
    stackOutput(this, 'UserPoolAdminGroupName', adminGroupName, 'Cognito group of the API administrators');
    stackOutput(
      this,
      'CognitoLoginURL',
      domain.signInUrl(this.userPoolClient, { redirectUri: CALLBACK_URL }),
      'Cognito hosted UI sign-in page',
    );
    stackOutput(
      this,
      'CognitoAuthCommand',
      Fn.join('', [
        'aws cognito-idp initiate-auth --auth-flow USER_PASSWORD_AUTH --client-id ',
        this.userPoolClient.userPoolClientId,
        ' --auth-parameters USERNAME=<user@example.com>,PASSWORD=<password>',
        ' --query AuthenticationResult.IdToken --output text',
      ]),
      'AWS CLI command printing an ID token for a user',
    );
    stackOutput(this, 'AlarmsTopic', this.monitoring.topic.topicArn, 'SNS topic of the alarms');
    stackOutput(this, 'DashboardURL', this.monitoring.dashboardUrl, 'CloudWatch dashboard');
    stackOutput(this, 'UsersTable', this.usersTable.tableName, 'DynamoDB users table');
    stackOutput(this, 'UsersFunction', users.function.functionArn, 'Users Lambda function ARN');
  }
}
