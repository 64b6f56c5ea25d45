import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { ApiName } from '../routes.js';
import { METRICS_NAMESPACE, SERVICE_NAMES } from './metric-names.js';

/** The part of a Powertools Logger the handlers use: a local server may pass its own. */
export type HandlerLogger = Pick<
  Logger,
  'debug' | 'info' | 'warn' | 'error' | 'addContext' | 'appendKeys' | 'resetKeys'
>;

/** The part of Powertools Metrics the handlers use (their results unused): a local server may pass its own. */
export interface HandlerMetrics {
  addMetric(...metric: Parameters<Metrics['addMetric']>): unknown;
  captureColdStartMetric(functionName?: string): void;
  hasStoredMetrics(): boolean;
  publishStoredMetrics(): unknown;
}

/** The logger and metrics of one API service (`users` or `orders`). */
export interface Observability {
  logger: HandlerLogger;
  metrics: HandlerMetrics;
}

export type LoggerFactory = (api: ApiName) => HandlerLogger;
export type MetricsFactory = (api: ApiName) => HandlerMetrics;

/** JSON logs with the API's service name; level and sampling from the Powertools environment. */
export const createLogger: LoggerFactory = (api) => new Logger({ serviceName: SERVICE_NAMES[api] });

/**
 * Powertools Metrics that store nothing while disabled (`POWERTOOLS_METRICS_DISABLED`, or dev
 * mode): a disabled instance publishes nothing, so a metric added would only be validated,
 * stored and cleared again on every request.
 */
class HandlerMetricsOfService extends Metrics {
  override addMetric(...metric: Parameters<Metrics['addMetric']>): this {
    return this.isDisabled() ? this : super.addMetric(...metric);
  }

  override hasStoredMetrics(): boolean {
    return !this.isDisabled() && super.hasStoredMetrics();
  }
}

/** EMF metrics in the workshop namespace, with the API's `service` dimension. */
export const createMetrics: MetricsFactory = (api) =>
  new HandlerMetricsOfService({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAMES[api] });

export function createObservability(
  api: ApiName,
  factories: { createLogger?: LoggerFactory; createMetrics?: MetricsFactory } = {},
): Observability {
  return {
    logger: (factories.createLogger ?? createLogger)(api),
    metrics: (factories.createMetrics ?? createMetrics)(api),
  };
}
