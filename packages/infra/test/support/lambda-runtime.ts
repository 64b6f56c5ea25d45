import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Emulates what the Lambda Node.js runtime adds to ES module resolution: a bare specifier that
 * is not found next to the code is looked up in the NODE_PATH folders (on Lambda,
 * `/opt/nodejs/node_modules` among them, where layers put their packages).
 */
const NODE_PATH_HOOKS = `
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const folders = (process.env.NODE_PATH ?? '').split(':').filter(Boolean);
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || /^[./]|^[a-z]+:/.test(specifier)) throw error;
    for (const folder of folders) {
      try {
        return await nextResolve(specifier, { ...context, parentURL: pathToFileURL(join(folder, 'x.mjs')).href });
      } catch {}
    }
    throw error;
  }
}
`;

const REGISTER = `
import { register } from 'node:module';
register('./node-path-hooks.mjs', import.meta.url);
`;

/** Runs the handler on each event in turn, in one process (one warm execution environment). */
const INVOKE = `
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [taskDir, eventsFile, resultsFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(taskDir + '/index.mjs').href);
const results = [];
for (const event of JSON.parse(readFileSync(eventsFile, 'utf8'))) {
  const context = {
    functionName: 'packaged', awsRequestId: event.requestContext?.requestId ?? 'token-request',
    getRemainingTimeInMillis: () => 10000, callbackWaitsForEmptyEventLoop: true,
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:packaged',
  };
  try {
    results.push({ ok: await handler(event, context) });
  } catch (error) {
    results.push({ error: String(error?.message ?? error) });
  }
}
writeFileSync(resultsFile, JSON.stringify(results));
`;

export type Invocation = { ok: unknown } | { error: string };

/**
 * A folder laid out like a Lambda execution environment: `var/task` holds the function's
 * bundle, `opt` the layer's content; the invoker runs with `NODE_PATH=<opt>/nodejs/node_modules`
 * and the runtime's NODE_PATH lookup for ES modules.
 */
export class LambdaSandbox {
  readonly taskDir: string;
  readonly optDir: string;

  constructor(
    readonly root: string,
    functionBundle: string,
    layerDir?: string,
  ) {
    this.taskDir = join(root, 'var', 'task');
    this.optDir = join(root, 'opt');
    mkdirSync(this.taskDir, { recursive: true });
    mkdirSync(this.optDir, { recursive: true });
    cpSync(functionBundle, this.taskDir, { recursive: true });
    if (layerDir) cpSync(layerDir, this.optDir, { recursive: true });
    writeFileSync(join(root, 'node-path-hooks.mjs'), NODE_PATH_HOOKS);
    writeFileSync(join(root, 'register.mjs'), REGISTER);
    writeFileSync(join(root, 'invoke.mjs'), INVOKE);
  }

  async invoke(events: unknown[], environment: Record<string, string>): Promise<Invocation[]> {
    const eventsFile = join(this.root, 'events.json');
    const resultsFile = join(this.root, 'results.json');
    writeFileSync(eventsFile, JSON.stringify(events));
    await run(
      process.execPath,
      [
        '--import',
        join(this.root, 'register.mjs'),
        join(this.root, 'invoke.mjs'),
        this.taskDir,
        eventsFile,
        resultsFile,
      ],
      {
        cwd: this.taskDir,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_PATH: join(this.optDir, 'nodejs', 'node_modules'),
          ...environment,
        },
        timeout: 30_000,
      },
    );
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as Invocation[];
  }
}
