import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { QUIET_ENVIRONMENT } from './fixtures.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');

/** A server of `children/server.ts` in its own `node` process, and its IPC requests. */
export class ServerProcess {
  #next = 0;
  readonly #pending = new Map<number, (value: unknown) => void>();

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (message: { id?: number; value?: unknown }) => {
      if (message.id === undefined) return;
      this.#pending.get(message.id)?.(message.value);
      this.#pending.delete(message.id);
    });
  }

  /** Starts `node --import tsx children/server.ts <mode>`: the same process type for every server. */
  static async start(mode: 'local' | 'bare'): Promise<ServerProcess> {
    const child = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_CHILD_FLAGS?.split(' ') ?? []),
        '--expose-gc',
        '--conditions=@app/source',
        '--import',
        'tsx',
        join(import.meta.dirname, 'children', 'server.ts'),
        mode,
      ],
      {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        env: {
          ...process.env,
          ...QUIET_ENVIRONMENT,
          TSX_TSCONFIG_PATH: join(PACKAGE_DIR, 'tsconfig.tsx.json'),
        },
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${code})`)));
      child.once('message', (message: { type?: string; url?: string }) => {
        if (message.type === 'ready' && message.url) resolve(message.url);
      });
    });
    child.removeAllListeners('exit');
    return new ServerProcess(child, url);
  }

  ask<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.#next++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve as (value: unknown) => void);
      this.child.send({ ...message, id });
    });
  }

  /** The CPU time (user + system) the server process has used, in µs. */
  async cpuMicros(): Promise<number> {
    const { user, system } = await this.ask<NodeJS.CpuUsage>({ type: 'cpu' });
    return user + system;
  }

  /** RSS after a full garbage collection, in bytes. */
  rss(): Promise<number> {
    return this.ask<number>({ type: 'memory' });
  }

  async stop(): Promise<void> {
    if (!this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.ask({ type: 'stop' });
    await exited;
  }
}

export interface Call {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Sends `count` requests over `concurrency` keep-alive connections, `call(i)` being the i-th;
 * fails on any status other than `expectStatus`. Returns each request's latency in ms.
 */
export async function drive(
  url: string,
  count: number,
  concurrency: number,
  call: (index: number) => Call,
  expectStatus = 200,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const { method, path, headers = {}, body } = call(index);
      const started = performance.now();
      const { status, text } = await send(agent, new URL(path, url), method, headers, body);
      latencies.push(performance.now() - started);
      if (status !== expectStatus)
        throw new Error(`${method} ${path} answered ${status}: ${text.slice(0, 200)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return latencies;
}

function send(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One request, for setting up: its status and parsed JSON body. */
export async function call(
  url: string,
  spec: Call,
): Promise<{ status: number; json: unknown; text: string }> {
  const agent = new Agent({ keepAlive: false });
  try {
    const { status, text } = await send(
      agent,
      new URL(spec.path, url),
      spec.method,
      spec.headers ?? {},
      spec.body,
    );
    return { status, text, json: text ? JSON.parse(text) : undefined };
  } finally {
    agent.destroy();
  }
}
