import { describe, expect, it } from 'vitest';
import {
  BYTES_PER_GB,
  billedMs,
  cpuSlowdown,
  type DeploymentFacts,
  type RouteMeasurement,
  routeCost,
  xRaySampledShare,
} from '../bench/cost/cost-model.js';
import { ASSUMPTIONS, PRICES } from '../bench/cost/prices.js';

const facts: DeploymentFacts = {
  memoryMb: 512,
  architecture: PRICES.lambda.architecture,
  authorizerCacheTtlSeconds: 300,
  tracing: true,
  stageRateLimit: 100,
  stageBurstLimit: 200,
  executionLogLevel: 'INFO',
  billingMode: 'PAY_PER_REQUEST',
  functionLogLevel: 'INFO',
};

const invocation = {
  invocations: 40,
  durationMs: 9,
  dynamoDbMs: 3,
  cpuMs: 2,
  dynamoDbCalls: 1,
  readUnits: 0.5,
  writeUnits: 0,
  logBytes: 500,
  logEvents: 1,
  responseBytes: 724,
};

const route = (overrides: Partial<RouteMeasurement> = {}): RouteMeasurement => ({
  ...invocation,
  route: 'GET /orders/{orderId}',
  api: 'orders',
  function: 'getOrder',
  accessLogBytes: 560,
  platformLogBytes: 357,
  coldStart: { initMs: 40, initCpuMs: 30, firstInvocationMs: 20, firstInvocationCpuMs: 12 },
  ...overrides,
});

describe('the cost model', () => {
  it('bills the CPU time scaled by the CPU share and each DynamoDB call at the assumed round trip, in whole ms', () => {
    expect(cpuSlowdown(512)).toBeCloseTo(ASSUMPTIONS.vcpuMemoryMb / 512);
    expect(cpuSlowdown(4096)).toBe(1);
    const expected = Math.ceil(2 * cpuSlowdown(512) + ASSUMPTIONS.dynamoDbRoundTripMs);
    expect(billedMs(invocation, 512)).toBe(expected);
    expect(billedMs({ ...invocation, cpuMs: 0, dynamoDbCalls: 0 }, 512)).toBe(PRICES.lambda.billingStepMs);
  });

  it('samples every request below the reservoir and tends to the fixed rate above it', () => {
    expect(xRaySampledShare(1)).toBe(1);
    expect(xRaySampledShare(100)).toBeCloseTo(0.0595);
    expect(xRaySampledShare(1_000_000)).toBeCloseTo(ASSUMPTIONS.xRaySampling.fixedRate, 4);
  });

  it('adds up the per-request prices to USD per million requests', () => {
    const line = routeCost(route(), facts);
    const ms = billedMs(invocation, 512);
    const logBytes = 500 + 357 + 560 + ASSUMPTIONS.apiGatewayExecutionLogBytesPerRequest;
    const expected = {
      apiGatewayRequests: PRICES.apiGateway.restRequestsPerMillion,
      lambdaRequests: PRICES.lambda.requestsPerMillion,
      lambdaDuration: 0.5 * (ms / 1000) * PRICES.lambda.gbSecond * 1e6,
      authorizerRequests: 0,
      authorizerDuration: 0,
      dynamoDbReads: 0.5 * PRICES.dynamoDb.readRequestUnitsPerMillion,
      dynamoDbWrites: 0,
      logsIngested: (logBytes / BYTES_PER_GB) * PRICES.cloudWatch.logsIngestedPerGb * 1e6,
      xRayTraces: xRaySampledShare(100) * PRICES.xRay.tracesRecordedPerMillion,
      dataTransferOut:
        ((724 + ASSUMPTIONS.apiGatewayResponseHeaderBytes) / BYTES_PER_GB) *
        PRICES.dataTransferOut.perGb *
        1e6,
    };
    for (const [name, usd] of Object.entries(expected))
      expect(line.breakdown[name as keyof typeof expected], name).toBeCloseTo(usd, 4);
    const total = Object.values(expected).reduce((sum, usd) => sum + usd, 0);
    expect(line.usdPerMillionRequests).toBeCloseTo(total, 3);
    expect(line.verdict).toBe('info');
  });

  it('adds the TOKEN authorizer at the assumed cache-miss ratio, and nothing for the Cognito authorizer', () => {
    const authorizer = { ...invocation, cpuMs: 0.4, dynamoDbCalls: 0, readUnits: 0, logBytes: 450 };
    const withToken = routeCost(route({ api: 'users', authorizer }), facts);
    const ratio = ASSUMPTIONS.authorizerCacheMissRatio;
    expect(withToken.breakdown.authorizerRequests).toBeCloseTo(ratio * PRICES.lambda.requestsPerMillion, 6);
    expect(withToken.breakdown.authorizerDuration).toBeCloseTo(
      ratio * 0.5 * (billedMs(authorizer, 512) / 1000) * PRICES.lambda.gbSecond * 1e6,
      4,
    );
    expect(withToken.logBytesPerRequest.authorizer).toBe(ratio * (450 + 357));
    expect(routeCost(route(), facts).breakdown.authorizerRequests).toBe(0);
  });

  it('leaves out X-Ray when tracing is off and the execution log when the stage logs nothing', () => {
    const line = routeCost(route(), { ...facts, tracing: false, executionLogLevel: 'OFF' });
    expect(line.breakdown.xRayTraces).toBe(0);
    expect(line.logBytesPerRequest.executionLogAssumed).toBe(0);
  });

  it('refuses to price functions on an architecture the price table does not hold', () => {
    expect(() => routeCost(route(), { ...facts, architecture: 'x86_64' })).toThrow(/x86_64/);
  });
});
