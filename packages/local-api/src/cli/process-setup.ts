import type { CliCommand } from './options.js';

/**
 * What the server process sets up before the handlers' modules load, for `npm start` and
 * `npm run dev` alike: Powertools' metrics switch, source-mapped stack traces, the inspector.
 * Exits with a message when the inspector cannot open.
 */
export async function prepareServerProcess(command: CliCommand): Promise<void> {
  if (command.kind === 'start' && command.flags.metrics) {
    // Powertools reads this when the handlers are built: `--metrics` wins over the environment
    // (POWERTOOLS_METRICS_DISABLED, or POWERTOOLS_DEV which disables metrics too).
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Stack traces point into the TypeScript sources (the build writes `.js.map` files beside dist).
  process.setSourceMapsEnabled(true);
  if (command.kind === 'start' && command.flags.inspect !== undefined) {
    // Opened by the server process itself, whoever started it (npm start, npm run dev, node
    // dist/cli/main.js), before any request runs. Node prints the debugger's URL.
    const { host, port } = command.flags.inspect;
    try {
      (await import('node:inspector')).open(port, host);
    } catch (error) {
      process.stderr.write(`Cannot open the inspector on ${host}:${port}: ${(error as Error).message}\n`);
      process.exit(1);
    }
  }
}

/** SIGINT or SIGTERM, once; a second one while stopping ends the process at once. */
export function nextStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal while stopping: do not wait for in-flight requests.
      process.once(signal, () => process.exit(130));
      resolve(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
