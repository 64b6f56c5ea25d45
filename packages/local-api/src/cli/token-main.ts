#!/usr/bin/env node
import { runTokenCli } from './token-cli.js';

/** Entry point of `npm run token` (see `token-cli.ts`). */
process.exitCode = await runTokenCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
