/** Issue 7's budget: each function, with the layer it loads, at most this big. */
export const BUNDLE_BUDGET = { minifiedBytes: 600 * 1024, gzipBytes: 175 * 1024 } as const;

/**
 * How many times the reference handler (`reference-bundle.ts`, built as the functions are) a
 * function may be, with the whole layer for an order function: what the packaged-artifacts test
 * holds them to, just above today's 1.88×–2.12×, so growth is caught. The bench's target is
 * 1.6× and is not reached (docs/performance.md: inversify, zod and Powertools alone are 0.77×).
 * Issue 7's 1.5× of its 341 KB reference was 2.45× of this one.
 */
export const REFERENCE_RATIO_CAP = 2.2;
