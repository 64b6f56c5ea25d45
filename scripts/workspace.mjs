#!/usr/bin/env node
// The two Quick start commands, needing nothing but Node.js 20+:
//   npm test   installs, builds and runs every test suite, then prints one summary line
//   npm start  installs, builds and starts the local API (arguments after `--` go to the server)
//   npm run dev  the same, then rebuilds and restarts the server on every save (packages/local-api/src/cli/dev-main.ts)
// pnpm is used when it is on the PATH at the right major version, else run through npx.
// Each long step prints a `▸ [n/N]` line when it starts and, when it ends, a `✔` line with its time (or a `✘ … FAILED` line);
// pnpm's progress and turbo's per-package output stream in between.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const PNPM_VERSION = '12.4.2';
/** Debian's Chromium, which the browser test (`packages/local-api/test/browser`) drives. */
const CHROMIUM = '/usr/bin/chromium';
/** What the browser test saves: Swagger UI after a "Try it out" of `GET /orders`. */
const SCREENSHOT = 'packages/local-api/test-output/docs-page.png';
/** The local API server, as `turbo run build` leaves it. */
const SERVER_ENTRY = 'packages/local-api/dist/cli/main.js';
/** The same server, restarted on the new code whenever a source file is saved. */
const DEV_ENTRY = 'packages/local-api/dist/cli/dev-main.js';
const root = new URL('..', import.meta.url).pathname;
const [task, ...extraArgs] = process.argv.slice(2);

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 20) {
  fail(
    `Node.js 20 or newer is required (found ${process.versions.node}). Install it from https://nodejs.org.`,
  );
}

if (task !== 'test' && task !== 'start' && task !== 'dev')
  fail('usage: node scripts/workspace.mjs test|start|dev [-- server options]');
if (task === 'test') requireChromium();
else await requireFreePort(extraArgs);

const pnpm = findPnpm();
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

const TOTAL_STEPS = 2;
let stepNumber = 0;

step('Installing dependencies', ['install', '--frozen-lockfile', '--prefer-offline']);

if (task === 'test') {
  clearTestReports();
  const ok = step(
    'Linting, type-checking, building and running every test suite',
    ['exec', 'turbo', 'run', 'lint', 'typecheck', 'test', '--concurrency=2'],
    {
      allowFailure: true,
    },
  );
  const { passed, failed, files } = readTestReports();
  console.log(`\nTest files: ${files}`);
  if (existsSync(join(root, SCREENSHOT))) console.log(`Swagger UI screenshot: ${SCREENSHOT}`);
  console.log(`Tests: ${passed} passed, ${failed} failed`);
  process.exit(ok && failed === 0 && passed > 0 ? 0 : 1);
} else {
  step('Building the local API', [
    'exec',
    'turbo',
    'run',
    'build',
    '--filter=@app/local-api...',
    // One line per package (built or taken from the cache), the full output only on errors.
    '--output-logs=hash-only',
  ]);
  startServer(task === 'dev' ? DEV_ENTRY : SERVER_ENTRY, extraArgs);
}

/**
 * Runs the built server directly rather than through pnpm, so that Ctrl+C ends in the server's
 * own "Stopped." and not in a package manager's error. The terminal sends SIGINT to both
 * processes, so this one only waits; a SIGTERM sent to this process alone is passed on.
 */
function startServer(entry, args) {
  const server = spawn(process.execPath, ['--enable-source-maps', join(root, entry), ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => server.kill('SIGTERM'));
  server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * The server's port, checked before minutes of installing and building: the server would find
 * it taken only then. Reads --port/--host as the server does (a flag wins over PORT/HOST); the
 * server itself reports anything else wrong with them.
 */
async function requireFreePort(args) {
  const flag = (name) => {
    const index = args.findLastIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
    if (index === -1) return undefined;
    const arg = args[index];
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  };
  const port = Number(flag('port') ?? process.env.PORT ?? 3000);
  const host = flag('host') ?? process.env.HOST ?? '127.0.0.1';
  if (args.includes('--help') || args.includes('-h') || !Number.isInteger(port) || port <= 0 || port > 65535)
    return;
  const code = await new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error.code));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
  if (code === 'EADDRINUSE') {
    fail(
      `Port ${port} on ${host} is already in use. Stop the program using it, or pick another port with --port (or PORT), e.g. npm ${task === 'dev' ? 'run dev' : 'start'} -- --port 4000.`,
    );
  }
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

/**
 * The browser test drives Debian's Chromium, and fails (as every test on `main` must) when it is
 * missing. As root with apt-get (CI, containers) this command installs it, as it installs
 * everything else; otherwise it says so before minutes of installing and building.
 */
function requireChromium() {
  if (existsSync(CHROMIUM)) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    fail(
      [
        `The browser test needs Debian's Chromium at ${CHROMIUM}, which is not installed. Install it, then run npm test again:`,
        '',
        `    ${sudo}apt-get update && ${sudo}apt-get install -y chromium`,
        '',
        '(See "Troubleshooting" in README.md.)',
      ].join('\n'),
    );
  }
  const started = Date.now();
  console.log("▸ Installing Debian's chromium for the browser test (apt-get, about a minute)…");
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { env: aptEnv, encoding: 'utf8' });
    if (result.status !== 0) {
      console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-30).join('\n'));
      fail(`apt-get ${args.join(' ')} failed: chromium could not be installed.`);
    }
  }
  console.log(`✔ chromium installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function step(title, args, { allowFailure = false } = {}) {
  const started = Date.now();
  stepNumber += 1;
  console.log(`\n▸ [${stepNumber}/${TOTAL_STEPS}] ${title} (pnpm ${args.join(' ')})`);
  const status = run(pnpm, args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status !== 0 && !allowFailure) fail(`${title} failed after ${seconds}s (exit ${status}).`);
  console.log(
    status === 0 ? `✔ ${title}: done in ${seconds}s` : `✘ ${title}: FAILED in ${seconds}s (exit ${status})`,
  );
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
  rmSync(join(root, SCREENSHOT), { force: true });
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
