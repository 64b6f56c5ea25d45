import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/** `*.aws.test.ts` call a deployed stack: they run only with `E2E_TARGET=aws` (see the README). */
const AWS_TESTS = 'test/**/*.aws.test.ts';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      exclude:
        process.env.E2E_TARGET === 'aws' ? configDefaults.exclude : [...configDefaults.exclude, AWS_TESTS],
      hookTimeout: 120_000,
    },
  }),
);
