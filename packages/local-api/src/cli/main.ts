#!/usr/bin/env node
import { gatherServerOutput } from './gathered-output.js';
import { parseCommandLine } from './options.js';
import { nextStopSignal, prepareServerProcess } from './process-setup.js';

/** Entry point of `npm start`: the environment is set before the handlers' modules load. */
const argv = process.argv.slice(2);
const command = parseCommandLine(argv[0] === '--' ? argv.slice(1) : argv);
await prepareServerProcess(command);

const { runCli } = await import('./cli.js');
const code = await runCli(argv, {
  ...gatherServerOutput(command),
  env: process.env,
  stopRequested: nextStopSignal,
});
process.exit(code);
