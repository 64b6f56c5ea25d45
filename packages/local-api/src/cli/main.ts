#!/usr/bin/env node
import { parseCommandLine } from './options.js';
import { nextStopSignal, prepareServerProcess } from './process-setup.js';

/** Entry point of `npm start`: the environment is set before the handlers' modules load. */
const argv = process.argv.slice(2);
await prepareServerProcess(parseCommandLine(argv[0] === '--' ? argv.slice(1) : argv));

const { runCli } = await import('./cli.js');
const code = await runCli(argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stopRequested: nextStopSignal,
});
process.exit(code);
