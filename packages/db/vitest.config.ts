import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite starts in 0.3-3 s (more on a busy 2-core machine) and migrations take a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file opens its own databases; two files at a time keep both cores busy.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
