import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * What the Lambda Node.js runtime adds to ES module resolution: a bare specifier that is not
 * found next to the code is looked up in the NODE_PATH folders (`/opt/nodejs/node_modules`
 * among them, where layers put their packages).
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

/**
 * The network of the sandbox: HTTPS to a listed host name goes to its loopback port (as a DNS
 * entry would send it; TLS still checks the certificate for that name), to any other host it
 * fails. Plain HTTP (the local DynamoDB endpoint) is untouched.
 */
const NETWORK = `
import https from 'node:https';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
const routes = JSON.parse(readFileSync(new URL('./https-routes.json', import.meta.url), 'utf8'));
https.globalAgent.createConnection = (options, callback) => {
  const host = options.host ?? options.hostname;
  const port = routes[host];
  if (port === undefined) throw new Error('the sandbox has no network to ' + host);
  return tls.connect({ ...options, host: '127.0.0.1', port, servername: host }, callback);
};
`;

const REGISTER = `
import { register } from 'node:module';
register('./node-path-hooks.mjs', import.meta.url);
await import('./network.mjs');
`;

/**
 * The runtime's invoke loop in one process (one warm execution environment): resolves the
 * handler from \`_HANDLER\` as Lambda does (\`[dir/]module.export\`, the module file tried with
 * .js, .mjs, .cjs under LAMBDA_TASK_ROOT), then calls it with each event in turn.
 */
const INVOKE = `
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [eventsFile, resultsFile] = process.argv.slice(2);
const handlerString = process.env._HANDLER;
const slash = handlerString.lastIndexOf('/');
const [moduleName, ...exportPath] = handlerString.slice(slash + 1).split('.');
const base = join(process.env.LAMBDA_TASK_ROOT, handlerString.slice(0, slash + 1), moduleName);
const file = ['.js', '.mjs', '.cjs'].map((extension) => base + extension).find((path) => existsSync(path));
if (file === undefined) throw new Error('Runtime.ImportModuleError: Cannot find module ' + base);
let handler = await import(pathToFileURL(file).href);
for (const name of exportPath) handler = handler?.[name];
if (typeof handler !== 'function') throw new Error('Runtime.HandlerNotFound: ' + handlerString + ' is undefined or not exported');
const { timeoutSeconds } = JSON.parse(readFileSync(new URL('./invoke-config.json', import.meta.url), 'utf8'));
const timeoutMs = timeoutSeconds * 1000;
const results = [];
for (const event of JSON.parse(readFileSync(eventsFile, 'utf8'))) {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    awsRequestId: event.requestContext?.requestId ?? crypto.randomUUID(),
    invokedFunctionArn: 'arn:aws:lambda:' + process.env.AWS_REGION + ':123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  try {
    results.push({ ok: await handler(event, context) });
  } catch (error) {
    results.push({ error: String(error?.message ?? error) });
  }
}
writeFileSync(resultsFile, JSON.stringify({ node: process.version, results }));
`;

export type Invocation = { ok: unknown } | { error: string };

export interface FunctionConfiguration {
  name: string;
  /** The asset folder Lambda unzips to `/var/task`. */
  codeDir: string;
  /** The layers' asset folders, unzipped to `/opt` in order. */
  layerDirs: string[];
  handler: string;
  memorySize: number;
  timeoutSeconds: number;
  /** The function's environment as the template sets it (NODE_OPTIONS included). */
  environment: Record<string, string>;
}

export interface SandboxOptions {
  /** The Node.js binary of the runtime (Lambda's nodejs22.x: Node 22). */
  node: string;
  region: string;
  /** HTTPS host name → loopback port, the only network the function has besides HTTP. */
  httpsRoutes?: Record<string, number>;
  /** Set by the harness, not the template: the local DynamoDB endpoint, a test CA, credentials. */
  harnessEnvironment?: Record<string, string>;
}

/**
 * A folder laid out like a Lambda execution environment — `var/task` the function's asset,
 * `opt` its layers, `var/runtime` the invoker — started as the managed runtime's bootstrap
 * starts Node (`--expose-gc --max-http-header-size 81920`, semi-space and old-space sizes from
 * the memory size) with the runtime's environment variables and the function's own.
 */
export class LambdaSandbox {
  readonly taskDir: string;
  readonly optDir: string;
  readonly runtimeDir: string;

  constructor(
    readonly root: string,
    readonly fn: FunctionConfiguration,
    readonly options: SandboxOptions,
  ) {
    this.taskDir = join(root, 'var', 'task');
    this.optDir = join(root, 'opt');
    this.runtimeDir = join(root, 'var', 'runtime');
    for (const dir of [this.taskDir, this.optDir, this.runtimeDir]) mkdirSync(dir, { recursive: true });
    cpSync(fn.codeDir, this.taskDir, { recursive: true });
    for (const layerDir of fn.layerDirs) cpSync(layerDir, this.optDir, { recursive: true });
    writeFileSync(join(this.runtimeDir, 'node-path-hooks.mjs'), NODE_PATH_HOOKS);
    writeFileSync(join(this.runtimeDir, 'network.mjs'), NETWORK);
    writeFileSync(join(this.runtimeDir, 'https-routes.json'), JSON.stringify(options.httpsRoutes ?? {}));
    writeFileSync(join(this.runtimeDir, 'register.mjs'), REGISTER);
    writeFileSync(join(this.runtimeDir, 'invoke.mjs'), INVOKE);
    writeFileSync(
      join(this.runtimeDir, 'invoke-config.json'),
      JSON.stringify({ timeoutSeconds: fn.timeoutSeconds }),
    );
  }

  /** The node command line of the managed runtime's bootstrap, for this function's memory size. */
  nodeArguments(): string[] {
    const newSpace = Math.floor(this.fn.memorySize / 10);
    return [
      '--expose-gc',
      '--max-http-header-size',
      '81920',
      `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
      `--max-old-space-size=${this.fn.memorySize - newSpace}`,
    ];
  }

  /** The environment Lambda gives the process: its reserved variables, then the function's. */
  environment(): Record<string, string> {
    const { region } = this.options;
    return {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      NODE_PATH: [
        join(this.optDir, 'nodejs', 'node22', 'node_modules'),
        join(this.optDir, 'nodejs', 'node_modules'),
        join(this.runtimeDir, 'node_modules'),
        this.runtimeDir,
        this.taskDir,
      ].join(':'),
      LAMBDA_TASK_ROOT: this.taskDir,
      LAMBDA_RUNTIME_DIR: this.runtimeDir,
      _HANDLER: this.fn.handler,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: this.fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.fn.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.fn.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]0123456789abcdef',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      ...this.options.harnessEnvironment,
      ...this.fn.environment,
    };
  }

  /** Runs the events in one process; returns each result, the process's stdout lines and its Node.js version. */
  async invoke(events: unknown[]): Promise<{ results: Invocation[]; stdout: string[]; node: string }> {
    const eventsFile = join(this.root, 'events.json');
    const resultsFile = join(this.root, 'results.json');
    writeFileSync(eventsFile, JSON.stringify(events));
    const { stdout } = await run(
      this.options.node,
      [
        ...this.nodeArguments(),
        '--import',
        join(this.runtimeDir, 'register.mjs'),
        join(this.runtimeDir, 'invoke.mjs'),
        eventsFile,
        resultsFile,
      ],
      { cwd: this.taskDir, env: this.environment(), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const { node, results } = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
      node: string;
      results: Invocation[];
    };
    return { results, node, stdout: stdout.split('\n').filter((line) => line !== '') };
  }
}
