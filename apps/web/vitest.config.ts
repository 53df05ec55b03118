import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Run in an odd zone (UTC+12:45/+13:45), so that any code reading the machine's zone instead of the
// account's shows up in the tests.
process.env.TZ = 'Pacific/Chatham';

/** Component and helper tests in jsdom; the browser suite in e2e/ has its own config. */
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test-setup.ts'],
    testTimeout: 15_000,
  },
});
