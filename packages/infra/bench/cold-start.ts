import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BuiltBundles } from './bundles.js';
import { type MetricLine, median, metricLine, progress } from './report.js';

const run = promisify(execFile);
const CHILDREN = join(import.meta.dirname, 'children');
export const COLD_START_RATIO_TARGET = 1.3;

/** The environment of a Lambda function (no network is used while a module initialises). */
const LAMBDA_ENVIRONMENT = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  USERS_TABLE: 'bench-users',
  ORDERS_TABLE: 'bench-orders',
  IDEMPOTENCY_TABLE: 'bench-idempotency',
  CURSOR_SIGNING_KEY: 'bench-cursor-signing-key-of-32-characters',
  USER_POOL_ID: 'us-east-1_BenchPool',
  USER_POOL_CLIENT_ID: 'benchclient',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

/** Imports `bundle` in a fresh `node` and returns how long the import took, in ms. */
async function coldStart(bundle: string): Promise<number> {
  const { stdout } = await run(process.execPath, [join(CHILDREN, 'cold-start.mjs'), bundle], {
    cwd: join(bundle, '..'),
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT },
    timeout: 30_000,
  });
  return (JSON.parse(stdout) as { initMs: number }).initMs;
}

/**
 * Every bundle as `<dir>/<name>/index.mjs` with the layer's packages in `<dir>/node_modules`:
 * Node's own resolver finds them there, as Lambda's runtime finds `/opt/nodejs/node_modules`
 * natively (a loader hook would put Node 20's off-thread hook round trips in the timed path).
 */
function layOut(dir: string, layerModules: string, bundles: Array<{ name: string; file: string }>) {
  mkdirSync(dir, { recursive: true });
  symlinkSync(layerModules, join(dir, 'node_modules'), 'dir');
  return bundles.map(({ name, file }) => {
    mkdirSync(join(dir, name));
    copyFileSync(file, join(dir, name, 'index.mjs'));
    return { name, file: join(dir, name, 'index.mjs') };
  });
}

/**
 * Module init of each bundled function vs the reference handler: every round starts one fresh
 * process per bundle, in an order that rotates each round (so no bundle always follows another);
 * the medians of the rounds are compared.
 */
export async function coldStartMetrics(bundles: BuiltBundles, rounds: number): Promise<MetricLine[]> {
  const candidates = layOut(
    join(bundles.dir, '..', 'cold-starts'),
    join(bundles.dir, 'layer', 'nodejs', 'node_modules'),
    [
      { name: 'reference', file: join(bundles.referenceDir, 'index.mjs') },
      ...bundles.report.functions.map((fn) => ({
        name: fn.name as string,
        file: join(bundles.dir, fn.name, 'index.mjs'),
      })),
    ],
  );
  const samples = new Map<string, number[]>(candidates.map(({ name }) => [name, []]));
  for (const { file } of candidates) await coldStart(file); // warm the file cache
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < candidates.length; index++) {
      const { name, file } = candidates[(index + round) % candidates.length]!;
      samples.get(name)!.push(await coldStart(file));
    }
    if ((round + 1) % 5 === 0) progress(`cold starts: ${round + 1}/${rounds} rounds`);
  }
  const reference = median(samples.get('reference')!);
  return candidates
    .filter(({ name }) => name !== 'reference')
    .map(({ name }) =>
      metricLine(
        `cold-start-init-ms:${name}`,
        median(samples.get(name)!),
        reference,
        COLD_START_RATIO_TARGET,
      ),
    );
}
