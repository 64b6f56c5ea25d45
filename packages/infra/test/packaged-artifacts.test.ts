import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentClient, ensureTables } from '@app/adapters-dynamodb';
import {
  type DynaliteServer,
  LOCAL_CREDENTIALS,
  startDynalite,
  uniqueTableNames,
} from '@app/adapters-dynamodb/testing';
import { FUNCTIONS, type FunctionName } from '@app/adapters-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET } from '../src/bundling/bundle-budget.js';
import { type BundleReport, bundleLambdas, LAYER_MODULES_DIR } from '../src/bundling/bundle-lambdas.js';
import { externalImports } from '../src/bundling/external-imports.js';
import { buildReferenceBundle } from '../src/bundling/reference-bundle.js';
import { apiGatewayEvent, cognitoClaims } from './support/api-events.js';
import { type Invocation, LambdaSandbox } from './support/lambda-runtime.js';

const BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
const ORDER_FUNCTIONS = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
  (name) => FUNCTIONS[name].api === 'orders',
);

let workDir: string;
let bundlesDir: string;
let report: BundleReport;
let reference: { minifiedBytes: number; gzipBytes: number };
let dynalite: DynaliteServer;
let environment: Record<string, string>;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'infra-packaged-'));
  bundlesDir = join(workDir, 'bundles');
  const [bundled, server, referenceSize] = await Promise.all([
    bundleLambdas({
      outDir: bundlesDir,
      adaptersLambdaDir: join(import.meta.dirname, '..', 'node_modules', '@app', 'adapters-lambda'),
    }),
    startDynalite(),
    buildReferenceBundle({
      outDir: join(workDir, 'reference'),
      adaptersDynamoDbDir: join(import.meta.dirname, '..', 'node_modules', '@app', 'adapters-dynamodb'),
    }),
  ]);
  report = bundled;
  reference = referenceSize;
  dynalite = server;
  const tables = uniqueTableNames('packaged');
  await ensureTables(
    createDocumentClient({
      region: 'us-east-1',
      endpoint: dynalite.endpoint,
      credentials: LOCAL_CREDENTIALS,
    }),
    tables,
  );
  environment = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    DYNAMODB_ENDPOINT: dynalite.endpoint,
    USERS_TABLE: tables.users,
    ORDERS_TABLE: tables.orders,
    IDEMPOTENCY_TABLE: tables.idempotency,
    IDEMPOTENCY_WINDOW_SECONDS: '3600',
    CURSOR_SIGNING_KEY: 'packaged-artifact-test-cursor-signing-key',
    ADMIN_GROUP_NAME: 'apiAdmins',
    USER_POOL_ID: 'us-east-1_TestPool1',
    USER_POOL_CLIENT_ID: 'testclientid',
    POWERTOOLS_SERVICE_NAME: 'orders',
    POWERTOOLS_METRICS_NAMESPACE: 'ServerlessWorkshop',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
});

afterAll(async () => {
  await dynalite?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A Lambda-like folder for `name` (with the layer under `opt` for an order function). */
function sandbox(name: FunctionName, withLayer = FUNCTIONS[name].api === 'orders'): LambdaSandbox {
  return new LambdaSandbox(
    join(workDir, `${name}-${randomUUID().slice(0, 8)}`),
    join(bundlesDir, name),
    withLayer ? join(bundlesDir, 'layer') : undefined,
  );
}

function response(invocation: Invocation | undefined) {
  if (!invocation || !('ok' in invocation))
    throw new Error(`invocation failed: ${JSON.stringify(invocation)}`);
  const result = invocation.ok as { statusCode: number; headers?: Record<string, string>; body?: string };
  return { ...result, json: result.body ? JSON.parse(result.body) : undefined };
}

describe('the bundles', () => {
  it('keeps every function, with the layer it loads, within the budget', () => {
    expect(report.budget).toEqual(BUNDLE_BUDGET);
    expect(report.overBudget).toEqual([]);
    for (const fn of report.functions) {
      expect(fn.total.minifiedBytes, fn.name).toBeLessThanOrEqual(BUNDLE_BUDGET.minifiedBytes);
      expect(fn.total.gzipBytes, fn.name).toBeLessThanOrEqual(BUNDLE_BUDGET.gzipBytes);
    }
    expect(JSON.parse(readFileSync(join(bundlesDir, 'size-report.json'), 'utf8'))).toEqual(report);
  });

  it('keeps every function, with the layer it loads, within 1.5 times a handler that only creates the document client', () => {
    for (const fn of report.functions) {
      expect(fn.total.minifiedBytes / reference.minifiedBytes, fn.name).toBeLessThanOrEqual(1.5);
      expect(fn.total.gzipBytes / reference.gzipBytes, fn.name).toBeLessThanOrEqual(1.5);
    }
  });

  it('ships no layer chunk that nothing imports', () => {
    const chunks = readdirSync(join(bundlesDir, LAYER_MODULES_DIR, '_chunks')).filter((file) =>
      file.endsWith('.mjs'),
    );
    const layerCode = readdirSync(join(bundlesDir, LAYER_MODULES_DIR), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => readFileSync(join(bundlesDir, LAYER_MODULES_DIR, file), 'utf8'))
      .join('\n');
    for (const chunk of chunks) expect(layerCode, chunk).toContain(`/${chunk}"`);
  });

  it('writes one minified ESM index.mjs with the createRequire banner and a source map per function', () => {
    for (const name of Object.keys(FUNCTIONS)) {
      const code = readFileSync(join(bundlesDir, name, 'index.mjs'), 'utf8');
      expect(code.startsWith(BANNER), name).toBe(true);
      expect(code, name).toContain('sourceMappingURL=index.mjs.map');
      expect(existsSync(join(bundlesDir, name, 'index.mjs.map')), name).toBe(true);
    }
  });

  it('leaves the shared code to the layer: each order function keeps only its own code', () => {
    for (const name of ORDER_FUNCTIONS) {
      const fn = report.functions.find((candidate) => candidate.name === name)!;
      expect(fn.usesLayer).toBe(true);
      expect(fn.own.minifiedBytes, name).toBeLessThan(20 * 1024);
      const code = readFileSync(join(bundlesDir, name, 'index.mjs'), 'utf8');
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
    for (const specifier of report.layer.packages) {
      const packageName = specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
      expect(existsSync(join(bundlesDir, LAYER_MODULES_DIR, packageName, 'package.json')), specifier).toBe(
        true,
      );
    }
  });

  it('bundles the users and authorizer functions whole, the AWS SDK included', () => {
    for (const name of ['users', 'authorizer'] as const) {
      const code = readFileSync(join(bundlesDir, name, 'index.mjs'), 'utf8');
      const packages = [...externalImports(code, (specifier) => !isBuiltin(specifier)).keys()];
      expect(packages, name).toEqual([]);
    }
    expect(readFileSync(join(bundlesDir, 'users', 'index.mjs'), 'utf8').includes('DynamoDB_20120810')).toBe(
      true,
    );
  });
});

describe('the packaged functions, laid out as in Lambda (/var/task + /opt), against dynalite', () => {
  const sub = randomUUID();
  const claims = cognitoClaims(sub, 'ana@example.com');
  const order = {
    orderId: `order-${randomUUID()}`,
    restaurantId: 7,
    orderItems: [{ id: 1, name: 'Spaghetti', price: 9.99, quantity: 2 }],
    totalAmount: 19.98,
  };
  const orderPath = { orderId: order.orderId };

  it('places an order once and replays it (add), then reads, lists, edits and cancels it', async () => {
    const post = apiGatewayEvent({ method: 'POST', resource: '/orders', body: order, authorizer: claims });
    const [placed, replayed] = await sandbox('addOrder').invoke([post, { ...post }], environment);
    expect(response(placed).statusCode).toBe(200);
    expect(response(placed).json).toMatchObject({ ...order, userId: sub, status: 'PLACED' });
    expect(response(replayed).statusCode).toBe(200);
    expect(response(replayed).headers?.['Idempotent-Replayed']).toBe('true');
    expect(response(replayed).body).toBe(response(placed).body);

    const [read] = await sandbox('getOrder').invoke(
      [
        apiGatewayEvent({
          method: 'GET',
          resource: '/orders/{orderId}',
          pathParameters: orderPath,
          authorizer: claims,
        }),
      ],
      environment,
    );
    expect(response(read).json).toEqual(response(placed).json);

    const [listed] = await sandbox('listOrders').invoke(
      [apiGatewayEvent({ method: 'GET', resource: '/orders', authorizer: claims })],
      environment,
    );
    expect(response(listed).json.orders).toEqual([response(placed).json]);

    const { orderId: _, ...content } = order;
    const [edited] = await sandbox('editOrder').invoke(
      [
        apiGatewayEvent({
          method: 'PUT',
          resource: '/orders/{orderId}',
          pathParameters: orderPath,
          body: { ...content, totalAmount: 25 },
          authorizer: claims,
        }),
      ],
      environment,
    );
    expect(response(edited).statusCode).toBe(200);
    expect(response(edited).json).toMatchObject({ totalAmount: 25, status: 'PLACED' });

    const [canceled] = await sandbox('cancelOrder').invoke(
      [
        apiGatewayEvent({
          method: 'DELETE',
          resource: '/orders/{orderId}',
          pathParameters: orderPath,
          authorizer: claims,
        }),
      ],
      environment,
    );
    expect(response(canceled).statusCode).toBe(200);
    expect(response(canceled).json).toMatchObject({ orderId: order.orderId, status: 'CANCELED' });
  });

  it('answers another user’s order as absent', async () => {
    const [read] = await sandbox('getOrder').invoke(
      [
        apiGatewayEvent({
          method: 'GET',
          resource: '/orders/{orderId}',
          pathParameters: orderPath,
          authorizer: cognitoClaims(randomUUID(), 'bob@example.com'),
        }),
      ],
      environment,
    );
    expect(response(read).statusCode).toBe(404);
  });

  it('cannot run an order function without its layer', async () => {
    const [result] = await sandbox('getOrder', false)
      .invoke([], environment)
      .catch((error: Error) => [{ error: error.message }]);
    expect(result).toMatchObject({ error: expect.stringMatching(/Cannot find package '@app\//) });
  });

  it('runs the users function: a user creates and reads their own profile', async () => {
    const context = { sub, email: 'ana@example.com', isAdmin: 'false', principalId: sub };
    const userPath = { userid: sub };
    const [put, get] = await sandbox('users').invoke(
      [
        apiGatewayEvent({
          method: 'PUT',
          resource: '/users/{userid}',
          pathParameters: userPath,
          body: { name: 'Ana', email: 'ana@example.com' },
          authorizer: context,
        }),
        apiGatewayEvent({
          method: 'GET',
          resource: '/users/{userid}',
          pathParameters: userPath,
          authorizer: context,
        }),
      ],
      environment,
    );
    expect(response(put).statusCode).toBe(200);
    expect(response(get).json).toMatchObject({ userid: sub, name: 'Ana', email: 'ana@example.com' });
  });

  it('runs the authorizer: a malformed token is Unauthorized', async () => {
    const [result] = await sandbox('authorizer').invoke(
      [
        {
          type: 'TOKEN',
          authorizationToken: 'Bearer not-a-token',
          methodArn: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/Prod/GET/users',
        },
      ],
      environment,
    );
    expect(result).toEqual({ error: 'Unauthorized' });
  });
});
