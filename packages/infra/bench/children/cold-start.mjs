// One cold start: the time this fresh process takes to import (load, parse, evaluate) a bundle.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const started = performance.now();
const bundle = await import(pathToFileURL(process.argv[2]).href);
const initMs = performance.now() - started;
if (typeof bundle.handler !== 'function') throw new Error(`${process.argv[2]} exports no handler`);
process.stdout.write(JSON.stringify({ initMs }));
