/**
 * The AWS list prices `pnpm bench --only=cost` multiplies the measured figures by, and the
 * assumptions it needs where this machine cannot measure AWS. Re-pricing is an edit of this file
 * only: every figure the cost bench prints is computed from it.
 *
 * Source: the public AWS pricing pages below, us-east-1 (N. Virginia), list prices, first tier,
 * no free tier, no Savings Plans. As published on those pages as of mid-2025 (DynamoDB on-demand
 * after its 1 Nov 2024 reduction; Lambda logs' tiered pricing of May 2025; Lambda's INIT phase
 * billed since 1 Aug 2025) — written down from knowledge on 6 Dec 2026, NOT re-checked: this
 * machine has no network. Check the pages before quoting a figure.
 */
export const PRICES = {
  region: 'us-east-1',
  asOf: 'list prices as published mid-2025; not re-checked on 2026-12-06 (no network)',
  currency: 'USD',
  apiGateway: {
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    /** REST API requests, per million: first 333 M a month (then 2.80, 2.38 after 1 B, 1.51 after 20 B). */
    restRequestsPerMillion: 3.5,
    restRequestTiersPerMillion: [
      { upToMillions: 333, price: 3.5 },
      { upToMillions: 1_000, price: 2.8 },
      { upToMillions: 20_000, price: 2.38 },
      { upToMillions: Number.POSITIVE_INFINITY, price: 1.51 },
    ],
  },
  lambda: {
    source: 'https://aws.amazon.com/lambda/pricing/',
    /** The architecture these prices are for; the bench checks the template names it. */
    architecture: 'arm64',
    requestsPerMillion: 0.2,
    /** Per GB-second, arm64, first 7.5 billion GB-s a month (then 0.0000120001, 0.0000106667 after 18.75 B). */
    gbSecond: 0.0000133334,
    /** Duration is billed in 1 ms steps, rounded up, INIT included for cold starts (since Aug 2025). */
    billingStepMs: 1,
  },
  dynamoDb: {
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    /** On-demand (PAY_PER_REQUEST), Standard table class, per million request units. */
    writeRequestUnitsPerMillion: 0.625,
    readRequestUnitsPerMillion: 0.125,
  },
  cloudWatch: {
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    /** Logs ingested, Standard class, per GB (Lambda's logs: first 10 TB; 0.25, 0.10, 0.05 above). */
    logsIngestedPerGb: 0.5,
    /** Logs stored, per GB-month (compressed; the log groups keep 30 days). */
    logsStoredPerGbMonth: 0.03,
    /** Custom metrics (EMF), per metric-month, first 10,000. */
    customMetricPerMonth: 0.3,
  },
  xRay: {
    source: 'https://aws.amazon.com/xray/pricing/',
    tracesRecordedPerMillion: 5,
    tracesRetrievedOrScannedPerMillion: 0.5,
  },
  dataTransferOut: {
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
    /** To the internet, per GB, first 10 TB a month (the first 100 GB a month are free). */
    perGb: 0.09,
  },
} as const;

/**
 * What the cost bench cannot measure here, stated once. Each is a number a reader can change;
 * the printed breakdown shows the share each one drives.
 */
export const ASSUMPTIONS = {
  /**
   * One DynamoDB round trip from a warm Lambda function in the same region, in ms (keep-alive
   * connection; DynamoDB answers in single-digit ms). The bench measures the calls on loopback
   * (dynalite) and replaces their measured time by this, call by call: loopback is not AWS.
   */
  dynamoDbRoundTripMs: 5,
  /**
   * Lambda gives a function CPU in proportion to its memory: 1,769 MB is one vCPU. The time the
   * handler spends outside DynamoDB calls, measured here on a full core, is scaled by
   * `max(1, 1769 / memoryMB)`: the pessimistic reading (short bursts may run faster; Graviton
   * and this machine's CPU are taken as equally fast).
   */
  vcpuMemoryMb: 1769,
  /**
   * The share of users-API requests that miss API Gateway's authorizer cache (keyed by the
   * token, TTL from the template). 1 is the upper bound: every request a new token or more than
   * a TTL after the token's last request. A client that sends n requests with one token within
   * the TTL costs 1/n of the authorizer line.
   */
  authorizerCacheMissRatio: 1,
  /**
   * X-Ray's default sampling rule: the first request each second, then 5 % of the others. The
   * bench evaluates it at this sustained rate (requests per second; default: the stage's rate
   * limit read from the template when null).
   */
  xRaySampling: { reservoirPerSecond: 1, fixedRate: 0.05, atRequestsPerSecond: null as number | null },
  /**
   * API Gateway's execution log (the stages log at INFO, without data trace): its lines are
   * API Gateway's own and cannot be produced here. Bytes per request, an estimate (about a dozen
   * lines of ~100 bytes: request id, usage-plan check, method, authorizer, integration status);
   * measure it on a deployed stage (the execution log group's IncomingBytes over the API's
   * Count) and replace it.
   */
  apiGatewayExecutionLogBytesPerRequest: 1200,
  /** Headers API Gateway adds to each response (date, request ids, trace id), bytes, for data transfer out. */
  apiGatewayResponseHeaderBytes: 300,
} as const;
