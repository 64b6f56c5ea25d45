import { spawn } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { asDynamoDbClient, createDocumentClient } from '../../src/index.js';
import { LOCAL_CREDENTIALS } from '../../src/testing/index.js';

/** The moto 5 server command (Python, `pip install 'moto[server]'`), looked up on the PATH. */
export const MOTO_SERVER = 'moto_server';

/** How long moto may take to start (Python imports, on a loaded machine) before the run fails. */
const START_TIMEOUT_MS = 60_000;

export interface MotoServer {
  endpoint: string;
  port: number;
  pid: number;
  /** Stops this server (by its PID) and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Starts moto's server (a second, independent DynamoDB implementation) on 127.0.0.1 and a port
 * the OS picks (`-p 0`; werkzeug prints the one it bound), and resolves once it answers a
 * DynamoDB `ListTables`. Fails, naming `moto_server`, when the command is missing or exits.
 */
export async function startMoto(): Promise<MotoServer> {
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${MOTO_SERVER} did not report its port within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${message}. The moto tests need moto 5 with its server (\`pip install 'moto[server]>=5'\`), ` +
            `\`${MOTO_SERVER}\` on the PATH.${output === '' ? '' : `\n${output}`}`,
        ),
      );
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? `\`${MOTO_SERVER}\` was not found on the PATH` : String(error)),
    );
    child.once('exit', (code, signal) =>
      fail(`\`${MOTO_SERVER}\` exited (${signal ?? code}) before it served`),
    );
    child.stderr.setEncoding('utf8');
    const read = (chunk: string) => {
      output += chunk;
      const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stderr.off('data', read);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve(Number(match[1]));
      }
    };
    child.stderr.on('data', read);
  });
  // Keep draining its request log, so a full pipe never blocks the server.
  child.stderr.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await untilAnswering(endpoint);
  } catch (error) {
    process.kill(child.pid!, 'SIGTERM');
    await exited;
    throw error;
  }
  return {
    endpoint,
    port,
    pid: child.pid!,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** Waits until the server answers a signed DynamoDB request (werkzeug prints before it accepts). */
async function untilAnswering(endpoint: string): Promise<void> {
  const client = asDynamoDbClient(
    createDocumentClient({ endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 }),
  );
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`${MOTO_SERVER} at ${endpoint} never answered`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}
