import { ASSUMPTIONS, PRICES } from './prices.js';

/** Bytes in a GB as AWS bills data (logs ingested, data transferred): 2^30. */
export const BYTES_PER_GB = 1024 ** 3;

/** What the stacks deploy, read from the synthesized templates. */
export interface DeploymentFacts {
  memoryMb: number;
  architecture: string;
  /** API Gateway's TOKEN authorizer result cache, seconds. */
  authorizerCacheTtlSeconds: number;
  /** X-Ray active on the functions and the stages. */
  tracing: boolean;
  stageRateLimit: number;
  stageBurstLimit: number;
  /** The stages' execution-log level (`INFO`, `ERROR`, `OFF`). */
  executionLogLevel: string;
  billingMode: string;
  /** The functions' Powertools log level (the runtime default when the template sets none). */
  functionLogLevel: string;
}

/** One function's warm invocations, as measured (medians per invocation). */
export interface InvocationMeasurement {
  invocations: number;
  /** The handler's wall time here, DynamoDB's loopback round trips included. */
  durationMs: number;
  /** The part of it spent waiting for DynamoDB on loopback. */
  dynamoDbMs: number;
  /** The process's CPU time during the invocation (user + system): the handler's own work. */
  cpuMs: number;
  dynamoDbCalls: number;
  readUnits: number;
  writeUnits: number;
  /** Bytes and lines the function wrote to stdout/stderr (Powertools logs and EMF). */
  logBytes: number;
  logEvents: number;
  /** The answer's body and headers as the function returns them. */
  responseBytes: number;
}

/** A function's cold start here: module init (the import) and its first invocation. */
export interface ColdStartMeasurement {
  initMs: number;
  initCpuMs: number;
  firstInvocationMs: number;
  firstInvocationCpuMs: number;
}

export interface RouteMeasurement extends InvocationMeasurement {
  route: string;
  api: 'users' | 'orders';
  function: string;
  /** The Lambda TOKEN authorizer's invocations, for routes behind it. */
  authorizer?: InvocationMeasurement;
  /** The API Gateway access-log line of this route, bytes (rendered from the deployed format). */
  accessLogBytes: number;
  /** Lambda's own START/END/REPORT lines per invocation, bytes. */
  platformLogBytes: number;
  coldStart: ColdStartMeasurement;
}

export interface CostBreakdown {
  apiGatewayRequests: number;
  lambdaRequests: number;
  lambdaDuration: number;
  authorizerRequests: number;
  authorizerDuration: number;
  dynamoDbReads: number;
  dynamoDbWrites: number;
  logsIngested: number;
  xRayTraces: number;
  dataTransferOut: number;
}

/** One route's cost line: USD per million requests, and the figures it is computed from. */
export interface CostLine {
  metric: string;
  route: string;
  usdPerMillionRequests: number;
  breakdown: CostBreakdown;
  /** Billed Lambda duration per invocation on AWS (model: CPU × CPU share + calls × round trip). */
  billedMs: { function: number; authorizer?: number };
  /**
   * What one cold start of the route's function adds (INIT is billed since Aug 2025): its init
   * and first-invocation CPU beyond a warm invocation's, scaled by the CPU share; USD per
   * million cold starts. Not in `usdPerMillionRequests` (it depends on the traffic's shape).
   */
  coldStart: { billedMs: number; usdPerMillion: number };
  measured: RouteMeasurement;
  /** Log bytes per request by source. */
  logBytesPerRequest: {
    function: number;
    authorizer: number;
    platform: number;
    accessLog: number;
    executionLogAssumed: number;
  };
  verdict: 'info';
  note: string;
}

/** The CPU slowdown of a function at `memoryMb` against a full core (Lambda: 1,769 MB = 1 vCPU). */
export const cpuSlowdown = (memoryMb: number) => Math.max(1, ASSUMPTIONS.vcpuMemoryMb / memoryMb);

const billingSteps = (ms: number) => {
  const step = PRICES.lambda.billingStepMs;
  return Math.max(step, Math.ceil(ms / step) * step);
};

/**
 * Lambda's billed ms on AWS for a measured invocation: its CPU time scaled by the CPU share, each
 * DynamoDB call at the assumed in-region round trip, rounded up to the billing step.
 */
export function billedMs(measured: InvocationMeasurement, memoryMb: number): number {
  return billingSteps(
    measured.cpuMs * cpuSlowdown(memoryMb) + measured.dynamoDbCalls * ASSUMPTIONS.dynamoDbRoundTripMs,
  );
}

/** The billed ms a cold start adds to a warm invocation: init and the first call's extra CPU, scaled. */
export function coldStartBilledMs(cold: ColdStartMeasurement, warmCpuMs: number, memoryMb: number): number {
  const extraCpu = cold.initCpuMs + Math.max(0, cold.firstInvocationCpuMs - warmCpuMs);
  return billingSteps(extraCpu * cpuSlowdown(memoryMb));
}

/** USD for one invocation's duration at `memoryMb`. */
export function durationCost(ms: number, memoryMb: number): number {
  return (memoryMb / 1024) * (ms / 1000) * PRICES.lambda.gbSecond;
}

/** The share of requests X-Ray's default rule samples at a sustained `rate` per second. */
export function xRaySampledShare(rate: number): number {
  const { reservoirPerSecond, fixedRate } = ASSUMPTIONS.xRaySampling;
  if (rate <= reservoirPerSecond) return 1;
  return (reservoirPerSecond + fixedRate * (rate - reservoirPerSecond)) / rate;
}

const perMillion = (usdPerRequest: number) => usdPerRequest * 1e6;
const tidy = (usd: number) => Number(usd.toFixed(4));

/** The cost of a million requests of one route, from its measurement and the deployment. */
export function routeCost(measured: RouteMeasurement, facts: DeploymentFacts): CostLine {
  if (facts.architecture !== PRICES.lambda.architecture)
    throw new Error(
      `the functions run on ${facts.architecture}; prices.ts holds ${PRICES.lambda.architecture}`,
    );
  const memory = facts.memoryMb;
  const functionMs = billedMs(measured, memory);
  const authorizer = measured.authorizer;
  const authorizerMs = authorizer ? billedMs(authorizer, memory) : undefined;
  const misses = authorizer ? ASSUMPTIONS.authorizerCacheMissRatio : 0;
  const rate = ASSUMPTIONS.xRaySampling.atRequestsPerSecond ?? facts.stageRateLimit;
  const executionLogAssumed =
    facts.executionLogLevel === 'OFF' ? 0 : ASSUMPTIONS.apiGatewayExecutionLogBytesPerRequest;
  const logBytesPerRequest = {
    function: measured.logBytes,
    authorizer: authorizer ? misses * (authorizer.logBytes + measured.platformLogBytes) : 0,
    platform: measured.platformLogBytes,
    accessLog: measured.accessLogBytes,
    executionLogAssumed,
  };
  const coldMs = coldStartBilledMs(measured.coldStart, measured.cpuMs, memory);
  const logBytes = Object.values(logBytesPerRequest).reduce((sum, bytes) => sum + bytes, 0);
  const breakdown: CostBreakdown = {
    apiGatewayRequests: PRICES.apiGateway.restRequestsPerMillion,
    lambdaRequests: PRICES.lambda.requestsPerMillion,
    lambdaDuration: perMillion(durationCost(functionMs, memory)),
    authorizerRequests: misses * PRICES.lambda.requestsPerMillion,
    authorizerDuration:
      authorizerMs === undefined ? 0 : misses * perMillion(durationCost(authorizerMs, memory)),
    dynamoDbReads:
      measured.readUnits * PRICES.dynamoDb.readRequestUnitsPerMillion +
      (authorizer ? misses * authorizer.readUnits * PRICES.dynamoDb.readRequestUnitsPerMillion : 0),
    dynamoDbWrites: measured.writeUnits * PRICES.dynamoDb.writeRequestUnitsPerMillion,
    logsIngested: perMillion((logBytes / BYTES_PER_GB) * PRICES.cloudWatch.logsIngestedPerGb),
    xRayTraces: facts.tracing ? xRaySampledShare(rate) * PRICES.xRay.tracesRecordedPerMillion : 0,
    dataTransferOut: perMillion(
      ((measured.responseBytes + ASSUMPTIONS.apiGatewayResponseHeaderBytes) / BYTES_PER_GB) *
        PRICES.dataTransferOut.perGb,
    ),
  };
  const rounded = Object.fromEntries(
    Object.entries(breakdown).map(([name, usd]) => [name, tidy(usd)]),
  ) as unknown as CostBreakdown;
  return {
    metric: `cost-usd-per-million-requests:${measured.route}`,
    route: measured.route,
    usdPerMillionRequests: tidy(Object.values(breakdown).reduce((sum, usd) => sum + usd, 0)),
    breakdown: rounded,
    billedMs:
      authorizerMs === undefined
        ? { function: functionMs }
        : { function: functionMs, authorizer: authorizerMs },
    coldStart: { billedMs: coldMs, usdPerMillion: tidy(perMillion(durationCost(coldMs, memory))) },
    measured,
    logBytesPerRequest,
    verdict: 'info',
    note: `${PRICES.region} ${PRICES.lambda.architecture} ${memory} MB, ${PRICES.asOf}; no target`,
  };
}
