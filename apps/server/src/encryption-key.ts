import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateEncryptionKey, parseEncryptionKey } from '@drift/core';

export const ENCRYPTION_KEY_FILE = 'encryption-key';

/**
 * The key that seals mailbox passwords: DRIFT_ENCRYPTION_KEY when set (several instances must
 * share it), else one generated at first start and kept beside the embedded database, readable
 * by this user only.
 */
export async function ensureEncryptionKey(
  dataDir: string,
  configured: string | undefined,
): Promise<{ key: Buffer; source: 'environment' | 'file' | 'generated' }> {
  if (configured) return { key: parseEncryptionKey(configured), source: 'environment' };
  const path = join(dataDir, ENCRYPTION_KEY_FILE);
  try {
    return { key: parseEncryptionKey(await readFile(path, 'utf8')), source: 'file' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = generateEncryptionKey();
  await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    // Another process started at the same moment wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return { key: parseEncryptionKey(await readFile(path, 'utf8')), source: 'generated' };
}
