import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

function occupyPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

describe('the root scripts, before any install or build', () => {
  const folder = mkdtempSync(join(tmpdir(), 'root-scripts-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(['start', 'dev'])('npm %s stops at once with a message when the port is taken', async (task) => {
    const { server, port } = await occupyPort();
    try {
      const result = spawnSync(
        process.execPath,
        ['scripts/workspace.mjs', task, '--', '--port', String(port)],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
      expect(result.stderr).toContain('--port');
      // Nothing was installed or built: the first step's line never printed.
      expect(result.stdout).not.toContain('▸ [1/2]');
    } finally {
      server.close();
    }
  });

  it('npm run token says what to run when the CLI is not built yet', () => {
    mkdirSync(join(folder, 'scripts'));
    cpSync(join(ROOT, 'scripts/token.mjs'), join(folder, 'scripts/token.mjs'));
    const result = spawnSync(process.execPath, ['scripts/token.mjs', '--email', 'a@example.com'], {
      cwd: folder,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The token CLI is not built yet. Run `npm start` once');
    expect(result.stdout).toBe('');
  });
});
