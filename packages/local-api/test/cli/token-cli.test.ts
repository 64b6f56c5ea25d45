import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTokenCli, type TokenCliIo } from '../../src/cli/token-cli.js';
import { createLocalIdentity, subjectForEmail } from '../../src/identity/identity.js';
import { startTarget, type Target } from '../helpers/target.js';

const folder = mkdtempSync(join(tmpdir(), 'token-cli-'));
const keyFile = join(folder, 'signing-key.pem');

async function token(argv: string[], env: TokenCliIo['env'] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTokenCli(argv, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A port nothing listens on: bound, read, released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

describe('npm run token', () => {
  let withKeyFile: Target;

  beforeAll(async () => {
    withKeyFile = await startTarget('memory', { keyFile });
  });

  afterAll(async () => {
    await withKeyFile?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('signs with the server’s key file, without asking the server, and the server accepts the token', async () => {
    const result = await token(['--email', 'alice@example.com', '--admin', '--key-file', keyFile], {
      PORT: String(await closedPort()),
    });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(result.stderr).toContain(
      `ID token for alice@example.com (sub ${subjectForEmail('alice@example.com')}, groups apiAdmins), valid 3600 s, signed with ${keyFile}.`,
    );
    const users = await withKeyFile.api.get('/users', { token: result.stdout.trim() });
    expect(users.status).toBe(200);
  });

  it('reads the key file from LOCAL_KEY_FILE and the admin group from ADMIN_GROUP_NAME', async () => {
    const result = await token(['--email', 'root@example.com', '--admin', '--decode'], {
      LOCAL_KEY_FILE: keyFile,
      ADMIN_GROUP_NAME: 'ops',
      PORT: String(await closedPort()),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).payload['cognito:groups']).toEqual(['ops']);
  });

  it('warns when the server on PORT signs with another key, which would refuse the token', async () => {
    const other = await startTarget('memory');
    try {
      const result = await token(['--email', 'bob@example.com', '--key-file', keyFile], {
        PORT: String(other.server.port),
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        `Warning: the local API at ${other.server.url} signs with another key, so it will refuse this token. Use --url ${other.server.url} to get one from it.`,
      );
      expect((await other.api.get('/orders', { token: result.stdout.trim() })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('asks the server on PORT (POST /local/token) when there is no key file', async () => {
    const server = await startTarget('memory');
    try {
      const result = await token(['--email', 'carol@example.com', '--expires-in', '600'], {
        PORT: String(server.server.port),
        LOCAL_KEY_FILE: join(folder, 'missing.pem'),
      });
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`valid 600 s, from ${server.server.url}/local/token.`);
      expect((await server.api.get('/orders', { token: result.stdout.trim() })).status).toBe(200);

      const viaUrl = await token(['--email', 'carol@example.com', '--url', `${server.server.url}/`]);
      expect(viaUrl.code).toBe(0);
      expect((await server.api.get('/orders', { token: viaUrl.stdout.trim() })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('says to start the server when there is neither a key file nor a server, and exits 1', async () => {
    const port = await closedPort();
    const missing = join(folder, 'missing.pem');
    const result = await token(['--email', 'dave@example.com'], {
      PORT: String(port),
      LOCAL_KEY_FILE: missing,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `No signing key at ${missing} and no local API at http://127.0.0.1:${port}. Start it with \`npm start\` (it creates the key), or pass --url.\n`,
    });
  });

  it('--decode prints the header and claims of a token given, with or without "Bearer "', async () => {
    const { idToken, sub } = createLocalIdentity({ keyFile }).issueToken('erin@example.com', {
      groups: ['cooks'],
    });
    for (const given of [idToken, `Bearer ${idToken}`]) {
      const result = await token(['--decode', given]);
      expect(result.code).toBe(0);
      const { header, payload } = JSON.parse(result.stdout);
      expect(header).toMatchObject({ alg: 'RS256' });
      expect(payload).toMatchObject({
        sub,
        email: 'erin@example.com',
        'cognito:groups': ['cooks'],
        token_use: 'id',
      });
    }
  });

  it('--decode with --email prints the new token and its claims', async () => {
    const result = await token(['--email', 'frank@example.com', '--decode', '--key-file', keyFile], {
      PORT: String(await closedPort()),
    });
    expect(result.code).toBe(0);
    const decoded = JSON.parse(result.stdout);
    expect(decoded.idToken).toMatch(/^ey/);
    expect(decoded.payload).toMatchObject({
      sub: subjectForEmail('frank@example.com'),
      aud: 'localappclient',
    });
    expect(decoded.payload['cognito:groups']).toBeUndefined();
  });

  it.each([
    [[], /--email is required/],
    [['--email', 'not-an-email'], /--email must be an email address/],
    [['--email', 'a@example.com', '--expires-in', '0'], /--expires-in must be 1-86400 seconds/],
    [['--email', 'a@example.com', 'extra'], /Unexpected argument 'extra'/],
    [['--decode', 'not.a-token'], /That is not a JWT/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with a message and exits 2', async (argv, message) => {
    const result = await token(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('prints its usage for --help', async () => {
    const result = await token(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: npm run token -- --email <address> [--admin] [--decode]');
  });

  it('runs as the package script does (tsx over the sources), printing only the token on stdout', () => {
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const child = spawnSync(
      process.execPath,
      [
        tsx,
        '--tsconfig',
        fileURLToPath(new URL('../../../../tsconfig.base.json', import.meta.url)),
        '--conditions=@app/source',
        fileURLToPath(new URL('../../src/cli/token-main.ts', import.meta.url)),
        '--email',
        'grace@example.com',
        '--key-file',
        keyFile,
      ],
      { encoding: 'utf8', env: { ...process.env, PORT: '1' }, timeout: 30_000 },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });
});
