// Test databases for this and other packages' suites (import '@drift/db/testing').
//
// - TEST_DATABASE_URL set (postgresql://user@host:port/anydb): each call creates a fresh database
//   drift_t_<random> on that server, migrates it, and close() drops it.
// - Otherwise: PGlite in memory. The migrated database is dumped once (kept in module scope, and
//   on disk under node_modules/.cache keyed by the migrations, so that every vitest worker and
//   test file reuses it) and every call starts from that dump: about 0.3-0.5 s instead of 3 s.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from './migrate.ts';
import { readMigrationsList } from './migrations-list.ts';
import { type Database, openDatabase } from './open-database.ts';
import { packageDir } from './paths.ts';
import { createPGlite } from './pglite.ts';

export type TestDatabase = Database & { databaseUrl?: string };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? createPostgresTestDatabase(serverUrl) : createPGliteTestDatabase();
}

/** True when the suite runs against PostgreSQL (TEST_DATABASE_URL set). */
export function usesPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

let snapshot: Promise<Blob> | undefined;

/** The migrated, empty PGlite data dir: from the disk cache, else built and cached. */
function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = await snapshotFile();
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return new Blob([cached]);
    const client = await createPGlite();
    try {
      await migrate({ kind: 'pglite', client });
      const dump = await client.dumpDataDir('none');
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
      await rename(tmp, file);
      return dump;
    } finally {
      await client.close();
    }
  })();
  snapshot.catch(() => {
    snapshot = undefined;
  });
  return snapshot;
}

/** Cache file named after the migrations and the PGlite build, so a change rebuilds it. */
async function snapshotFile(): Promise<string> {
  const list = await readMigrationsList();
  const hash = createHash('sha256');
  hash.update(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (const dir of list.migrationDirectories) {
    hash.update(`\0${dir.path}\0${dir.migrationFile.content.value}`);
  }
  const key = hash.digest('hex').slice(0, 16);
  return join(packageDir, 'node_modules', '.cache', 'drift-db', `pglite-migrated-${key}.tar`);
}

async function createPGliteTestDatabase(): Promise<TestDatabase> {
  return openDatabase({ inMemory: true, loadDataDir: await migratedSnapshot(), migrate: false });
}

async function createPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `drift_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const drop = () =>
    withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl });
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    ...db,
    databaseUrl,
    close: () => {
      closed ??= db.close().finally(drop);
      return closed;
    },
  };
}

async function withAdmin<T>(serverUrl: string, run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: serverUrl });
  admin.on('error', () => {});
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}
