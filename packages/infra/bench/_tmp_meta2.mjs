import { dirname } from 'node:path';
import { build } from 'esbuild';

function environmentCredentialsOnly() {
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

const COMMON = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  conditions: ['@app/source', 'module'],
  mainFields: ['module', 'main'],
  metafile: true,
  write: false,
  logLevel: 'error',
};
const entry = process.argv[2];
const r = await build({
  ...COMMON,
  entryPoints: [entry],
  outfile: '/tmp/benchref/x/index.mjs',
  plugins: [environmentCredentialsOnly()],
});
const out = Object.values(r.metafile.outputs)[0];
const byPkg = {};
for (const [p, i] of Object.entries(out.inputs)) {
  const m = p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/);
  const k = m ? m[1] : p.replace(/.*packages\/([^/]+)\/src\/([^/]+).*/, 'app:$1/$2');
  byPkg[k] = (byPkg[k] ?? 0) + i.bytesInOutput;
}
console.log('total', out.bytes);
for (const [k, v] of Object.entries(byPkg)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 40))
  console.log(String(v).padStart(8), k);
