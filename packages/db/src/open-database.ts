// Opens the app's database: PostgreSQL through adapter-pg when a URL is given, else embedded PGlite.
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './client.ts';
import { migrate } from './migrate.ts';
import { pgAdapterFactory } from './pg-adapter.ts';
import { createPGlite } from './pglite.ts';

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgresql://… : use PostgreSQL. When unset, PGlite is used. */
  databaseUrl?: string;
  /** PGlite only: the database lives in `${dataDir}/pglite` (created if missing). */
  dataDir?: string;
  /** PGlite only: keep the database in memory (wins over dataDir). */
  inMemory?: boolean;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** PostgreSQL only: pool size (default 10). */
  poolMax?: number;
  /** PGlite only: start from a dumped data dir (see testing.ts). */
  loadDataDir?: Blob;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPGlite(opts);
}

async function openPostgres(databaseUrl: string, opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.migrate !== false) await migrate({ kind: 'postgres', databaseUrl });
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: opts.poolMax ?? 10,
    // Fail fast while the database is away (requests answer 503) instead of queueing forever.
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
  });
  // An idle client whose server goes away emits 'error' on the pool: without a listener the
  // process would crash. The next query fails instead and is seen by isConnectionError.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: pgAdapterFactory(pool) });
  return {
    prisma,
    kind: 'postgres',
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}

async function openPGlite(opts: OpenDatabaseOptions): Promise<Database> {
  if (!opts.inMemory && !opts.dataDir && !opts.loadDataDir) {
    throw new Error('openDatabase: give databaseUrl, dataDir or inMemory: true');
  }
  const client: PGlite = await createPGlite({
    ...(opts.inMemory || !opts.dataDir ? {} : { dataDir: join(opts.dataDir, 'pglite') }),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  try {
    if (opts.migrate !== false) await migrate({ kind: 'pglite', client });
  } catch (err) {
    await client.close();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    prisma,
    kind: 'pglite',
    close: once(async () => {
      await prisma.$disconnect();
      if (!client.closed) await client.close();
    }),
  };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}
