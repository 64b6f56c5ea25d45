import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsIn, sourceFiles } from '../../../test-support/source-imports.js';

const PACKAGES = new URL('../..', import.meta.url).pathname;

/** The packages that ship (to Lambda, or as the CDK app that deploys it) and the folders holding their code. */
const SHIPPED_CODE = ['core/src', 'adapters-dynamodb/src', 'adapters-lambda/src', 'infra/src', 'infra/bin'];
const SHIPPED_MANIFESTS = ['core', 'adapters-dynamodb', 'adapters-lambda', 'infra'];
const TOOLS = ['@app/local-api', '@app/e2e'];

interface ImportEdge {
  /** The importing file, relative to `packages/`. */
  file: string;
  specifier: string;
  /** For a relative specifier: the imported file, relative to `packages/`. */
  target?: string;
}

/** A layer rule: the edges it forbids, and why. */
interface LayerRule {
  name: string;
  forbids(edge: ImportEdge): boolean;
}

const within = (path: string | undefined, ...folders: string[]) =>
  path !== undefined && folders.some((folder) => path.startsWith(`${folder}/`));

const RULES: readonly LayerRule[] = [
  {
    name: "the Lambda adapter's handlers, HTTP edge, auth and observability never reach up into composition or entry points",
    forbids: ({ file, target }) =>
      within(
        file,
        'adapters-lambda/src/handlers',
        'adapters-lambda/src/http',
        'adapters-lambda/src/auth',
        'adapters-lambda/src/observability',
      ) && within(target, 'adapters-lambda/src/app', 'adapters-lambda/src/functions'),
  },
  {
    name: 'no source file imports test code',
    forbids: ({ file, target }) =>
      /^[^/]+\/src\//.test(file) && target !== undefined && /^[^/]+\/test\//.test(target),
  },
  {
    name: 'nothing shipped imports the local API or the end-to-end kit',
    forbids: ({ file, specifier }) =>
      within(file, ...SHIPPED_CODE) &&
      TOOLS.some((tool) => specifier === tool || specifier.startsWith(`${tool}/`)),
  },
];

function edgesOf(file: string, text = readFileSync(join(PACKAGES, file), 'utf8')): ImportEdge[] {
  return importsIn(text).map((specifier) => ({
    file,
    specifier,
    ...(specifier.startsWith('.')
      ? { target: relative(PACKAGES, resolve(dirname(join(PACKAGES, file)), specifier)) }
      : {}),
  }));
}

function violations(edges: readonly ImportEdge[]): string[] {
  return RULES.flatMap((rule) =>
    edges
      .filter((edge) => rule.forbids(edge))
      .map((edge) => `${rule.name}: ${edge.file} imports ${edge.specifier}`),
  );
}

describe('layer rules', () => {
  const files = sourceFiles(PACKAGES)
    .map((file) => relative(PACKAGES, file))
    .filter((file) => /^[^/]+\/(src|bin)\//.test(file));
  const edges = files.flatMap((file) => edgesOf(file));

  it('reads the sources of every package', () => {
    const packages = new Set(files.map((file) => file.split('/')[0]));
    expect([...packages].sort()).toEqual([
      'adapters-dynamodb',
      'adapters-lambda',
      'core',
      'e2e',
      'infra',
      'local-api',
    ]);
  });

  it('holds for every import of every package', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('keeps the tools out of the shipped packages’ dependencies', () => {
    const declared = SHIPPED_MANIFESTS.flatMap((name) => {
      const manifest = JSON.parse(readFileSync(join(PACKAGES, name, 'package.json'), 'utf8'));
      return Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
        .filter((dependency) => TOOLS.includes(dependency))
        .map((dependency) => `${name} depends on ${dependency}`);
    });
    expect(declared).toEqual([]);
  });

  it.each([
    [
      'adapters-lambda/src/handlers/users.ts',
      "import { composeUsersFunction } from '../app/compose-lambda.js';",
    ],
    ['adapters-lambda/src/http/problem.ts', "import type { Handlers } from '../app/create-handlers.js';"],
    [
      'adapters-dynamodb/src/ensure-tables.ts',
      "import { uniqueTableNames } from '../test/helpers/dynamodb.js';",
    ],
    ['infra/src/stacks/users-stack.ts', "import { startLocalServer } from '@app/local-api';"],
    ['core/src/index.ts', "export { describeApiScenarios } from '@app/e2e';"],
    ['adapters-lambda/src/functions/users.ts', "const kit = await import('@app/e2e');"],
  ])('catches a forbidden import in %s (the check itself works)', (file, line) => {
    expect(violations(edgesOf(file, line))).toHaveLength(1);
  });
});
