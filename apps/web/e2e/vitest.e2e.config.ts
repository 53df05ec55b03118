import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The browser suite: builds the app, starts the real server (`pnpm start`, or `pnpm serve` on that
 * build) on a free port with a fresh data directory, and drives Debian's Chromium through
 * playwright-core. Files one after another, each with its own server; tests in a file in order.
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
