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
