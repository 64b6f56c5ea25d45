import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { COMMON, environmentCredentialsOnly, type SizeEntry } from './bundle-lambdas.js';

/**
 * The reference handler: the least a function on DynamoDB loads and does. It creates the
 * document client (at import, as a handler written the plain way does) and makes the DynamoDB
 * calls its event lists, `{ calls: [{ command: 'Get' | 'Put' | 'Query' | 'Update', input }] }`,
 * so a cold start can make the same calls as the function it is compared with. Built exactly as
 * the functions are: the same esbuild options and the same plugins (`environmentCredentialsOnly`).
 */
export const REFERENCE_HANDLER = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
  'const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));',
  'const COMMANDS = { Get: GetCommand, Put: PutCommand, Query: QueryCommand, Update: UpdateCommand };',
  'export const handler = async (event) => {',
  '  for (const { command, input } of event?.calls ?? []) await client.send(new COMMANDS[command](input));',
  "  return { statusCode: 200, body: '{}' };",
  '};',
].join('\n');

/**
 * Issue 7's reference, printed for comparison for one release: it only creates the client, and
 * keeps the SDK's whole default credential chain, which the functions' bundles do not.
 */
export const LEGACY_REFERENCE_HANDLER = [
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
  /** Issue 7's reference instead (built with the options but not the plugins of the functions). */
  legacy?: boolean;
}

/** Bundles the reference handler and returns its sizes. */
export async function buildReferenceBundle(options: ReferenceBundleOptions): Promise<SizeEntry> {
  const outfile = join(options.outDir, 'index.mjs');
  await build({
    ...COMMON,
    stdin: {
      contents: options.legacy ? LEGACY_REFERENCE_HANDLER : REFERENCE_HANDLER,
      resolveDir: realpathSync(options.adaptersDynamoDbDir),
      sourcefile: 'reference-handler.mjs',
      loader: 'js',
    },
    outfile,
    plugins: options.legacy ? [] : [environmentCredentialsOnly()],
  });
  const content = readFileSync(outfile);
  return { minifiedBytes: content.length, gzipBytes: gzipSync(content).length };
}
