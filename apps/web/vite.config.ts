import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The Drift server, which the dev server forwards API and mail calls to. */
const backend = process.env.DRIFT_BACKEND_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // The server serves dist/ at its root; assets are referenced from there.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/trpc': { target: backend, changeOrigin: false },
      '/api': { target: backend, changeOrigin: false },
      '/inbound': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
});
