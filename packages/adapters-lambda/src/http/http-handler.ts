import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiHandler } from '../app/contracts.js';
import type { Observability } from '../observability/observability.js';
import { mapError } from './problem.js';

/** What a route does once the edge has set up logging: event in, response out, or a throw. */
export type RouteHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
  observability: Observability,
) => Promise<APIGatewayProxyResult>;

/**
 * The edge every API function shares: Lambda context and correlation id (the API Gateway request
 * id) on the logs, the cold-start metric, every error mapped in one place, metrics flushed.
 * Bodies and headers are never logged: they may hold tokens and personal data.
 */
export function httpHandler(observability: Observability, route: RouteHandler): ApiHandler {
  const { logger, metrics } = observability;
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const started = Date.now();
    logger.addContext(context);
    logger.appendKeys({
      correlation_id: requestId,
      http: { method: event.httpMethod, resource: event.resource },
    });
    metrics.captureColdStartMetric(context.functionName);
    let response: APIGatewayProxyResult;
    try {
      response = await route(event, context, observability);
    } catch (error) {
      const mapped = mapError(error, requestId);
      if (!mapped.known) logger.error('Unexpected error', { error });
      else if (mapped.problem.status >= 500)
        logger.warn('Request failed', { code: mapped.problem.code, error });
      else logger.info('Request refused', { code: mapped.problem.code, status: mapped.problem.status });
      response = mapped.response;
    } finally {
      flushMetrics(observability);
    }
    logger.info('Request handled', { status: response.statusCode, durationMs: Date.now() - started });
    logger.resetKeys();
    return response;
  };
}

/** Publishes what the invocation recorded; a metrics failure is logged, never fails a request. */
export function flushMetrics({ logger, metrics }: Observability): void {
  try {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  } catch (error) {
    logger.warn('Metrics could not be published', { error });
  }
}
