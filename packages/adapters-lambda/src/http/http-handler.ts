import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Observability } from '../observability/observability.js';
import { mapError } from './problem.js';

/** A REST API (v1 payload) Lambda proxy handler. */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What a route does once the edge has set up logging: event in, response out, or a throw. */
export type RouteHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
  observability: Observability,
) => Promise<APIGatewayProxyResult>;

/** Powertools' `LogLevelThreshold` of the levels the edge logs at. */
const LOG_THRESHOLDS = { info: 12, warn: 16, error: 20 } as const;
type EdgeLogLevel = keyof typeof LOG_THRESHOLDS;

/**
 * Loggers that have had a Lambda context: the first `addContext` of a Powertools logger reports
 * (and consumes) the cold start, so it happens at the start of the first invocation, as before.
 */
const contextSeen = new WeakSet<object>();

/**
 * The edge every API function shares: Lambda context and correlation id (the API Gateway request
 * id) on the logs, the cold-start metric, every error mapped in one place, metrics flushed.
 * Bodies and headers are never logged: they may hold tokens and personal data.
 * The context and keys are put on the logger around each line it actually writes (a Powertools
 * logger below the line's level writes nothing, so costs nothing), and removed right after, so
 * concurrent invocations (the local server) never see each other's keys.
 */
export function httpHandler(observability: Observability, route: RouteHandler): ApiHandler {
  const { logger, metrics } = observability;
  return async (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const started = Date.now();
    const line: RequestLine = { logger, event, context, requestId, coldStart: !contextSeen.has(logger) };
    if (line.coldStart) {
      contextSeen.add(logger);
      logger.addContext(context);
    }
    metrics.captureColdStartMetric(context.functionName);
    let response: APIGatewayProxyResult;
    try {
      response = await route(event, context, observability);
    } catch (error) {
      const mapped = mapError(error, requestId);
      if (!mapped.known) log(line, 'error', 'Unexpected error', { error });
      else if (mapped.problem.status >= 500)
        log(line, 'warn', 'Request failed', { code: mapped.problem.code, error });
      else log(line, 'info', 'Request refused', { code: mapped.problem.code, status: mapped.problem.status });
      response = mapped.response;
    } finally {
      flushMetrics(observability, line);
    }
    if (writes(logger, 'info')) {
      writeLine(line, 'info', 'Request handled', {
        status: response.statusCode,
        durationMs: Date.now() - started,
      });
    }
    return response;
  };
}

/** What a line of an invocation carries besides its message. */
interface RequestLine {
  logger: Observability['logger'];
  event: APIGatewayProxyEvent;
  context: Context;
  requestId: string;
  /** The context was put on the logger at the start of this (its first) invocation. */
  coldStart: boolean;
}

/** One line, with the invocation's context and keys, if the logger writes that level. */
function log(line: RequestLine, level: EdgeLogLevel, message: string, attributes: Record<string, unknown>) {
  if (writes(line.logger, level)) writeLine(line, level, message, attributes);
}

function writeLine(
  line: RequestLine,
  level: EdgeLogLevel,
  message: string,
  attributes: Record<string, unknown>,
): void {
  const { logger, event, context, requestId, coldStart } = line;
  if (!coldStart) logger.addContext(context);
  logger.appendKeys({
    correlation_id: requestId,
    http: { method: event.httpMethod, resource: event.resource },
  });
  try {
    logger[level](message, attributes);
  } finally {
    logger.resetKeys();
  }
}

/** Whether the logger writes lines of this level: a Powertools logger tells (`level`); any other is asked. */
function writes(logger: Observability['logger'], level: EdgeLogLevel): boolean {
  const threshold = (logger as { readonly level?: unknown }).level;
  return typeof threshold !== 'number' || LOG_THRESHOLDS[level] >= threshold;
}

/**
 * Publishes what the invocation recorded; a metrics failure is logged (with the invocation's
 * keys when given), never fails a request.
 */
export function flushMetrics({ logger, metrics }: Observability, line?: RequestLine): void {
  try {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  } catch (error) {
    if (line === undefined) logger.warn('Metrics could not be published', { error });
    else log(line, 'warn', 'Metrics could not be published', { error });
  }
}
