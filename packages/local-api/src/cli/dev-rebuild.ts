import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';

/**
 * `npm run dev`'s incremental build: each changed source file of a package is transpiled on its
 * own into the package's `dist/` (what the packages import from each other at run time), with
 * its source map, as `tsc -p tsconfig.build.json` lays them out. esbuild does it in milliseconds
 * per file where tsc rebuilds and type-checks the whole package in seconds; the declarations and
 * the type-check are left to `pnpm build` / `pnpm typecheck` (turbo sees the sources changed).
 */
export async function transpileToDist(packageRoot: string, sourceFile: string): Promise<'built' | 'removed'> {
  const distFile = join(packageRoot, 'dist', relative(join(packageRoot, 'src'), sourceFile)).replace(
    /\.ts$/,
    '.js',
  );
  let source: string;
  try {
    source = await readFile(sourceFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await Promise.all([rm(distFile, { force: true }), rm(`${distFile}.map`, { force: true })]);
    return 'removed';
  }
  const { code, map } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'es2023',
    sourcemap: 'external',
    sourcefile: relative(dirname(distFile), sourceFile),
    // The compiler options of tsconfig.base.json that change the emitted JavaScript.
    tsconfigRaw: {
      compilerOptions: {
        experimentalDecorators: true,
        useDefineForClassFields: true,
        verbatimModuleSyntax: true,
      },
    },
  });
  await mkdir(dirname(distFile), { recursive: true });
  await Promise.all([
    writeFile(distFile, `${code}//# sourceMappingURL=${basename(distFile)}.map\n`),
    writeFile(`${distFile}.map`, map),
  ]);
  return 'built';
}

/** A package's TypeScript sources: what the watcher rebuilds (declarations and tests excluded). */
export const isSourceFile = (file: string): boolean => file.endsWith('.ts') && !file.endsWith('.d.ts');
