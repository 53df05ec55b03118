import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The server serves apps/web/dist as it finds it at start-up, so the app is built first. */
export default async function setup(): Promise<void> {
  if (process.env.DRIFT_E2E_SKIP_BUILD === '1' && existsSync(`${WEB_DIR}/dist/index.html`)) return;
  await build({ root: WEB_DIR, configFile: `${WEB_DIR}/vite.config.ts`, logLevel: 'warn' });
}
