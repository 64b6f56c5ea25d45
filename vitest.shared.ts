/**
 * What every package's vitest config shares (merged with `mergeConfig` in each package): tests
 * run the workspace packages' TypeScript sources, not their last build; each package writes the
 * JSON report that `npm test` sums into its closing line; the SDK and Powertools stay quiet.
 */
export const sharedTestConfig = {
  resolve: { conditions: ['@app/source'] },
  ssr: { resolve: { conditions: ['@app/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]] as [
      'default',
      ['json', { outputFile: string }],
    ],
    // A bound on hangs, not on speed: far above the slowest test seen on a 2-core machine running
    // every package's suite at once (about 30 s); work is bounded by counts, never by time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // Tests that assert on metrics enable them (`vi.stubEnv`) before building the handlers.
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
  },
};
