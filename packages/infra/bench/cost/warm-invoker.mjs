// One warm Lambda execution environment for the cost bench: resolves the handler from _HANDLER
// as the runtime does (timing the import: module init), invokes it with each event in turn, and
// records per invocation its duration, its process CPU time, every byte it wrote to stdout and
// stderr (what CloudWatch Logs ingests) and its answer.
// Each DynamoDB request sent during invocation n carries the header x-cost-invocation: n, for
// the capacity proxy (unsigned, and local servers do not check signatures).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [eventsFile, resultsFile] = process.argv.slice(2);
const { timeoutSeconds, invocations } = JSON.parse(readFileSync(eventsFile, 'utf8'));

let current;
const addRequest = http.Agent.prototype.addRequest;
http.Agent.prototype.addRequest = function (request, options) {
  if (current !== undefined) request.setHeader('x-cost-invocation', String(current));
  return addRequest.call(this, request, options);
};

let captured;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    captured?.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  };
}

const handlerString = process.env._HANDLER;
const slash = handlerString.lastIndexOf('/');
const [moduleName, ...exportPath] = handlerString.slice(slash + 1).split('.');
const base = join(process.env.LAMBDA_TASK_ROOT, handlerString.slice(0, slash + 1), moduleName);
const file = ['.js', '.mjs', '.cjs'].map((extension) => base + extension).find((path) => existsSync(path));
if (file === undefined) throw new Error(`Runtime.ImportModuleError: Cannot find module ${base}`);
const cpuBeforeInit = process.cpuUsage();
const initStarted = performance.now();
let handler = await import(pathToFileURL(file).href);
const init = { initMs: performance.now() - initStarted, initCpuMs: cpuMs(process.cpuUsage(cpuBeforeInit)) };
for (const name of exportPath) handler = handler?.[name];
if (typeof handler !== 'function') throw new Error(`Runtime.HandlerNotFound: ${handlerString}`);

function cpuMs({ user, system }) {
  return (user + system) / 1000;
}

const results = [];
for (const [index, { label, event }] of invocations.entries()) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    awsRequestId: crypto.randomUUID(),
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  captured = [];
  current = index;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let outcome;
  try {
    outcome = { ok: await handler(event, context) };
  } catch (error) {
    outcome = { error: String(error?.message ?? error) };
  }
  const durationMs = performance.now() - started;
  const invocationCpuMs = cpuMs(process.cpuUsage(cpuBefore));
  current = undefined;
  const output = captured.join('');
  captured = undefined;
  results.push({ index, label, durationMs, cpuMs: invocationCpuMs, output, ...outcome });
}
writeFileSync(resultsFile, JSON.stringify({ node: process.version, ...init, results }));
