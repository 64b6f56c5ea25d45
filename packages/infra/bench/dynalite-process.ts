import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { QUIET_ENVIRONMENT } from './fixtures.js';

/** A dynalite in its own `node` process (`children/dynalite.mjs`), reached over loopback. */
export class DynaliteProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<DynaliteProcess> {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'children', 'dynalite.mjs')], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '', ...QUIET_ENVIRONMENT },
    });
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = /^(http:\/\/\S+)\n/.exec(output);
        if (line) resolve(line[1]!);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before it was ready`)));
    });
    child.removeAllListeners('exit');
    return new DynaliteProcess(child, endpoint);
  }

  get pid(): number {
    return this.child.pid!;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
