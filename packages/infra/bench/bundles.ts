import { join } from 'node:path';
import { BUNDLE_BUDGET } from '../src/bundling/bundle-budget.js';
import type { SizeEntry } from '../src/bundling/bundle-lambdas.js';
import { type BundleReport, bundleLambdas } from '../src/bundling/bundle-lambdas.js';
import { buildReferenceBundle } from '../src/bundling/reference-bundle.js';
import { infoLine, type MetricLine, metricLine } from './report.js';

export const PACKAGE_DIR = join(import.meta.dirname, '..');
const ADAPTERS_DIR = join(PACKAGE_DIR, 'node_modules', '@app');

/** Size target: each function (with the whole layer, for order functions) against the reference. */
export const SIZE_RATIO_TARGET = 1.6;
/** Issue 7's target against its reference, printed with the legacy lines. */
const LEGACY_SIZE_RATIO_TARGET = 1.5;

export interface BuiltBundles {
  /** `<dir>/<function>/index.mjs`, `<dir>/layer/nodejs/node_modules`. */
  dir: string;
  /** `<referenceDir>/index.mjs`: the reference handler, built as the functions are. */
  referenceDir: string;
  /** `<legacyReferenceDir>/index.mjs`: issue 7's reference, for the legacy lines. */
  legacyReferenceDir: string;
  report: BundleReport;
  reference: SizeEntry;
  legacyReference: SizeEntry;
}

/** Bundles every function and both reference handlers, as `pnpm run bundle` does. */
export async function buildBundles(workDir: string): Promise<BuiltBundles> {
  const dir = join(workDir, 'bundles');
  const referenceDir = join(workDir, 'reference');
  const legacyReferenceDir = join(workDir, 'legacy-reference');
  const adaptersDynamoDbDir = join(ADAPTERS_DIR, 'adapters-dynamodb');
  const [report, reference, legacyReference] = await Promise.all([
    bundleLambdas({ outDir: dir, adaptersLambdaDir: join(ADAPTERS_DIR, 'adapters-lambda') }),
    buildReferenceBundle({ outDir: referenceDir, adaptersDynamoDbDir }),
    buildReferenceBundle({ outDir: legacyReferenceDir, adaptersDynamoDbDir, legacy: true }),
  ]);
  return { dir, referenceDir, legacyReferenceDir, report, reference, legacyReference };
}

/**
 * Minified and gzip bytes of each function (plus the whole layer for order functions) vs the
 * reference handler built the same way; then the same against issue 7's reference (legacy).
 */
export function sizeMetrics({ report, reference, legacyReference }: BuiltBundles): MetricLine[] {
  const lines = (against: SizeEntry, target: number) =>
    report.functions.flatMap((fn) => {
      const withinCaps =
        fn.total.minifiedBytes <= BUNDLE_BUDGET.minifiedBytes &&
        fn.total.gzipBytes <= BUNDLE_BUDGET.gzipBytes;
      return [
        metricLine(
          `bundle-minified-bytes:${fn.name}`,
          fn.total.minifiedBytes,
          against.minifiedBytes,
          target,
          withinCaps,
        ),
        metricLine(`bundle-gzip-bytes:${fn.name}`, fn.total.gzipBytes, against.gzipBytes, target, withinCaps),
      ];
    });
  return [
    ...lines(reference, SIZE_RATIO_TARGET),
    ...lines(legacyReference, LEGACY_SIZE_RATIO_TARGET).map((line) =>
      infoLine(line, 'issue 7: against a reference keeping the SDK’s whole credential chain'),
    ),
  ];
}
