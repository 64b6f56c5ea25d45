/** Issue 7's budget: each function, with the layer it loads, at most this big. */
export const BUNDLE_BUDGET = { minifiedBytes: 600 * 1024, gzipBytes: 175 * 1024 } as const;
