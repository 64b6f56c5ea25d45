import { METRIC_NAMES, METRICS_NAMESPACE, SERVICE_NAMES } from '@app/adapters-lambda';
import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  AnomalyDetectionAlarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { STAGE_NAME } from './routed-rest-api.js';

/** Below this many `POST /orders` in a period, the rejected share is not judged (one 4xx of two is no signal). */
export const REJECTED_ORDERS_MIN_REQUESTS = 10;
/** Rejected share (%) of `POST /orders` that pages when sustained; see the README's alarm table. */
export const REJECTED_ORDERS_PERCENT = 25;
const KPI_PERIOD = Duration.minutes(5);

/**
 * The TOKEN authorizer's own failures (JWKS download, bugs): `AuthorizerFailure`, which it
 * counts for nothing a caller sent. Lambda's `Errors` would count every refused token.
 */
export function authorizerFailureAlarm(scope: Construct, id: string): Alarm {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: METRIC_NAMES.AuthorizerFailure,
    dimensionsMap: { service: SERVICE_NAMES.users },
    statistic: 'Sum',
    period: Duration.minutes(1),
  }).createAlarm(scope, id, {
    alarmDescription:
      'The users API authorizer failed for a reason other than the token (JWKS download, a bug): callers get 401 with valid tokens',
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}

/**
 * Successful orders well below their usual level for the time of day and week: anomaly
 * detection (band of 3 standard deviations) on the 5-minute sum, with a period without any
 * order read as 0 — a checkout that fails every order emits nothing, and that must breach.
 */
export function successfulOrdersDropAlarm(scope: Construct, id: string): Alarm {
  const orders = new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: METRIC_NAMES.SuccessfulOrder,
    dimensionsMap: { service: SERVICE_NAMES.orders },
    statistic: 'Sum',
    period: KPI_PERIOD,
  });
  return new AnomalyDetectionAlarm(scope, id, {
    metric: new MathExpression({
      expression: 'FILL(orders, 0)',
      usingMetrics: { orders },
      label: 'Successful orders (0 when none)',
      period: KPI_PERIOD,
    }),
    stdDevs: 3,
    comparisonOperator: ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: TreatMissingData.NOT_BREACHING,
    alarmDescription:
      'Successful orders are well below their usual level (anomaly band, 3 standard deviations) for 15 minutes',
  });
}

/**
 * The share of `POST /orders` answered 4xx, from API Gateway's per-method metrics (the stage
 * enables them): it counts every rejection a client sees — the request model's 400s and the
 * Cognito authorizer's 401s as well as the function's — which a metric the function emitted
 * would miss. Judged only when there are enough requests to mean something.
 */
export function rejectedOrdersRateAlarm(scope: Construct, id: string, api: RestApi): Alarm {
  const method = (metricName: string) =>
    new Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: api.restApiName, Method: 'POST', Resource: '/orders', Stage: STAGE_NAME },
      statistic: 'Sum',
      period: KPI_PERIOD,
    });
  return new MathExpression({
    expression: `IF(requests >= ${REJECTED_ORDERS_MIN_REQUESTS}, 100 * FILL(rejected, 0) / requests, 0)`,
    usingMetrics: { rejected: method('4XXError'), requests: method('Count') },
    label: 'Rejected POST /orders (%)',
    period: KPI_PERIOD,
  }).createAlarm(scope, id, {
    alarmDescription: `More than ${REJECTED_ORDERS_PERCENT}% of POST /orders answered 4xx for 15 minutes (at least ${REJECTED_ORDERS_MIN_REQUESTS} requests per 5 minutes)`,
    threshold: REJECTED_ORDERS_PERCENT,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
