#!/usr/bin/env node
import { parseCommandLine } from './options.js';

/** Entry point of `npm start`: the environment is set before the handlers' modules load. */
const argv = process.argv.slice(2);
const command = parseCommandLine(argv[0] === '--' ? argv.slice(1) : argv);
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

const { runCli } = await import('./cli.js');
const code = await runCli(argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stopRequested: () =>
    new Promise((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        // A second signal while stopping: do not wait for in-flight requests.
        process.once(signal, () => process.exit(130));
        resolve(signal);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }),
});
process.exit(code);
