import { configDefaults, defineConfig } from 'vitest/config';

/** `*.aws.test.ts` call a deployed stack: they run only with `E2E_TARGET=aws` (see the README). */
const AWS_TESTS = 'test/**/*.aws.test.ts';

export default defineConfig({
  resolve: { conditions: ['@app/source'] },
  test: {
    include: ['test/**/*.test.ts'],
    exclude:
      process.env.E2E_TARGET === 'aws' ? configDefaults.exclude : [...configDefaults.exclude, AWS_TESTS],
    reporters: ['default', ['json', { outputFile: 'test-output/vitest.json' }]],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
