// Applies pending migrations from prisma/migrations with Prisma's WASM schema engine, keeping the
// `_prisma_migrations` table exactly as `prisma migrate deploy` would. On PostgreSQL the work runs
// under a session advisory lock, so several server processes may start (and migrate) at once.
import { readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { readMigrationsList } from './migrations-list.ts';
import { schemaPath } from './paths.ts';
import { pgMigrationAdapterFactory } from './pg-adapter.ts';
import { pgliteMigrationFactory } from './pglite-migration-adapter.ts';
import { startSchemaEngine } from './schema-engine.ts';

export type MigrationTarget = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; databaseUrl: string };

export interface MigrateOptions {
  /** Folder with the migrations; defaults to this package's prisma/migrations. */
  migrationsDir?: string;
  /** Receives the engine's JSON log lines. */
  log?: (line: string) => void;
}

/** Key of the advisory lock taken around migrations (advisory locks are per database). */
export const MIGRATION_LOCK_SQL = "SELECT pg_advisory_lock(hashtext('drift:migrate'))";
const UNLOCK_SQL = "SELECT pg_advisory_unlock(hashtext('drift:migrate'))";

/** Applies pending migrations; returns the names of those it applied (empty when up to date). */
export async function migrate(target: MigrationTarget, opts: MigrateOptions = {}): Promise<string[]> {
  const list = await readMigrationsList(opts.migrationsDir);
  const schema = { path: 'schema.prisma', content: await readFile(schemaPath, 'utf8') };

  if (target.kind === 'pglite') {
    const factory = pgliteMigrationFactory(target.client);
    const engine = await startSchemaEngine(factory, schema, opts.log);
    try {
      return (await engine.applyMigrations(list)).appliedMigrationNames;
    } finally {
      engine.free();
      await factory.closeShadows();
    }
  }

  const lock = new pg.Client({ connectionString: target.databaseUrl });
  lock.on('error', () => {});
  await lock.connect();
  try {
    await lock.query(MIGRATION_LOCK_SQL);
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 2 });
    pool.on('error', () => {});
    try {
      const engine = await startSchemaEngine(pgMigrationAdapterFactory(pool), schema, opts.log);
      try {
        return (await engine.applyMigrations(list)).appliedMigrationNames;
      } finally {
        engine.free();
      }
    } finally {
      await pool.end();
    }
  } finally {
    // Ending the session releases the lock too; unlock first to hand it over at once.
    await lock.query(UNLOCK_SQL).catch(() => {});
    await lock.end().catch(() => {});
  }
}
