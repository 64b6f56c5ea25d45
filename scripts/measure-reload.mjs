#!/usr/bin/env node
// Save → serving the new code under `npm run dev`, for an edit in each of core, adapters-lambda
// and local-api: starts the dev server (packages/local-api/dist/cli/dev-main.js, so build first:
// `npm start` or `pnpm build`), changes a message that a response carries, polls until the
// response carries the new one, and restores the file. For comparison, the time a plain restart
// of `node dist/cli/main.js` takes to serve. Prints the load average with the figures (the
// machine is shared), the samples and their medians, as JSON lines.
//   node scripts/measure-reload.mjs [edits per package, default 5]
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const EDITS = Number(process.argv[2] ?? 5);
const TIMEOUT_MS = 60_000;

/** A message each package puts in a response, and the request that shows it. */
const TARGETS = [
  {
    package: 'core',
    file: 'packages/core/src/orders/order.service.ts',
    text: 'was not found.',
    edited: (n) => `was not found (edit ${n}).`,
    path: '/orders/no-such-order',
  },
  {
    package: 'adapters-lambda',
    file: 'packages/adapters-lambda/src/http/problem.ts',
    text: "title: 'Order not found'",
    edited: (n) => `title: 'Order not found (edit ${n})'`,
    path: '/orders/no-such-order',
  },
  {
    package: 'local-api',
    file: 'packages/local-api/src/gateway/gateway-responses.ts',
    text: "'Missing Authentication Token'",
    edited: (n) => `'Missing Authentication Token (edit ${n})'`,
    path: '/no-such-route',
  },
];

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const load = () => loadavg().map((value) => Number(value.toFixed(2)));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const report = (line) => console.log(JSON.stringify(line));

report({ measuring: 'restart: node dist/cli/main.js until it serves', loadAverage: load() });
const restarts = [];
for (let run = 0; run < 3; run += 1) {
  const started = performance.now();
  const server = startServer('packages/local-api/dist/cli/main.js');
  await until(async () => (await get('/local/health'))?.status === 200);
  restarts.push(Math.round(performance.now() - started));
  await stop(server);
}
report({ restart: { samplesMs: restarts, medianMs: median(restarts) }, loadAverage: load() });

const dev = startServer('packages/local-api/dist/cli/dev-main.js');
const originals = new Map(TARGETS.map((target) => [target.file, readFileSync(join(target.file), 'utf8')]));
try {
  await until(async () => (await get('/local/health'))?.status === 200);
  const token = await (
    await fetch(`${url}/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'reload@example.com' }),
    })
  ).json();
  for (const target of TARGETS) {
    const original = originals.get(target.file);
    if (!original.includes(target.text)) throw new Error(`${target.file} no longer holds ${target.text}`);
    const samples = [];
    for (let edit = 1; edit <= EDITS; edit += 1) {
      const marker = `(edit ${edit})`;
      const saved = performance.now();
      writeFileSync(join(target.file), original.replace(target.text, target.edited(edit)));
      await until(async () => (await get(target.path, token.idToken))?.body.includes(marker));
      samples.push(Math.round(performance.now() - saved));
    }
    writeFileSync(join(target.file), original);
    await until(async () => !(await get(target.path, token.idToken))?.body.includes('(edit '));
    report({
      package: target.package,
      edit: target.file,
      samplesMs: samples,
      medianMs: median(samples),
      loadAverage: load(),
    });
  }
} finally {
  for (const [file, text] of originals) writeFileSync(join(file), text);
  await stop(dev);
}

function join(file) {
  return `${root}${file}`;
}

function startServer(entry) {
  const child = spawn(process.execPath, [join(entry), '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  return child;
}

async function stop(child) {
  child.kill('SIGTERM');
  await child.exited;
}

async function get(path, token) {
  try {
    const response = await fetch(
      `${url}${path}`,
      token === undefined ? {} : { headers: { Authorization: token } },
    );
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

async function until(probe) {
  const deadline = performance.now() + TIMEOUT_MS;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
  });
}
