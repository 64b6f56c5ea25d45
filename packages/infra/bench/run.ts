import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundles, sizeMetrics } from './bundles.js';
import { callCountMetrics } from './call-counts.js';
import { coldStartMetrics } from './cold-start.js';
import { costLines } from './cost.js';
import { QUIET_ENVIRONMENT } from './fixtures.js';
import { listLatencyMetrics } from './list-latency.js';
import { memoryMetrics } from './memory.js';
import type { MetricLine } from './report.js';
import { progress, table } from './report.js';
import { serverCpuMetrics } from './server-cpu.js';

/**
 * `pnpm bench`: the performance figures on this machine, each against a reference measured in the
 * same run. One JSON line per metric on stdout, then a summary line; progress and a table on
 * stderr. A timed figure counts only outside its noise band (see report.ts): exit code 1 when a
 * target is missed or a figure stays within noise. `--only=<group>[,<group>]` runs some groups
 * (bytes, cold, calls, cpu, list, memory, cost). `cost` prints one line per route (USD per million
 * requests, no target): not a verdict, not counted in the summary.
 */
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (group: string) => only === undefined || only.includes(group);

// Quiet handlers (logs at WARN, no EMF) in this process too: stdout carries only the results.
for (const [name, value] of Object.entries(QUIET_ENVIRONMENT)) process.env[name] ??= value;
const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'bench-'));
const lines: MetricLine[] = [];
const emit = (results: MetricLine[]) => {
  for (const line of results) {
    lines.push(line);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
};

try {
  if (wanted('bytes') || wanted('cold')) {
    progress('bundling the functions, the layer and the reference handler…');
    const bundles = await buildBundles(workDir);
    if (wanted('bytes')) emit(sizeMetrics(bundles));
    if (wanted('cold')) {
      progress('cold starts (init + first invocation): fresh node processes, interleaved, on dynalite…');
      emit(await coldStartMetrics(bundles));
    }
  }
  if (wanted('calls')) {
    progress('DynamoDB calls per operation (dynalite)…');
    emit(await callCountMetrics());
  }
  if (wanted('cpu')) {
    progress('server CPU per request: built local API vs bare node:http, 1 and 32 in flight, interleaved…');
    emit(await serverCpuMetrics());
  }
  if (wanted('list')) {
    progress('list latency: built server, memory and DynamoDB storage, pages vs a single GET…');
    emit(await listLatencyMetrics());
  }
  if (wanted('memory')) {
    progress('local server RSS: after 1,000 vs 50,000 requests, each with a new token…');
    emit(await memoryMetrics());
  }
  if (wanted('cost')) {
    progress('cost per million requests: the packaged functions warm against dynalite…');
    for (const line of await costLines(workDir)) process.stdout.write(`${JSON.stringify(line)}\n`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const judged = lines.filter((line) => line.verdict !== 'info');
const named = (verdict: MetricLine['verdict']) =>
  judged.filter((line) => line.verdict === verdict).map((line) => line.metric);
const [missed, noise] = [named('missed'), named('noise')];
const seconds = ((performance.now() - started) / 1000).toFixed(0);
if (lines.length > 0) process.stderr.write(`\n${table(lines)}\n\n`);
process.stdout.write(
  `bench: ${judged.length - missed.length - noise.length}/${judged.length} targets met in ${seconds} s` +
    (missed.length > 0 ? `; missed: ${missed.join(', ')}` : '') +
    (noise.length > 0 ? `; within noise (undecided): ${noise.join(', ')}` : '') +
    '\n',
);
process.exitCode = missed.length + noise.length > 0 ? 1 : 0;
