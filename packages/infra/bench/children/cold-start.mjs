// One cold start in this fresh process: the import of a bundle (load, parse, evaluate: Lambda's
// init phase), then its first invocation with the event in argv[3], if any, as Lambda's runtime
// makes it. Prints `@cold-start {initMs, firstCallMs, outcome}` as the last line of stdout
// (the handler's own logs and metrics come before it).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundleFile, eventFile] = process.argv.slice(2);
const event = eventFile === undefined ? undefined : JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  memoryLimitInMB: '1024',
  logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  logStreamName: '2026/12/06/[$LATEST]bench',
  awsRequestId: event?.requestContext?.requestId ?? 'bench-request',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  getRemainingTimeInMillis: () => 29_000,
  callbackWaitsForEmptyEventLoop: true,
};

const started = performance.now();
const bundle = await import(pathToFileURL(bundleFile).href);
const imported = performance.now();
if (typeof bundle.handler !== 'function') throw new Error(`${bundleFile} exports no handler`);
let outcome;
if (event !== undefined) {
  try {
    const result = await bundle.handler(event, context);
    outcome = { statusCode: result?.statusCode, body: result?.body };
  } catch (error) {
    outcome = { error: String(error?.message ?? error) };
  }
}
const called = performance.now();
process.stdout.write(
  `\n@cold-start ${JSON.stringify({ initMs: imported - started, firstCallMs: called - imported, outcome })}\n`,
);
