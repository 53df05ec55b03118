import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '@drift/db/paths';

export interface CliConfig {
  serverUrl: string;
  adminToken: string | undefined;
  adminTokenPath: string;
}

/** The CLI's only reader of the environment; mirrors the server's defaults so both find each other. */
export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const dataDir = resolveDataDir(env.DRIFT_DATA_DIR);
  const adminTokenPath = join(dataDir, 'admin-token');
  let adminToken = env.DRIFT_ADMIN_TOKEN || undefined;
  if (!adminToken) {
    try {
      adminToken = readFileSync(adminTokenPath, 'utf8').trim() || undefined;
    } catch {
      adminToken = undefined;
    }
  }
  const serverUrl = (env.DRIFT_URL || `http://127.0.0.1:${env.PORT || '3000'}`).replace(/\/+$/, '');
  return { serverUrl, adminToken, adminTokenPath };
}
