import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * What the architecture tests of every package read: the TypeScript files under a folder and
 * the module specifiers each one imports, re-exports or loads dynamically.
 */

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'node_modules'
        ? []
        : sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

export function importsOf(file: string): string[] {
  return importsIn(readFileSync(file, 'utf8'));
}

export function importsIn(text: string): string[] {
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}
