// Embedded PostgreSQL (PGlite) with the btree_gist extension the exclusion constraint needs.
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';

export const pgliteExtensions = { btree_gist };

/** Opens PGlite persisted in `dataDir` (created if missing), or in memory without one. */
export async function createPGlite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<PGlite> {
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const db = new PGlite({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: pgliteExtensions,
  });
  await db.waitReady;
  return db;
}
