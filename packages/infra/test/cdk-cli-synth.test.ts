import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ORDERS_STACK_NAME, USERS_STACK_NAME } from '../src/serverless-app.js';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '..');

/** pnpm as this test was started with (`pnpm test`; a script or a native binary), else the one on the PATH. */
function pnpm(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (!execPath?.includes('pnpm')) return ['pnpm', []];
  return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
}

it('`pnpm synth` bundles the functions and writes both templates to cdk.out, offline', async () => {
  const started = Date.now();
  const [command, prefix] = pnpm();

  const { stdout } = await run(command, [...prefix, 'run', 'synth'], {
    cwd: packageDir,
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CI: 'true' },
    // Generous: bundling and synth in a new process take over 90 s on a loaded 2-core CI machine.
    timeout: 300_000,
  });

  expect(stdout).toContain('budget per function incl. layer');
  for (const stackName of [USERS_STACK_NAME, ORDERS_STACK_NAME]) {
    const file = join(packageDir, 'cdk.out', `${stackName}.template.json`);
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).Resources).length).toBeGreaterThan(40);
  }
}, 360_000);
