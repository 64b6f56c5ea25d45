import { METRIC_NAMES, METRICS_NAMESPACE } from '@app/adapters-lambda';
import { Aws, Duration, Fn } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  type Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(1);

export interface BusinessMetric {
  title: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  statistic: 'Sum' | 'Average';
}

/** A custom metric (EMF, Sum per minute) that must stay at zero: one count alarms. */
export interface CountAlarm {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  description: string;
}

/** Any stored item of the service's table that its functions could not read (api.md "Storage layout"). */
export const unreadableItemAlarm = (service: string, table: string): CountAlarm => ({
  id: 'UnreadableItemAlarm',
  namespace: METRICS_NAMESPACE,
  metricName: METRIC_NAMES.UnreadableItem,
  dimensions: { service },
  description: `Items of the ${table} table that could not be read: left out of lists, 500 on a single read. The functions' ERROR line "Unreadable item" names each one's key and failing fields.`,
});

export interface MonitoringProps {
  /** Dashboard name; also in the `DashboardURL` output. */
  dashboardName: string;
  api: RestApi;
  functions: Record<string, LambdaFunction>;
  businessMetrics?: BusinessMetric[];
  countAlarms?: CountAlarm[];
  /** Alarms on the business metrics: to the topic, and drawn beside those metrics. */
  businessAlarms?: { title: string; alarm: Alarm }[];
  /** Further alarms of the stack (on metrics its code emits), to the topic. */
  alarms?: Alarm[];
  /**
   * Functions whose Lambda `Errors` are normal answers (the TOKEN authorizer throws
   * `Unauthorized` for every refused token): no Errors alarm, their failures come in `alarms`.
   */
  errorsAreAnswers?: readonly string[];
}

/**
 * Alarms (API 5XX; Errors and Throttles of every function; the count alarms; the stack's own) to one SNS topic
 * that accepts TLS only and that this account's CloudWatch alarms may publish to, and a
 * dashboard of the API, the functions and the business metrics with their alarms. Missing
 * data (no traffic) never breaches.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmsTopic', {
      enforceSSL: true,
      displayName: `${props.dashboardName} alarms`,
    });
    // A topic policy replaces SNS's default one: without this, no alarm could ever notify.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*`,
          },
        },
      }),
    );

    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: Metric, description: string) => {
      const created = metric.createAlarm(this, alarmId, {
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      notify(created);
    };
    const notify = (created: Alarm) => {
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    // RestApi.metric* use the `ApiName` dimension with the API's name, as API Gateway publishes it.
    alarm(
      'Api5xxAlarm',
      props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      '5XX answers of the API',
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      const id = pascal(name);
      if (!props.errorsAreAnswers?.includes(name)) {
        alarm(
          `${id}ErrorsAlarm`,
          fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
          `Errors of the ${name} function`,
        );
      }
      alarm(
        `${id}ThrottlesAlarm`,
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }),
        `Throttles of the ${name} function`,
      );
    }

    for (const count of props.countAlarms ?? []) {
      alarm(
        count.id,
        new Metric({
          namespace: count.namespace,
          metricName: count.metricName,
          dimensionsMap: count.dimensions,
          statistic: 'Sum',
          period: PERIOD,
        }),
        count.description,
      );
    }
    for (const created of [
      ...(props.alarms ?? []),
      ...(props.businessAlarms ?? []).map(({ alarm }) => alarm),
    ]) {
      notify(created);
    }

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    const api = props.api;
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# ${api.restApiName}`, width: 24, height: 1 }),
      graph('API requests', [api.metricCount({ period: PERIOD, statistic: 'Sum' })]),
      graph('API latency', [
        api.metricLatency({ period: PERIOD, statistic: 'Average' }),
        api.metricLatency({ period: PERIOD, statistic: 'p99' }),
        api.metricIntegrationLatency({ period: PERIOD, statistic: 'p99' }),
      ]),
      graph('API 4XX', [api.metricClientError({ period: PERIOD, statistic: 'Sum' })]),
      graph('API 5XX', [api.metricServerError({ period: PERIOD, statistic: 'Sum' })]),
    );
    const fns = Object.entries(props.functions);
    const perFunction = (title: string, metricOf: (fn: LambdaFunction) => IMetric) =>
      graph(
        title,
        fns.map(([, fn]) => metricOf(fn)),
      );
    this.dashboard.addWidgets(
      perFunction('Invocations', (fn) => fn.metricInvocations({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Duration p99', (fn) => fn.metricDuration({ period: PERIOD, statistic: 'p99' })),
      perFunction('Errors', (fn) => fn.metricErrors({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Throttles', (fn) => fn.metricThrottles({ period: PERIOD, statistic: 'Sum' })),
      perFunction('Concurrent executions', (fn) =>
        fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: 'Maximum' }),
      ),
    );
    if (props.businessMetrics && props.businessMetrics.length > 0) {
      this.dashboard.addWidgets(
        ...props.businessMetrics.map((business) =>
          graph(business.title, [
            new Metric({
              namespace: business.namespace,
              metricName: business.metricName,
              dimensionsMap: business.dimensions,
              statistic: business.statistic,
              period: Duration.minutes(5),
            }),
          ]),
        ),
        ...(props.businessAlarms ?? []).map(
          ({ title, alarm }) => new AlarmWidget({ title, alarm, width: 8, height: 6 }),
        ),
      );
    }
  }

  /** The console address of the dashboard, for the `DashboardURL` output. */
  get dashboardUrl(): string {
    return Fn.join('', [
      'https://',
      Aws.REGION,
      '.console.aws.amazon.com/cloudwatch/home?region=',
      Aws.REGION,
      '#dashboards:name=',
      this.dashboard.dashboardName,
    ]);
  }
}

function graph(title: string, metrics: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left: metrics, width: 8, height: 6 });
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
