import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolve } from '../../src/cli/dev-loader-hooks.js';
import { transpileToDist } from '../../src/cli/dev-rebuild.js';

describe('npm run dev: the incremental build', () => {
  const packageRoot = mkdtempSync(join(tmpdir(), 'dev-rebuild-'));
  afterAll(() => rmSync(packageRoot, { recursive: true, force: true }));

  it('transpiles a saved file into dist as tsc lays it out, with a source map that points at the source', async () => {
    mkdirSync(join(packageRoot, 'src/orders'), { recursive: true });
    const source = join(packageRoot, 'src/orders/rule.ts');
    writeFileSync(
      source,
      "import type { Order } from './order.js';\nexport const isPlaced = (order: Order): boolean => order.status === 'PLACED';\n",
    );

    expect(await transpileToDist(packageRoot, source)).toBe('built');

    const built = readFileSync(join(packageRoot, 'dist/orders/rule.js'), 'utf8');
    expect(built).toContain('const isPlaced = (order) => order.status === "PLACED";');
    expect(built).not.toContain('import');
    expect(built).toMatch(/\/\/# sourceMappingURL=rule\.js\.map\n$/);
    const map = JSON.parse(readFileSync(join(packageRoot, 'dist/orders/rule.js.map'), 'utf8'));
    expect(map.sources).toEqual(['../../src/orders/rule.ts']);
    const { isPlaced } = await import(pathToFileURL(join(packageRoot, 'dist/orders/rule.js')).href);
    expect(isPlaced({ status: 'PLACED' })).toBe(true);
  });

  it('removes the built file of a deleted source', async () => {
    const source = join(packageRoot, 'src/gone.ts');
    writeFileSync(source, 'export const gone = 1;\n');
    await transpileToDist(packageRoot, source);
    rmSync(source);

    expect(await transpileToDist(packageRoot, source)).toBe('removed');
    expect(() => readFileSync(join(packageRoot, 'dist/gone.js'))).toThrow(/ENOENT/);
  });
});

describe('npm run dev: a new generation of the workspace modules', () => {
  const next = async (specifier: string) => ({ url: specifier });

  it('loads a workspace package’s build imported from generation N as generation N', async () => {
    const parentURL = 'file:///repo/packages/local-api/dist/cli/cli.js?v=3';
    expect(await resolve('file:///repo/packages/core/dist/index.js', { parentURL }, next)).toEqual({
      url: 'file:///repo/packages/core/dist/index.js?v=3',
    });
  });

  it('leaves node_modules, node: builtins and modules outside a generation alone', async () => {
    const parentURL = 'file:///repo/packages/local-api/dist/cli/cli.js?v=3';
    for (const url of ['file:///repo/node_modules/.pnpm/zod/node_modules/zod/index.js', 'node:fs']) {
      expect(await resolve(url, { parentURL }, next)).toEqual({ url });
    }
    const unversioned = { parentURL: 'file:///repo/packages/local-api/dist/cli/dev-main.js' };
    expect(await resolve('file:///repo/packages/core/dist/index.js', unversioned, next)).toEqual({
      url: 'file:///repo/packages/core/dist/index.js',
    });
  });
});
