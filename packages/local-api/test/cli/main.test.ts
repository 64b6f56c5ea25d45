import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newOrder } from '../helpers/target.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const BASE_TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.base.json', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'main-'));

/**
 * `npm start -- ARGS` as a user runs it (main.ts, from the sources through tsx, in its own
 * process and with none of the test run's POWERTOOLS_* settings): places an order, then stops
 * the server with SIGTERM and returns everything it printed.
 */
async function startAndPlaceAnOrder(args: string[]): Promise<string> {
  const { child, output: read } = startServer(args);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = await waitFor(() => /Local API listening on (http:\/\/\S+)/.exec(read())?.[1], child, read);
    const tokenResponse = await fetch(`${url}/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'logs@example.com' }),
    });
    const { idToken } = (await tokenResponse.json()) as { idToken: string };
    const placed = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(newOrder('logged-order')),
    });
    expect(placed.status).toBe(200);
    await waitFor(() => (/POST +\/orders → 200/.test(read()) ? true : undefined), child, read);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  return read();
}

/** main.ts with these arguments, in its own process; `output()` is what it printed so far. */
function startServer(args: string[]): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOCAL_KEY_FILE: join(folder, 'key.pem'),
    TSX_TSCONFIG_PATH: BASE_TSCONFIG,
  };
  for (const name of Object.keys(env)) if (name.startsWith('POWERTOOLS_')) delete env[name];
  const child = spawn(
    process.execPath,
    ['--conditions=@app/source', '--import', 'tsx', MAIN, '--port', '0', ...args],
    {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return { child, output: () => output };
}

async function waitFor<T>(probe: () => T | undefined, child: ChildProcess, output: () => string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`The server did not get there:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('npm start: what the terminal shows', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('by default, one line per request (method, path, status, duration, request id) and no JSON', async () => {
    const output = await startAndPlaceAnOrder([]);
    expect(output).toMatch(/\d\d:\d\d:\d\d\.\d{3} POST +\/orders → 200 [\d.]+ ms {2}[0-9a-f-]{36}\n/);
    expect(jsonLines(output)).toEqual([]);
    expect(output).toContain('SIGTERM: stopping');
  });

  it('with --verbose, also the handlers’ Powertools JSON logs, still without metrics', async () => {
    const output = await startAndPlaceAnOrder(['--verbose']);
    const logs = jsonLines(output);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'Request handled', service: 'orders', status: 200 }),
    );
    expect(logs.filter((line) => '_aws' in line)).toEqual([]);
    expect(output).toMatch(/POST +\/orders → 200/);
  });

  it('with --metrics, also the EMF metrics, still without the INFO logs', async () => {
    const output = await startAndPlaceAnOrder(['--metrics']);
    const emf = jsonLines(output).filter((line) => '_aws' in line);
    expect(emf).toContainEqual(expect.objectContaining({ SuccessfulOrder: 1, service: 'orders' }));
    expect(jsonLines(output).filter((line) => 'message' in line)).toEqual([]);
  });
});

describe('npm start -- --inspect', () => {
  it('opens the inspector on the server process itself, with the server’s script as its target', async () => {
    const { child, output } = startServer(['--inspect=0']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const inspector = await waitFor(
        () => /Debugger listening on ws:\/\/(127\.0\.0\.1:\d+)\//.exec(output())?.[1],
        child,
        output,
      );
      const url = await waitFor(
        () => /Local API listening on (http:\/\/\S+)/.exec(output())?.[1],
        child,
        output,
      );
      const targets = (await (await fetch(`http://${inspector}/json/list`)).json()) as Array<{
        type: string;
        url: string;
      }>;
      expect(targets).toEqual([expect.objectContaining({ type: 'node', url: pathToFileURL(MAIN).href })]);
      expect((await fetch(`${url}/local/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
