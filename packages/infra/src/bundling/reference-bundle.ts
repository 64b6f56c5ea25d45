import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { COMMON, type SizeEntry } from './bundle-lambdas.js';

/**
 * Issue 7's reference: a Lambda handler that only creates the DynamoDB document client, the
 * least any function on DynamoDB loads. Built with the functions' esbuild options.
 */
export const REFERENCE_HANDLER = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
  'const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  'export const handler = async () => ({ statusCode: 200, body: typeof client.send });',
].join('\n');

export interface ReferenceBundleOptions {
  /** Written as `<outDir>/index.mjs`. */
  outDir: string;
  /** The `@app/adapters-dynamodb` package folder: the SDK is resolved from there. */
  adaptersDynamoDbDir: string;
}

/** Bundles the reference handler and returns its sizes. */
export async function buildReferenceBundle(options: ReferenceBundleOptions): Promise<SizeEntry> {
  const outfile = join(options.outDir, 'index.mjs');
  await build({
    ...COMMON,
    stdin: {
      contents: REFERENCE_HANDLER,
      resolveDir: realpathSync(options.adaptersDynamoDbDir),
      sourcefile: 'reference-handler.mjs',
      loader: 'js',
    },
    outfile,
  });
  const content = readFileSync(outfile);
  return { minifiedBytes: content.length, gzipBytes: gzipSync(content).length };
}
