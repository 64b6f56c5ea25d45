import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FUNCTIONS, type FunctionName } from '@app/adapters-lambda';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { BUNDLE_BUDGET } from './bundle-budget.js';
import { type ExternalImports, externalImports, mergeImports } from './external-imports.js';

/** Where the layer's modules live inside the layer zip (and at `/opt/nodejs/node_modules` in Lambda). */
export const LAYER_MODULES_DIR = join('layer', 'nodejs', 'node_modules');
const LAYER_ENTRY = 'layer-entry:';
const CHUNKS_DIR = '_chunks';

export interface BundleLambdasOptions {
  /** Output folder: `<outDir>/<function>/index.mjs` and `<outDir>/layer/nodejs/node_modules/…`. */
  outDir: string;
  /** The `@app/adapters-lambda` package folder; `FUNCTIONS[name].entry` is relative to its `src/`. */
  adaptersLambdaDir: string;
  budget?: { minifiedBytes: number; gzipBytes: number };
}

export interface SizeEntry {
  minifiedBytes: number;
  gzipBytes: number;
}

export interface FunctionSize {
  name: FunctionName;
  usesLayer: boolean;
  /** The function's own `index.mjs`. */
  own: SizeEntry;
  /** What the function loads: its bundle plus, for order functions, the whole layer. */
  total: SizeEntry;
  /** The biggest inputs of the function's bundle, from the metafile. */
  largestInputs: { path: string; bytes: number }[];
}

export interface BundleReport {
  functions: FunctionSize[];
  layer: SizeEntry & { packages: string[] };
  budget: { minifiedBytes: number; gzipBytes: number };
  overBudget: FunctionName[];
}

/** Options every Lambda output shares: ESM for Node 22, minified, source maps, SDK included. */
export const COMMON: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'none',
  // Workspace packages straight from their sources; ESM builds of third-party packages.
  conditions: ['@app/source', 'module'],
  mainFields: ['module', 'main'],
  outExtension: { '.js': '.mjs' },
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
};

/**
 * Bundles every function of the manifest with esbuild. The users and authorizer functions are
 * self-contained. The order functions keep only the Lambda adapter's own code: every package
 * they import (the core, the DynamoDB adapters, Powertools, the AWS SDK, zod, …) is external and
 * comes from the shared-code layer, built as one ESM module per imported specifier with shared
 * chunks (so each package is loaded once), holding exactly the exports the functions use.
 */
export async function bundleLambdas(options: BundleLambdasOptions): Promise<BundleReport> {
  const budget = options.budget ?? BUNDLE_BUDGET;
  const srcDir = join(realpathSync(options.adaptersLambdaDir), 'src');
  rmSync(options.outDir, { recursive: true, force: true });

  const builds = await Promise.all(
    (Object.keys(FUNCTIONS) as FunctionName[]).map(async (name) => {
      const usesLayer = FUNCTIONS[name].api === 'orders';
      const entry = join(srcDir, FUNCTIONS[name].entry);
      const outfile = join(options.outDir, name, 'index.mjs');
      const plugins = usesLayer ? [externalPackages()] : [environmentCredentialsOnly()];
      const result = await build({ ...COMMON, entryPoints: [entry], outfile, plugins });
      // The same bundle with readable identifiers, to see what it uses of each package.
      const readable = usesLayer
        ? await build({
            ...COMMON,
            minifyIdentifiers: false,
            sourcemap: false,
            write: false,
            entryPoints: [entry],
            outfile,
            plugins,
          })
        : undefined;
      const imports = readable ? externalImports(readable.outputFiles[0]?.text ?? '', isPackage) : new Map();
      return { name, usesLayer, outfile, imports, metafile: result.metafile as Metafile };
    }),
  );

  const shared = new Map<string, ExternalImports>();
  const importers = new Map<string, FunctionName[]>();
  for (const built of builds) {
    mergeImports(shared, built.imports);
    for (const specifier of built.imports.keys())
      importers.set(specifier, [...(importers.get(specifier) ?? []), built.name]);
  }
  const layerDir = join(options.outDir, LAYER_MODULES_DIR);
  const layerFiles = await buildLayer(shared, importers, layerDir, srcDir);

  const layerSize = sizeOf(layerFiles);
  const functions = builds.map(({ name, usesLayer, outfile, metafile }): FunctionSize => {
    const own = sizeOf([outfile]);
    const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint);
    return {
      name,
      usesLayer,
      own,
      total: usesLayer
        ? {
            minifiedBytes: own.minifiedBytes + layerSize.minifiedBytes,
            gzipBytes: own.gzipBytes + layerSize.gzipBytes,
          }
        : own,
      largestInputs: Object.entries(output?.inputs ?? {})
        .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5),
    };
  });
  const report: BundleReport = {
    functions,
    layer: { ...layerSize, packages: [...shared.keys()].sort() },
    budget,
    overBudget: functions
      .filter((fn) => fn.total.minifiedBytes > budget.minifiedBytes || fn.total.gzipBytes > budget.gzipBytes)
      .map((fn) => fn.name),
  };
  writeFileSync(join(options.outDir, 'size-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/**
 * The layer: one small ESM module per specifier (`<package>/<subpath>.mjs`, with a
 * `package.json` whose `exports` name them), each re-exporting its names from a *group* module
 * in `_chunks/`. A group holds the code of the specifiers imported by the same set of functions
 * (`layer-common.mjs` for all the order functions, `layer-addOrder.mjs` for the idempotency
 * adapter only `addOrder` imports); esbuild puts the code groups share in chunks. A function
 * loads its specifier modules, its groups and their shared chunks: a few large modules instead
 * of a dozen small chunks (one per set of specifiers reaching the code), each module one more
 * file to resolve, read, compile and link at cold start. No function loads code it does not
 * import, as before.
 */
async function buildLayer(
  shared: Map<string, ExternalImports>,
  importers: Map<string, FunctionName[]>,
  layerDir: string,
  resolveDir: string,
) {
  const specifiers = [...shared.keys()];
  const groups = new Map<string, string[]>();
  for (const specifier of specifiers) {
    const key = [...new Set(importers.get(specifier) ?? [])].sort().join('+');
    groups.set(key, [...(groups.get(key) ?? []), specifier]);
  }
  const exported = new Map<string, string[]>();
  for (const specifier of specifiers)
    exported.set(specifier, await layerNames(specifier, shared, resolveDir));
  const alias = (specifier: string, name: string) => `s${specifiers.indexOf(specifier)}$${name}`;
  const groupOf = new Map<string, string>();
  const everyImporter = [...new Set([...importers.values()].flat())].sort().join('+');
  const entryPoints = [...groups].map(([key, members], index) => {
    const out = join(CHUNKS_DIR, `layer-${key === everyImporter ? 'common' : key}`);
    for (const specifier of members) groupOf.set(specifier, out);
    return { in: `${LAYER_ENTRY}${index}`, out };
  });
  const groupSource = (index: number) =>
    ([...groups.values()][index] ?? [])
      .map((specifier) => {
        const names = exported.get(specifier) ?? [];
        const from = JSON.stringify(specifier);
        return names.length > 0
          ? `export { ${names.map((name) => `${name} as ${alias(specifier, name)}`).join(', ')} } from ${from};`
          : `import ${from};`;
      })
      .join('\n');
  const result = await build({
    ...COMMON,
    entryPoints,
    outdir: layerDir,
    splitting: true,
    chunkNames: join(CHUNKS_DIR, '[name]-[hash]'),
    plugins: [layerGroups(groupSource, resolveDir), environmentCredentialsOnly()],
  });
  const packages = new Map<string, Record<string, string>>();
  const modules = specifiers.map((specifier) => {
    const { packageName, subpath } = splitSpecifier(specifier);
    const exportsMap = packages.get(packageName) ?? {};
    exportsMap[subpath ? `./${subpath}` : '.'] = `./${subpath ?? 'index'}.mjs`;
    packages.set(packageName, exportsMap);
    const file = join(layerDir, packageName, `${subpath ?? 'index'}.mjs`);
    const group = relative(dirname(file), join(layerDir, `${groupOf.get(specifier)}.mjs`));
    const names = exported.get(specifier) ?? [];
    const code =
      names.length > 0
        ? `export{${names.map((name) => `${alias(specifier, name)} as ${name}`).join(',')}}from${JSON.stringify(group)};\n`
        : `import${JSON.stringify(group)};\n`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, code);
    return file;
  });
  for (const [packageName, exportsMap] of packages) {
    const file = join(layerDir, packageName, 'package.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify({ name: packageName, type: 'module', exports: exportsMap }, null, 2)}\n`,
    );
  }
  return [...modules, ...withoutUnreachableChunks(result.metafile as Metafile)];
}

/**
 * The layer's files that an entry can load. With code splitting, esbuild makes a chunk of every
 * `import()` target even when the code holding the `import()` was tree-shaken away (the AWS
 * SDK's browser user-agent parser, `bowser`, is one): no output imports such a chunk, so it is
 * deleted rather than shipped and counted. Returns the remaining `.mjs` files.
 */
function withoutUnreachableChunks(metafile: Metafile): string[] {
  const { outputs } = metafile;
  const reachable = new Set<string>();
  const pending = Object.keys(outputs).filter((file) => outputs[file]?.entryPoint?.startsWith(LAYER_ENTRY));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reachable.has(file)) continue;
    reachable.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (!imported.external && outputs[imported.path] !== undefined) pending.push(imported.path);
    }
  }
  for (const file of Object.keys(outputs)) {
    if (file.endsWith('.mjs') && !reachable.has(file)) {
      rmSync(resolve(file), { force: true });
      rmSync(resolve(`${file}.map`), { force: true });
    }
  }
  return [...reachable].filter((file) => file.endsWith('.mjs')).map((file) => resolve(file));
}

/** Marks every package import external: the order functions find packages in the layer. */
function externalPackages(): Plugin {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        args.kind !== 'entry-point' && isPackage(args.path) ? { path: args.path, external: true } : undefined,
      );
    },
  };
}

/**
 * In Lambda the AWS SDK always finds its credentials in the environment (the runtime sets
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN), the first link of the
 * default chain. The other links (SSO, ini files, processes, web identity, container and
 * instance metadata, with the STS and SSO clients they load) are never reached there, yet make
 * up a sixth of a bundle: the default provider is replaced by its environment link.
 */
export function environmentCredentialsOnly(): Plugin {
  const SKIP = 'environment-credentials-only';
  return {
    name: SKIP,
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, async (args) => {
        if (args.pluginData === SKIP) return undefined;
        const real = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (real.errors.length > 0) return { errors: real.errors };
        return { path: real.path, namespace: SKIP };
      });
      build.onLoad({ filter: /.*/, namespace: SKIP }, (args) => ({
        resolveDir: dirname(args.path),
        loader: 'js',
        contents: [
          "import { fromEnv } from '@aws-sdk/credential-provider-env';",
          'export const defaultProvider = (init = {}) => fromEnv(init);',
          'export const credentialsWillNeedRefresh = (credentials) => credentials?.expiration !== undefined;',
          'export const credentialsTreatedAsExpired = (credentials) =>',
          '  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300000;',
        ].join('\n'),
      }));
    },
  };
}

/** The names the functions import from `specifier` (for a namespace import, those it exports). */
async function layerNames(
  specifier: string,
  shared: Map<string, ExternalImports>,
  resolveDir: string,
): Promise<string[]> {
  const imports = shared.get(specifier);
  const names = [...(imports?.names ?? [])].sort();
  if (!imports?.namespace) return names;
  const available = new Set(await exportsOf(specifier, resolveDir));
  return names.filter((name) => available.has(name));
}

/** One virtual module per group, re-exporting its specifiers' names under unique aliases. */
function layerGroups(source: (index: number) => string, resolveDir: string): Plugin {
  return {
    name: 'layer-groups',
    setup(build) {
      build.onResolve({ filter: /^layer-entry:/ }, (args) => ({
        path: args.path.slice(LAYER_ENTRY.length),
        namespace: 'layer-entry',
      }));
      build.onLoad({ filter: /.*/, namespace: 'layer-entry' }, (args) => ({
        contents: source(Number(args.path)),
        resolveDir,
        loader: 'js',
      }));
    },
  };
}

/** The export names of a package entry, as esbuild sees them. */
async function exportsOf(specifier: string, resolveDir: string): Promise<string[]> {
  const result = await build({
    ...COMMON,
    minify: false,
    sourcemap: false,
    write: false,
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir, loader: 'js' },
    outfile: 'exports-probe.mjs',
  });
  return Object.values(result.metafile?.outputs ?? {}).flatMap((output) => output.exports);
}

function isPackage(specifier: string): boolean {
  return !isBuiltin(specifier) && !specifier.startsWith('node:');
}

function splitSpecifier(specifier: string): { packageName: string; subpath?: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  const subpath = parts.slice(length).join('/');
  return { packageName: parts.slice(0, length).join('/'), subpath: subpath || undefined };
}

function sizeOf(files: string[]): SizeEntry {
  return files.reduce<SizeEntry>(
    (sum, file) => {
      const content = readFileSync(file);
      return {
        minifiedBytes: sum.minifiedBytes + content.length,
        gzipBytes: sum.gzipBytes + gzipSync(content).length,
      };
    },
    { minifiedBytes: 0, gzipBytes: 0 },
  );
}
