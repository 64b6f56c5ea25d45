import { spawn } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { asDynamoDbClient, createDocumentClient } from '../../src/index.js';
import { LOCAL_CREDENTIALS } from '../../src/testing/index.js';

/** The Python with moto 5 and its server (`pip install 'moto[server]'`), looked up on the PATH. */
const PYTHON = 'python3';
/** What the messages call it. */
export const MOTO_SERVER = 'moto (its server app, served single-threaded by python3)';
/**
 * `moto_server`'s own app, served one request at a time. `moto_server` serves each request on its
 * own thread, and its DynamoDB backend checks a condition and writes without a lock, so two
 * concurrent conditional writes could both pass — two cancels of one order both succeeded once
 * in CI — where DynamoDB applies each write to an item atomically. Served serially, every
 * conditional write is atomic, as on DynamoDB (connections are HTTP/1.0, closed per response,
 * so no client holds the server).
 */
const SERIAL_MOTO = [
  'import sys',
  'from moto.server import DomainDispatcherApplication, create_backend_app, run_simple',
  'run_simple(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)',
].join('\n');

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
 * DynamoDB `ListTables`. Fails, naming moto, when Python or moto is missing or the server exits.
 */
export async function startMoto(): Promise<MotoServer> {
  const child = spawn(PYTHON, ['-c', SERIAL_MOTO, '127.0.0.1', '0'], {
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
            `\`${PYTHON}\` on the PATH.${output === '' ? '' : `\n${output}`}`,
        ),
      );
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'ENOENT' ? `\`${PYTHON}\` was not found on the PATH` : String(error)),
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
