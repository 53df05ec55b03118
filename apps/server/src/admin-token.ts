import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSecretToken } from '@drift/domain';

export const ADMIN_TOKEN_FILE = 'admin-token';

/** The CLI reads the same file, so operators on this machine need no token by hand. */
export async function ensureAdminToken(dataDir: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  try {
    const existing = (await readFile(path, 'utf8')).trim();
    if (existing) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const token = `drift_admin_${generateSecretToken(32)}`;
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  return token;
}
