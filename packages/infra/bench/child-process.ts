import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { QUIET_ENVIRONMENT } from './fixtures.js';

/**
 * A helper server of the bench in its own `node` process (`children/<script>`): it prints its URL
 * on its first stdout line and stops on SIGTERM. `input` is written to its stdin.
 */
export class ChildServer {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(script: string, input = ''): Promise<ChildServer> {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'children', script)], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '', ...QUIET_ENVIRONMENT },
    });
    child.stdin?.end(input);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = /^(http:\/\/\S+)\n/.exec(output);
        if (line) resolve(line[1]!);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    });
    child.removeAllListeners('exit');
    return new ChildServer(child, url);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
