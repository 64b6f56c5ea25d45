#!/usr/bin/env node
import { type FSWatcher, watch } from 'node:fs';
import * as nodeModule from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSourceFile, transpileToDist } from './dev-rebuild.js';
import { gatherServerOutput } from './gathered-output.js';
import { parseCommandLine } from './options.js';
import { nextStopSignal, prepareServerProcess } from './process-setup.js';

/**
 * Entry point of `npm run dev`: the local API, restarted on the new code whenever a source file
 * of a workspace package it runs is saved. The changed files are transpiled into their package's
 * `dist/` (`dev-rebuild.ts`), the server is stopped, the CLI is imported again as a new
 * generation — every workspace module evaluated afresh (`dev-loader-hooks.ts`), `node_modules`
 * kept — and started on the same port. One process throughout: the inspector (`--inspect`)
 * stays attached across reloads. In-memory data starts empty again; DynamoDB data and the
 * signing key (so every token) survive.
 */
const PACKAGES = ['core', 'adapters-dynamodb', 'adapters-lambda', 'local-api'] as const;
/** Editors write a file in several steps: changes this close together are one save. */
const SETTLE_MS = 20;

const argv = process.argv.slice(2);
const args = argv[0] === '--' ? argv.slice(1) : argv;
const command = parseCommandLine(args);
await prepareServerProcess(command);
if (typeof nodeModule.register !== 'function') {
  process.stderr.write(
    `npm run dev needs Node.js 20.6 or newer (module hooks); this is ${process.version}.\n`,
  );
  process.exit(1);
}
nodeModule.register('./dev-loader-hooks.js', import.meta.url);

const io = {
  ...gatherServerOutput(command),
  env: process.env,
};
if (command.kind !== 'start') {
  const { runCli } = await import('./cli.js');
  process.exit(await runCli(args, { ...io, stopRequested: nextStopSignal }));
}

const packagesDir = fileURLToPath(new URL('../../..', import.meta.url));
const stopSignal = nextStopSignal();

/** Changed source files (→ their package) since the last rebuild, and when the first was saved. */
let changed = new Map<string, string>();
let firstChangeAt = 0;
let settling: NodeJS.Timeout | undefined;
let announceSave = () => {};
let saveAnnounced = armSave();

function armSave(): Promise<string> {
  return new Promise((resolve) => {
    announceSave = () => resolve('save');
  });
}

const watchers: FSWatcher[] = PACKAGES.map((name) =>
  watch(join(packagesDir, name, 'src'), { recursive: true }, (_event, file) => {
    if (file === null || !isSourceFile(file)) return;
    if (changed.size === 0) firstChangeAt = performance.now();
    changed.set(join(packagesDir, name, 'src', file), name);
    if (settling !== undefined) return;
    settling = setTimeout(() => {
      settling = undefined;
      if (changed.size > 0) announceSave();
    }, SETTLE_MS);
  }),
);

/** The next save, once its writes have settled, or a stop signal. */
const nextEvent = (): Promise<string> => Promise.race([stopSignal, saveAnnounced]);

let generation = 0;
let reload: Rebuilt | undefined;
for (;;) {
  let event: string;
  try {
    const { runCli, RELOAD } = (await import(`./cli.js?v=${generation}`)) as typeof import('./cli.js');
    let stopReason: string | undefined;
    const code = await runCli(args, {
      ...io,
      restarted: generation > 0,
      stopRequested: async () => {
        if (reload !== undefined) {
          io.stdout(
            `↻ ${reload.files.join(', ')}: rebuilt in ${reload.builtMs.toFixed(0)} ms; serving the new code ${(performance.now() - reload.savedAt).toFixed(0)} ms after the save\n`,
          );
        }
        stopReason = await nextEvent();
        return stopReason === 'save' ? RELOAD : stopReason;
      },
    });
    // Stopped by a signal, or the first start failed (runCli said why): done.
    if (stopReason !== undefined && stopReason !== 'save') exit(code);
    if (stopReason === undefined && generation === 0) exit(code);
    event = stopReason ?? (await nextEvent());
  } catch (error) {
    // The new code does not load (a syntax error, a missing export): wait for the next save.
    io.stderr(
      `✘ The rebuilt code does not load: ${(error as Error).stack ?? String(error)}\nSave again to retry.\n`,
    );
    event = await nextEvent();
  }
  if (event !== 'save') exit(0);
  reload = await rebuild();
  generation += 1;
}

interface Rebuilt {
  savedAt: number;
  files: string[];
  builtMs: number;
}

async function rebuild(): Promise<Rebuilt> {
  const files = changed;
  const savedAt = firstChangeAt;
  changed = new Map();
  saveAnnounced = armSave();
  const started = performance.now();
  const names = await Promise.all(
    [...files].map(async ([file, name]) => {
      const packageRoot = join(packagesDir, name);
      const shown = `${name}/${relative(packageRoot, file)}`;
      try {
        return (await transpileToDist(packageRoot, file)) === 'removed' ? `${shown} (removed)` : shown;
      } catch (error) {
        io.stderr(`✘ ${shown}: ${(error as Error).message}\n`);
        return `${shown} (not rebuilt)`;
      }
    }),
  );
  return { savedAt, files: names.sort(), builtMs: performance.now() - started };
}

function exit(code: number): never {
  for (const watcher of watchers) watcher.close();
  process.exit(code);
}
