import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../../src/cli/cli.js';
import { parseCommandLine } from '../../src/cli/options.js';
import type { LocalServer } from '../../src/gateway/server.js';
import { DEFAULT_KEY_FILE } from '../../src/identity/identity.js';
import '../helpers/target.js';

describe('parseCommandLine', () => {
  it('defaults to memory storage on 127.0.0.1:3000, the shared key file, no demo data and quiet handlers', () => {
    expect(parseCommandLine([], {})).toEqual({
      kind: 'start',
      flags: { seed: false, verbose: false, metrics: false },
      options: { port: 3000, host: '127.0.0.1', storage: 'memory', keyFile: DEFAULT_KEY_FILE },
    });
    expect(DEFAULT_KEY_FILE).toBe(
      join(new URL('../../../..', import.meta.url).pathname, '.local/signing-key.pem'),
    );
  });

  it.each([
    [['--seed'], {}, { seed: true, verbose: false, metrics: false }],
    [['--verbose', '--metrics'], {}, { seed: false, verbose: true, metrics: true }],
    [[], { SEED: '1', VERBOSE: 'true', METRICS: '1' }, { seed: true, verbose: true, metrics: true }],
  ])('reads the flags %j (environment %j)', (argv, env, flags) => {
    expect(parseCommandLine(argv, env)).toMatchObject({ kind: 'start', flags });
  });

  it('resolves a relative --key-file from where npm was called (INIT_CWD)', () => {
    expect(parseCommandLine(['--key-file', 'keys/k.pem'], { INIT_CWD: '/home/dev/repo' })).toMatchObject({
      options: { keyFile: '/home/dev/repo/keys/k.pem' },
    });
  });

  it('reads the environment, and a flag wins over it', () => {
    const env = {
      PORT: '4000',
      STORAGE: 'memory',
      CURSOR_SIGNING_KEY: 'k'.repeat(32),
      LOCAL_KEY_FILE: '/tmp/k.pem',
    };
    expect(parseCommandLine(['--port', '5000'], env)).toMatchObject({
      kind: 'start',
      options: { port: 5000, storage: 'memory', cursorSigningKey: 'k'.repeat(32), keyFile: '/tmp/k.pem' },
    });
    expect(parseCommandLine([], env)).toMatchObject({ options: { port: 4000 } });
  });

  it('takes --allowed-host (repeatable) or ALLOWED_HOSTS, and refuses what is not a host name', () => {
    expect(
      parseCommandLine(['--allowed-host', 'host.docker.internal', '--allowed-host', 'box:8080'], {}),
    ).toMatchObject({ options: { allowedHosts: ['host.docker.internal', 'box:8080'] } });
    expect(parseCommandLine([], { ALLOWED_HOSTS: 'a.example, [::2]:3000' })).toMatchObject({
      options: { allowedHosts: ['a.example', '[::2]:3000'] },
    });
    expect(parseCommandLine([], {})).not.toHaveProperty('options.allowedHosts');
    for (const bad of ['http://a.example', 'a b', '*', 'a.example/x']) {
      const command = parseCommandLine(['--allowed-host', bad], {});
      expect(command.kind, bad).toBe('error');
      expect(command).toMatchObject({ message: expect.stringContaining('--allowed-host') });
    }
  });

  it('uses DynamoDB with custom tables when given an endpoint', () => {
    const command = parseCommandLine(
      ['--dynamodb-endpoint', 'http://127.0.0.1:8000', '--orders-table', 'my-orders'],
      { AWS_REGION: 'eu-west-1' },
    );
    expect(command).toMatchObject({
      kind: 'start',
      options: {
        storage: 'dynamodb',
        dynamodb: {
          endpoint: 'http://127.0.0.1:8000',
          region: 'eu-west-1',
          tables: { users: 'local-users', orders: 'my-orders', idempotency: 'local-idempotency' },
        },
      },
    });
  });

  it('takes --cors-origin once per origin, or CORS_ALLOWED_ORIGINS comma-separated', () => {
    expect(
      parseCommandLine(
        ['--cors-origin', 'http://127.0.0.1:5173', '--cors-origin', 'https://app.example.com'],
        {
          CORS_ALLOWED_ORIGINS: 'https://ignored.example.com',
        },
      ),
    ).toMatchObject({ options: { corsOrigins: ['http://127.0.0.1:5173', 'https://app.example.com'] } });
    expect(
      parseCommandLine([], { CORS_ALLOWED_ORIGINS: 'https://a.example,https://b.example' }),
    ).toMatchObject({
      options: { corsOrigins: ['https://a.example', 'https://b.example'] },
    });
  });

  it.each([
    [['--cors-origin', 'app.example.com'], /--cors-origin\/CORS_ALLOWED_ORIGINS: not an origin/],
    [['--cors-origin', '*', '--cors-origin', 'https://a.example'], /cannot be combined/],
    [['--port', 'abc'], /--port\/PORT must be a port number/],
    [['--port', '70000'], /--port\/PORT must be a port number/],
    [['--storage', 'redis'], /--storage\/STORAGE must be memory or dynamodb/],
    [['--storage', 'dynamodb'], /needs --dynamodb-endpoint/],
    [['--dynamodb-endpoint', 'localhost:8000'], /must be an http\(s\) URL/],
    [['--users-table', 'x'], /not a DynamoDB table name/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['positional'], /positional/],
  ])('refuses %j with a clear message', (argv, message) => {
    const command = parseCommandLine(argv, {});
    expect(command.kind).toBe('error');
    if (command.kind === 'error') expect(command.message).toMatch(message);
  });

  it.each([
    [['--prot', '4000'], "Unknown option '--prot'. Did you mean --port?"],
    [['--verbos'], "Unknown option '--verbos'. Did you mean --verbose?"],
    [
      ['--dynamodb-endpiont', 'http://x'],
      "Unknown option '--dynamodb-endpiont'. Did you mean --dynamodb-endpoint?",
    ],
    [['--frobnicate'], "Unknown option '--frobnicate'."],
  ])('suggests the option meant for the unknown %j', (argv, message) => {
    expect(parseCommandLine(argv, {})).toEqual({ kind: 'error', message });
  });

  it.each([
    [['--inspect'], { host: '127.0.0.1', port: 9229 }],
    [['--inspect=0'], { host: '127.0.0.1', port: 0 }],
    [['--inspect=0.0.0.0:9230'], { host: '0.0.0.0', port: 9230 }],
    [['--inspect', '--port', '4000'], { host: '127.0.0.1', port: 9229 }],
  ])('reads %j as Node reads --inspect', (argv, inspect) => {
    expect(parseCommandLine(argv, {})).toMatchObject({ kind: 'start', flags: { inspect } });
  });

  it('uses the real AWS tables only with an explicit --aws, which needs a region', () => {
    expect(parseCommandLine(['--storage', 'dynamodb'], {})).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('or --aws for the real tables of your AWS account'),
    });
    expect(parseCommandLine(['--storage', 'dynamodb', '--aws'], {})).toEqual({
      kind: 'error',
      message: '--aws needs --region (or AWS_REGION): the region of the tables',
    });
    expect(parseCommandLine(['--aws'], { AWS_REGION: 'eu-west-1' })).toEqual({
      kind: 'error',
      message: '--aws is only used with --storage dynamodb',
    });
    expect(
      parseCommandLine(['--storage', 'dynamodb', '--aws', '--users-table', 'u-1'], {
        AWS_REGION: 'eu-west-1',
      }),
    ).toMatchObject({
      kind: 'start',
      options: {
        storage: 'dynamodb',
        dynamodb: { aws: true, region: 'eu-west-1', tables: { users: 'u-1' } },
      },
    });
  });

  it('recognises --help', () => {
    expect(parseCommandLine(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-h', '--port', 'x'], {})).toEqual({ kind: 'help' });
  });
});

/** Captured output, and a stop that happens once the server is up (after `check` ran). */
function io(
  env: Record<string, string>,
  check: (server: LocalServer) => Promise<void> = async () => undefined,
) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    stopRequested: async (server) => {
      await check(server);
      return 'SIGTERM';
    },
  };
  return { cli, stdout: () => out.join(''), stderr: () => err.join('') };
}

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

describe('runCli', () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'cli-key-'));
  const keyFile = join(keyDir, 'signing-key.pem');
  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

  it('prints the usage for --help and exits 0', async () => {
    const { cli, stdout } = io({});
    expect(await runCli(['--help'], cli)).toBe(0);
    expect(stdout()).toContain('--dynamodb-endpoint');
  });

  it('exits 2 with a message for bad options', async () => {
    const { cli, stderr } = io({});
    expect(await runCli(['--port', 'nope'], cli)).toBe(2);
    expect(stderr()).toContain("--port/PORT must be a port number 0-65535 (got 'nope')");
    expect(stderr()).toContain('--help');
  });

  it('says the port is taken, without a stack trace, and exits 1', async () => {
    const { server, port } = await occupyPort();
    try {
      const { cli, stderr } = io({ LOCAL_KEY_FILE: keyFile });
      expect(await runCli(['--port', String(port)], cli)).toBe(1);
      expect(stderr()).toBe(
        `Cannot start the local API: Port ${port} on 127.0.0.1 is already in use. Stop the program using it, or pick another port with --port (or PORT).\n`,
      );
    } finally {
      server.close();
    }
  });

  it('starts, prints a banner of at most 12 lines without tokens, logs one line per request, and stops cleanly', async () => {
    let url = '';
    const { cli, stdout } = io({ PORT: '0', LOCAL_KEY_FILE: keyFile }, async (server) => {
      url = server.url;
      const health = await fetch(`${server.url}/local/health`);
      expect(health.status).toBe(200);
    });

    expect(await runCli(['--', '--host', '127.0.0.1'], cli)).toBe(0);

    const output = stdout();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const banner = output.slice(0, output.indexOf('Press Ctrl+C to stop.') + 'Press Ctrl+C to stop.'.length);
    expect(banner.trim().split('\n').length).toBeLessThanOrEqual(12);
    expect(banner).toContain(`Local API listening on ${url}`);
    expect(banner).toContain(`docs:     ${url}/docs`);
    expect(banner).toContain('storage:  memory');
    expect(banner).toContain('npm run -s token -- --email you@example.com [--admin]');
    expect(banner).toContain('--verbose');
    expect(banner).not.toMatch(/ey[\w-]+\.[\w-]+\.[\w-]+/);
    expect(output).toMatch(/GET +\/local\/health → 200 [\d.]+ ms {2}[0-9a-f-]{36}/);
    expect(output).toContain('SIGTERM: stopping');
    expect(output).toContain('Stopped.');
  });

  it('with --verbose, prints the ready-to-paste commands with fresh tokens', async () => {
    let url = '';
    const { cli, stdout } = io({ PORT: '0', LOCAL_KEY_FILE: keyFile }, async (server) => {
      url = server.url;
    });

    expect(await runCli(['--verbose'], cli)).toBe(0);

    const output = stdout();
    expect(output).toContain(`Local API listening on ${url}`);
    expect(output).toContain(`(signing key: ${keyFile})`);
    expect(output).toContain('npm run token -- --email alice@example.com [--admin] [--decode]');
    expect(output).toMatch(/export ADMIN_TOKEN='ey[\w-]+\.[\w-]+\.[\w-]+'/);
    expect(output).toMatch(/export TOKEN='ey[\w-]+\.[\w-]+\.[\w-]+'/);
    expect(output).toContain(`curl -s -X POST ${url}/orders`);
  });
});
