import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDocumentClient, ensureTables } from '@app/adapters-dynamodb';
import {
  LOCAL_CREDENTIALS,
  putRawItem,
  startDynalite,
  uniqueTableNames,
  workshopOrderItem,
  workshopUserItem,
} from '@app/adapters-dynamodb/testing';
import type { FunctionName } from '@app/adapters-lambda';
import { apiGatewayEvent, cognitoClaims } from '../test/support/api-events.js';
import type { BuiltBundles } from './bundles.js';
import { orderRequest } from './fixtures.js';
import { infoLine, type MetricLine, median, type Pair, pairedLine, progress, settle } from './report.js';

const run = promisify(execFile);
const CHILDREN = join(import.meta.dirname, 'children');
export const COLD_START_RATIO_TARGET = 1.3;
const MIN_ROUNDS = 15;
const MAX_ROUNDS = 40;

/** A Lambda function's environment (Lambda sets the credentials; the templates set the rest). */
const LAMBDA_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  AWS_SESSION_TOKEN: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  CURSOR_SIGNING_KEY: 'bench-cursor-signing-key-of-32-characters',
  USER_POOL_ID: 'us-east-1_BenchPool',
  USER_POOL_CLIENT_ID: 'benchclient',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

interface Outcome {
  statusCode?: number;
  error?: string;
}

interface Sample {
  initMs: number;
  firstCallMs: number;
  outcome?: Outcome;
}

/** Imports `bundle` in a fresh `node`, invokes it once with `event` (if any); its timings. */
async function coldStart(
  bundle: string,
  name: string,
  environment: Record<string, string>,
  eventFile?: string,
): Promise<Sample> {
  const { stdout } = await run(
    process.execPath,
    [join(CHILDREN, 'cold-start.mjs'), bundle, ...(eventFile === undefined ? [] : [eventFile])],
    {
      cwd: join(bundle, '..'),
      env: { PATH: process.env.PATH ?? '', ...environment, AWS_LAMBDA_FUNCTION_NAME: name },
      timeout: 30_000,
    },
  );
  const marker = stdout.lastIndexOf('\n@cold-start ');
  if (marker < 0) throw new Error(`${name}: no cold-start result in ${JSON.stringify(stdout.slice(-500))}`);
  return JSON.parse(stdout.slice(marker + '\n@cold-start '.length)) as Sample;
}

/**
 * Every bundle as `<dir>/<name>/index.mjs` with the layer's packages in `<dir>/node_modules`:
 * Node's own resolver finds them there, as Lambda's runtime finds `/opt/nodejs/node_modules`
 * natively (a loader hook would put Node 20's off-thread hook round trips in the timed path).
 */
function layOut(dir: string, layerModules: string, bundles: Array<{ name: string; file: string }>) {
  mkdirSync(dir, { recursive: true });
  symlinkSync(layerModules, join(dir, 'node_modules'), 'dir');
  return new Map(
    bundles.map(({ name, file }) => {
      mkdirSync(join(dir, name));
      copyFileSync(file, join(dir, name, 'index.mjs'));
      return [name, join(dir, name, 'index.mjs')];
    }),
  );
}

/** What the reference handler does for a function: the same DynamoDB calls its request makes. */
type ReferenceCalls = 'none' | 'get' | 'query' | 'update' | 'put-put-update';
type ReferenceCall = { command: 'Get' | 'Put' | 'Query' | 'Update'; input: Record<string, unknown> };

interface Scenario {
  /** The function's request in round `round`. */
  event: (round: number) => unknown;
  /** What the function must answer (a sample that answers otherwise is a bench bug). */
  expected: Outcome;
  reference: ReferenceCalls;
}

/**
 * Cold start = init (the import: what Lambda's init phase runs) + the first invocation, for each
 * bundled function and for the reference handler making the same DynamoDB calls, against the
 * same dynalite on loopback. Every round starts one fresh process per function and per kind of
 * reference call, in an order that rotates each round; each function's sample is paired with the
 * reference sample of its round (`settle`, `pairedLine`). Also printed, for one release: issue 7's
 * figure, the import alone against its reference (legacy).
 */
export async function coldStartMetrics(bundles: BuiltBundles): Promise<MetricLine[]> {
  const dynalite = await startDynalite();
  const client = createDocumentClient({ endpoint: dynalite.endpoint, credentials: LOCAL_CREDENTIALS });
  try {
    const tables = uniqueTableNames('bench-cold');
    await ensureTables(client, tables);
    const environment = {
      ...LAMBDA_ENVIRONMENT,
      DYNAMODB_ENDPOINT: dynalite.endpoint,
      USERS_TABLE: tables.users,
      ORDERS_TABLE: tables.orders,
      IDEMPOTENCY_TABLE: tables.idempotency,
    };
    const caller = { sub: `bench-${randomUUID()}`, email: 'bench@example.com' };
    const orderKey = (orderId: string) => ({ userId: caller.sub, orderId });
    await putRawItem(client, tables.users, workshopUserItem(caller.sub, { email: caller.email }));
    // The caller's orders: one to read, a few to list (one page), one the reference edits.
    for (const orderId of ['read', 'listed-1', 'listed-2', 'listed-3', 'reference-edit'])
      await putRawItem(client, tables.orders, workshopOrderItem(orderKey(orderId)));
    const seedRound = async (round: number) => {
      for (const kind of ['edit', 'cancel'])
        await putRawItem(client, tables.orders, workshopOrderItem(orderKey(`${kind}-${round}`)));
    };

    const claims = cognitoClaims(caller.sub, caller.email, {
      userPoolId: environment.USER_POOL_ID,
      clientId: environment.USER_POOL_CLIENT_ID,
    });
    const { orderId: _, ...content } = orderRequest();
    const ok = { statusCode: 200 };
    const scenarios: Record<FunctionName, Scenario> = {
      users: {
        event: () =>
          apiGatewayEvent({
            method: 'GET',
            resource: '/users/{userid}',
            pathParameters: { userid: caller.sub },
            authorizer: { sub: caller.sub, email: caller.email, isAdmin: 'false' },
          }),
        expected: ok,
        reference: 'get',
      },
      // A refused token: the path that needs no I/O (a valid one needs the pool's JWKS over HTTPS).
      authorizer: {
        event: () => ({
          type: 'TOKEN',
          authorizationToken: 'Bearer not-a-jwt',
          methodArn: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/Prod/GET/users',
        }),
        expected: { error: 'Unauthorized' },
        reference: 'none',
      },
      addOrder: {
        event: () =>
          apiGatewayEvent({
            method: 'POST',
            resource: '/orders',
            body: orderRequest(),
            authorizer: claims,
          }),
        expected: ok,
        reference: 'put-put-update',
      },
      getOrder: {
        event: () =>
          apiGatewayEvent({
            method: 'GET',
            resource: '/orders/{orderId}',
            pathParameters: { orderId: 'read' },
            authorizer: claims,
          }),
        expected: ok,
        reference: 'get',
      },
      listOrders: {
        event: () => apiGatewayEvent({ method: 'GET', resource: '/orders', authorizer: claims }),
        expected: ok,
        reference: 'query',
      },
      editOrder: {
        event: (round) =>
          apiGatewayEvent({
            method: 'PUT',
            resource: '/orders/{orderId}',
            pathParameters: { orderId: `edit-${round}` },
            body: { ...content, totalAmount: 30 },
            authorizer: claims,
          }),
        expected: ok,
        reference: 'update',
      },
      cancelOrder: {
        event: (round) =>
          apiGatewayEvent({
            method: 'DELETE',
            resource: '/orders/{orderId}',
            pathParameters: { orderId: `cancel-${round}` },
            authorizer: claims,
          }),
        expected: ok,
        reference: 'update',
      },
    };
    const referenceCalls = (kind: ReferenceCalls): ReferenceCall[] => {
      const orders = tables.orders;
      switch (kind) {
        case 'none':
          return [];
        case 'get':
          return [
            { command: 'Get', input: { TableName: orders, Key: orderKey('read'), ConsistentRead: true } },
          ];
        case 'query':
          return [
            {
              command: 'Query',
              input: {
                TableName: orders,
                KeyConditionExpression: '#userId = :userId',
                ExpressionAttributeNames: { '#userId': 'userId' },
                ExpressionAttributeValues: { ':userId': caller.sub },
                Limit: 50,
              },
            },
          ];
        case 'update':
          return [
            {
              command: 'Update',
              input: {
                TableName: orders,
                Key: orderKey('reference-edit'),
                UpdateExpression: 'SET #data.#totalAmount = :totalAmount',
                ConditionExpression: '#data.#status = :from',
                ExpressionAttributeNames: {
                  '#data': 'data',
                  '#status': 'status',
                  '#totalAmount': 'totalAmount',
                },
                ExpressionAttributeValues: { ':from': 'PLACED', ':totalAmount': 30 },
                ReturnValues: 'ALL_NEW',
              },
            },
          ];
        case 'put-put-update': {
          // Powertools idempotency's record, the order, the record completed: as addOrder does.
          const order = workshopOrderItem(orderKey(`reference-${randomUUID()}`));
          const id = `bench#${caller.sub}#${order.orderId}`;
          const expiration = Math.floor(Date.now() / 1000) + 3600;
          return [
            {
              command: 'Put',
              input: {
                TableName: tables.idempotency,
                Item: { id, expiration, status: 'INPROGRESS', in_progress_expiration: Date.now() + 29_000 },
                ConditionExpression: 'attribute_not_exists(#id) OR #expiry < :now',
                ExpressionAttributeNames: { '#id': 'id', '#expiry': 'expiration' },
                ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
              },
            },
            {
              command: 'Put',
              input: {
                TableName: orders,
                Item: order,
                ConditionExpression: 'attribute_not_exists(#userId)',
                ExpressionAttributeNames: { '#userId': 'userId' },
              },
            },
            {
              command: 'Update',
              input: {
                TableName: tables.idempotency,
                Key: { id },
                UpdateExpression: 'SET #response_data = :response_data, #expiry = :expiry, #status = :status',
                ExpressionAttributeNames: {
                  '#response_data': 'data',
                  '#expiry': 'expiration',
                  '#status': 'status',
                },
                ExpressionAttributeValues: {
                  ':response_data': JSON.stringify(order.data),
                  ':expiry': expiration,
                  ':status': 'COMPLETED',
                },
              },
            },
          ];
        }
      }
    };

    const functionNames = bundles.report.functions.map((fn) => fn.name);
    const referenceKinds = [...new Set(functionNames.map((name) => scenarios[name].reference))];
    const files = layOut(
      join(bundles.dir, '..', 'cold-starts'),
      join(bundles.dir, 'layer', 'nodejs', 'node_modules'),
      [
        { name: 'reference', file: join(bundles.referenceDir, 'index.mjs') },
        { name: 'legacy-reference', file: join(bundles.legacyReferenceDir, 'index.mjs') },
        ...functionNames.map((name) => ({ name, file: join(bundles.dir, name, 'index.mjs') })),
      ],
    );
    const eventsDir = join(bundles.dir, '..', 'cold-start-events');
    mkdirSync(eventsDir, { recursive: true });
    type Candidate = { key: string; sample: (round: number) => Promise<Sample> };
    const withEvent = async (key: string, file: string, event: unknown, expected: Outcome) => {
      const eventFile = join(eventsDir, `${key}.json`);
      writeFileSync(eventFile, JSON.stringify(event));
      const sample = await coldStart(file, key, environment, eventFile);
      const { statusCode, error } = sample.outcome ?? {};
      if (statusCode !== expected.statusCode || error !== expected.error)
        throw new Error(`${key} answered ${JSON.stringify(sample.outcome)}, not ${JSON.stringify(expected)}`);
      return sample;
    };
    const candidates: Candidate[] = [
      ...functionNames.map((name) => ({
        key: name,
        sample: (round: number) =>
          withEvent(name, files.get(name)!, scenarios[name].event(round), scenarios[name].expected),
      })),
      ...referenceKinds.map((kind) => ({
        key: `reference:${kind}`,
        sample: () =>
          withEvent(`reference-${kind}`, files.get('reference')!, { calls: referenceCalls(kind) }, ok),
      })),
      {
        key: 'legacy-reference',
        sample: () => coldStart(files.get('legacy-reference')!, 'legacy-reference', environment),
      },
    ];

    progress('cold starts: one warm-up process per bundle…');
    await seedRound(-1);
    for (const candidate of candidates) await candidate.sample(-1); // warms the file cache
    const legacyPairs = new Map<string, Pair[]>(functionNames.map((name) => [name, []]));
    const phases = new Map<string, Sample[]>(candidates.map(({ key }) => [key, []]));
    const targets = Object.fromEntries(
      functionNames.map((name) => [name, COLD_START_RATIO_TARGET]),
    ) as Record<FunctionName, number>;
    const pairs = await settle({
      label: 'cold starts',
      targets,
      minRounds: MIN_ROUNDS,
      maxRounds: MAX_ROUNDS,
      round: async (round) => {
        await seedRound(round);
        const samples = new Map<string, Sample>();
        for (let index = 0; index < candidates.length; index++) {
          const candidate = candidates[(index + round) % candidates.length]!;
          const sample = await candidate.sample(round);
          samples.set(candidate.key, sample);
          phases.get(candidate.key)!.push(sample);
        }
        const total = (sample: Sample) => sample.initMs + sample.firstCallMs;
        const legacy = samples.get('legacy-reference')!;
        return Object.fromEntries(
          functionNames.map((name): [FunctionName, Pair] => {
            const own = samples.get(name)!;
            const reference = samples.get(`reference:${scenarios[name].reference}`)!;
            legacyPairs.get(name)!.push({ value: own.initMs, reference: legacy.initMs });
            return [name, { value: total(own), reference: total(reference) }];
          }),
        ) as Record<FunctionName, Pair>;
      },
    });
    // Where the time goes, for people: the medians of the two phases of every candidate.
    for (const [key, list] of phases) {
      const ms = (pick: (sample: Sample) => number) => median(list.map(pick)).toFixed(1);
      progress(
        `cold starts: ${key}: init ${ms((s) => s.initMs)} ms + first call ${ms((s) => s.firstCallMs)} ms`,
      );
    }
    return [
      ...functionNames.map((name) =>
        pairedLine(`cold-start-ms:${name}`, pairs[name], COLD_START_RATIO_TARGET, {
          unit: 'ms',
          note: `init + first invocation; reference: the same DynamoDB calls (${scenarios[name].reference})`,
        }),
      ),
      ...functionNames.map((name) =>
        infoLine(
          pairedLine(`cold-start-init-ms:${name}`, legacyPairs.get(name)!, COLD_START_RATIO_TARGET, {
            unit: 'ms',
          }),
          'issue 7: the import alone, against a reference keeping the SDK’s whole credential chain',
        ),
      ),
    ];
  } finally {
    client.destroy();
    await dynalite.close();
  }
}
