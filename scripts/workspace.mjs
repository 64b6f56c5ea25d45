#!/usr/bin/env node
// The two Quick start commands, needing nothing but Node.js 20+:
//   npm test   installs, builds and runs every test suite, then prints one summary line
//   npm start  installs, builds and starts the local API (arguments after `--` go to the server)
// pnpm is used when it is on the PATH at the right major version, else run through npx.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const PNPM_VERSION = '12.4.2';
const root = new URL('..', import.meta.url).pathname;
const [task, ...extraArgs] = process.argv.slice(2);

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 20) {
  fail(
    `Node.js 20 or newer is required (found ${process.versions.node}). Install it from https://nodejs.org.`,
  );
}

const pnpm = findPnpm();
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

step('Installing dependencies', ['install', '--frozen-lockfile', '--prefer-offline']);

if (task === 'test') {
  clearTestReports();
  const ok = step(
    'Building and running every test suite',
    ['exec', 'turbo', 'run', 'test', '--concurrency=2'],
    {
      allowFailure: true,
    },
  );
  const { passed, failed, files } = readTestReports();
  console.log(`\nTest files: ${files}`);
  console.log(`Tests: ${passed} passed, ${failed} failed`);
  process.exit(ok && failed === 0 && passed > 0 ? 0 : 1);
} else if (task === 'start') {
  step('Building the local API', [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@app/adapters-lambda...',
    '--output-logs=errors-only',
  ]);
  run(pnpm, ['--silent', '--filter', '@app/adapters-lambda', 'start', ...extraArgs], { inherit: true });
} else {
  fail('usage: node scripts/workspace.mjs test|start [-- server options]');
}

function findPnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0 && probe.stdout.trim().split('.')[0] === PNPM_VERSION.split('.')[0]) {
    return { command: 'pnpm', prefix: [] };
  }
  console.log(
    `pnpm ${PNPM_VERSION.split('.')[0]}.x not found on the PATH: using it through npx (npm i -g pnpm@${PNPM_VERSION} installs it for good).`,
  );
  return { command: 'npx', prefix: ['--yes', `pnpm@${PNPM_VERSION}`] };
}

function step(title, args, { allowFailure = false } = {}) {
  const started = Date.now();
  console.log(`\n▸ ${title} (pnpm ${args.join(' ')})`);
  const status = run(pnpm, args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status !== 0 && !allowFailure) fail(`${title} failed after ${seconds}s (exit ${status}).`);
  console.log(`✔ ${title}: ${status === 0 ? 'done' : 'FAILED'} in ${seconds}s`);
  return status === 0;
}

function run({ command, prefix }, args) {
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function reportFiles() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name, 'test-output', 'vitest.json'))
    .filter((file) => existsSync(file));
}

function clearTestReports() {
  for (const file of reportFiles()) rmSync(file);
}

function readTestReports() {
  let passed = 0;
  let failed = 0;
  let files = 0;
  for (const file of reportFiles()) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests + report.numPendingTests + report.numTodoTests;
    files += report.testResults.length;
  }
  return { passed, failed, files };
}

function fail(message) {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}
