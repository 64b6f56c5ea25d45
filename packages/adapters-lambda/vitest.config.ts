import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@app/source'] },
  // Tests run the workspace packages' sources, not their last build.
  ssr: { resolve: { conditions: ['@app/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    testTimeout: 30_000,
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // Tests that assert on metrics enable them (`vi.stubEnv`) before building the handlers.
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
