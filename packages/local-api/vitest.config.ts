import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    // The reliability battery sends thousands of requests per test (over dynalite, through a
    // fault proxy): 13 s alone, past 30 s beside the other packages' suites on 2 cores.
    test: { testTimeout: 300_000 },
  }),
);
