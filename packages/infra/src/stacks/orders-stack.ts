import { TABLE_DEFINITIONS } from '@app/adapters-dynamodb';
import {
  corsPolicy,
  FUNCTION_TABLE_ACCESS,
  METRIC_NAMES,
  METRICS_NAMESPACE,
  ROUTES,
  SERVICE_NAMES,
} from '@app/adapters-lambda';
import { DEFAULT_IDEMPOTENCY_WINDOW_SECONDS } from '@app/core';
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CognitoUserPoolsAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { BundleDirectory } from '../bundle-directory.js';
import { ApiFunction } from '../constructs/api-function.js';
import { CursorSigningKey } from '../constructs/cursor-signing-key.js';
import { rejectedOrdersRateAlarm, successfulOrdersDropAlarm } from '../constructs/custom-metric-alarms.js';
import { grantTableAccess } from '../constructs/grant-table-access.js';
import { Monitoring, unreadableItemAlarm } from '../constructs/monitoring.js';
import { RoutedRestApi } from '../constructs/routed-rest-api.js';
import { stackOutput } from '../constructs/stack-output.js';
import { tableFrom } from '../constructs/tables.js';

export type OrderFunctionName = 'addOrder' | 'getOrder' | 'listOrders' | 'editOrder' | 'cancelOrder';

export interface OrdersStackProps extends StackProps {
  bundles: BundleDirectory;
  /** Origins whose pages may call the API (default any origin: `*`). */
  corsAllowedOrigins?: readonly string[];
  /** The users stack's pool: the orders API accepts its ID tokens. */
  userPool: IUserPool;
  /** The admin group name, as the users stack has it (`ADMIN_GROUP_NAME`: only fills `Principal.isAdmin`). */
  adminGroupName: string;
}

/**
 * The orders and idempotency tables, the shared-code layer and the five order functions, the
 * orders REST API behind a Cognito user pool authorizer, alarms and the dashboard with the
 * business metrics.
 */
export class OrdersStack extends Stack {
  readonly ordersTable: Table;
  readonly idempotencyTable: Table;
  readonly layer: LayerVersion;
  readonly api: RoutedRestApi;
  readonly functions: Record<OrderFunctionName, ApiFunction>;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: OrdersStackProps) {
    super(scope, id, props);

    this.ordersTable = tableFrom(this, 'OrdersTable', TABLE_DEFINITIONS.orders);
    this.idempotencyTable = tableFrom(
      this,
      'IdempotencyTable',
      TABLE_DEFINITIONS.idempotency,
      RemovalPolicy.DESTROY,
    );
    const cursorKey = new CursorSigningKey(this, 'CursorSigningKey');

    this.layer = new LayerVersion(this, 'SharedCodeLayer', {
      description:
        'Code shared by the order functions: domain core, DynamoDB adapters, Powertools, AWS SDK, zod',
      code: props.bundles.layerCode(),
      compatibleRuntimes: [Runtime.NODEJS_22_X],
      compatibleArchitectures: [Architecture.ARM_64],
    });

    const environment = {
      ORDERS_TABLE: this.ordersTable.tableName,
      ADMIN_GROUP_NAME: props.adminGroupName,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.orders,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
    const orderFunction = (id: string, name: OrderFunctionName) => {
      const access = FUNCTION_TABLE_ACCESS[name];
      // Only the functions that need them see the idempotency settings and the cursor key.
      const idempotency: Record<string, string> =
        access.idempotency !== undefined
          ? {
              IDEMPOTENCY_TABLE: this.idempotencyTable.tableName,
              IDEMPOTENCY_WINDOW_SECONDS: String(DEFAULT_IDEMPOTENCY_WINDOW_SECONDS),
            }
          : {};
      const paging: Record<string, string> = access.orders?.includes('dynamodb:Query')
        ? { CURSOR_SIGNING_KEY: cursorKey.environmentValue }
        : {};
      const created = new ApiFunction(this, id, {
        name,
        bundles: props.bundles,
        environment: { ...environment, ...idempotency, ...paging },
        layers: [this.layer],
      });
      grantTableAccess(created, { orders: this.ordersTable, idempotency: this.idempotencyTable });
      return created;
    };
    this.functions = {
      addOrder: orderFunction('AddOrderFunction', 'addOrder'),
      getOrder: orderFunction('GetOrderFunction', 'getOrder'),
      listOrders: orderFunction('ListOrdersFunction', 'listOrders'),
      editOrder: orderFunction('EditOrderFunction', 'editOrder'),
      cancelOrder: orderFunction('CancelOrderFunction', 'cancelOrder'),
    };
    const lambdas = Object.fromEntries(
      Object.entries(this.functions).map(([name, created]) => [name, created.function]),
    ) as Record<OrderFunctionName, ApiFunction['function']>;

    this.api = new RoutedRestApi(this, 'OrdersApi', {
      api: 'orders',
      restApiName: `${this.stackName}-api`,
      description:
        'Orders API: place, read, list, edit and cancel orders, behind the Cognito user pool authorizer',
      routes: ROUTES,
      cors: corsPolicy(props.corsAllowedOrigins),
      functions: lambdas,
      authorizers: {
        cognito: new CognitoUserPoolsAuthorizer(this, 'CognitoAuthorizer', {
          cognitoUserPools: [props.userPool],
          identitySource: 'method.request.header.Authorization',
        }),
      },
    });

    const business = (title: string, metricName: string, statistic: 'Sum' | 'Average' = 'Sum') => ({
      title,
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensions: { service: SERVICE_NAMES.orders },
      statistic,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      dashboardName: `${this.stackName}-dashboard`,
      api: this.api.api,
      functions: lambdas,
      businessMetrics: [
        business('Successful orders', METRIC_NAMES.SuccessfulOrder),
        business('Order total', METRIC_NAMES.OrderTotal),
        business('Orders edited', METRIC_NAMES.OrderEdited),
        business('Orders canceled', METRIC_NAMES.OrderCanceled),
        business('Idempotent replays', METRIC_NAMES.IdempotentReplay),
      ],
      countAlarms: [unreadableItemAlarm(SERVICE_NAMES.orders, 'orders')],
      businessAlarms: [
        {
          title: 'Alarm: successful orders drop',
          alarm: successfulOrdersDropAlarm(this, 'SuccessfulOrdersDropAlarm'),
        },
        {
          title: 'Alarm: rejected POST /orders (%)',
          alarm: rejectedOrdersRateAlarm(this, 'RejectedOrdersRateAlarm', this.api.api),
        },
      ],
    });

    stackOutput(this, 'OrdersServiceEndpoint', this.api.endpoint, 'Orders API endpoint');
    stackOutput(this, 'OrdersTable', this.ordersTable.tableName, 'DynamoDB orders table');
    stackOutput(this, 'IdempotencyTable', this.idempotencyTable.tableName, 'DynamoDB idempotency table');
    stackOutput(this, 'AlarmsTopic', this.monitoring.topic.topicArn, 'SNS topic of the alarms');
    stackOutput(this, 'DashboardURL', this.monitoring.dashboardUrl, 'CloudWatch dashboard');
  }
}
