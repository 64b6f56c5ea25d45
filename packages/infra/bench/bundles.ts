import { join } from 'node:path';
import { BUNDLE_BUDGET } from '../src/bundling/bundle-budget.js';
import type { SizeEntry } from '../src/bundling/bundle-lambdas.js';
import { type BundleReport, bundleLambdas } from '../src/bundling/bundle-lambdas.js';
import { buildReferenceBundle } from '../src/bundling/reference-bundle.js';
import { type MetricLine, metricLine } from './report.js';

export const PACKAGE_DIR = join(import.meta.dirname, '..');
const ADAPTERS_DIR = join(PACKAGE_DIR, 'node_modules', '@app');

/** Size target: each function (with the layer it loads) against the reference bundle. */
export const SIZE_RATIO_TARGET = 1.5;

export interface BuiltBundles {
  /** `<dir>/<function>/index.mjs`, `<dir>/layer/nodejs/node_modules`. */
  dir: string;
  /** `<referenceDir>/index.mjs`. */
  referenceDir: string;
  report: BundleReport;
  reference: SizeEntry;
}

/** Bundles every function and the reference handler, as `pnpm run bundle` does. */
export async function buildBundles(workDir: string): Promise<BuiltBundles> {
  const dir = join(workDir, 'bundles');
  const referenceDir = join(workDir, 'reference');
  const [report, reference] = await Promise.all([
    bundleLambdas({ outDir: dir, adaptersLambdaDir: join(ADAPTERS_DIR, 'adapters-lambda') }),
    buildReferenceBundle({
      outDir: referenceDir,
      adaptersDynamoDbDir: join(ADAPTERS_DIR, 'adapters-dynamodb'),
    }),
  ]);
  return { dir, referenceDir, report, reference };
}

/** Minified and gzip bytes of each function (plus the layer for order functions) vs the reference. */
export function sizeMetrics({ report, reference }: BuiltBundles): MetricLine[] {
  return report.functions.flatMap((fn) => {
    const withinCaps =
      fn.total.minifiedBytes <= BUNDLE_BUDGET.minifiedBytes && fn.total.gzipBytes <= BUNDLE_BUDGET.gzipBytes;
    return [
      metricLine(
        `bundle-minified-bytes:${fn.name}`,
        fn.total.minifiedBytes,
        reference.minifiedBytes,
        SIZE_RATIO_TARGET,
        withinCaps,
      ),
      metricLine(
        `bundle-gzip-bytes:${fn.name}`,
        fn.total.gzipBytes,
        reference.gzipBytes,
        SIZE_RATIO_TARGET,
        withinCaps,
      ),
    ];
  });
}
