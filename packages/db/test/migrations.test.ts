import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type MigrationTarget, migrate } from '../src/migrate.ts';
import { readMigrationsList } from '../src/migrations-list.ts';
import { migrationsDir } from '../src/paths.ts';
import { createPGlite } from '../src/pglite.ts';
import { createEmptyDatabase, serverUrl } from './pg-server.ts';

interface Fresh {
  target: MigrationTarget;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function freshPGlite(): Promise<Fresh> {
  const client = await createPGlite();
  return {
    target: { kind: 'pglite', client },
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    close: () => client.close(),
  };
}

async function freshPostgres(): Promise<Fresh> {
  const db = await createEmptyDatabase();
  return { target: { kind: 'postgres', databaseUrl: db.url }, query: db.query, close: db.drop };
}

const targets: [string, () => Promise<Fresh>][] = [['PGlite', freshPGlite]];
if (serverUrl) targets.push(['PostgreSQL', freshPostgres]);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fresh(open: () => Promise<Fresh>): Promise<Fresh> {
  const db = await open();
  cleanups.push(() => db.close());
  return db;
}

const committed = (await readMigrationsList()).migrationDirectories.map((dir) => dir.path);

describe.each(targets)('migrations on %s', (_name, open) => {
  it('applies every committed migration to an empty database', async () => {
    expect(committed.length).toBeGreaterThan(0);
    const db = await fresh(open);

    expect(await migrate(db.target)).toEqual(committed);

    const tables = await db.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual([
      '_prisma_migrations',
      'accounts',
      'api_keys',
      'app_state',
      'auto_replies',
      'category_corrections',
      'email_counts',
      'emails',
      'escalations',
      'idempotency_keys',
      'mailbox_connections',
      'ooo_sessions',
      'playbooks',
      'rules',
      'session_counts',
      'users',
      'web_sessions',
      'webhook_attempts',
      'webhook_deliveries',
      'webhooks',
    ]);
    const constraints = await db.query(
      "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'ooo_sessions'::regclass AND contype IN ('x', 'c') ORDER BY conname",
    );
    expect(constraints).toEqual([
      { conname: 'ooo_sessions_end_after_start', contype: 'c' },
      { conname: 'ooo_sessions_no_overlap', contype: 'x' },
    ]);
    const history = await db.query(
      'SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NULL AS live, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history).toEqual(
      committed.map((name) => ({ migration_name: name, finished: true, live: true, applied_steps_count: 1 })),
    );
  });

  it('applying again is a no-op', async () => {
    const db = await fresh(open);
    await migrate(db.target);
    const before = await db.query('SELECT id, checksum, finished_at FROM _prisma_migrations ORDER BY id');

    expect(await migrate(db.target)).toEqual([]);
    expect(await db.query('SELECT id, checksum, finished_at FROM _prisma_migrations ORDER BY id')).toEqual(
      before,
    );
  });

  it('a failing migration fails the run and is not recorded as applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drift-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(migrationsDir, dir, { recursive: true });
    await cp(join(migrationsDir, committed[0] ?? ''), join(dir, '99990101000000_broken'), {
      recursive: true,
    });
    await writeFile(join(dir, '99990101000000_broken', 'migration.sql'), 'SELECT * FROM no_such_table;\n');
    const db = await fresh(open);

    await expect(migrate(db.target, { migrationsDir: dir })).rejects.toThrow(/no_such_table/);

    const broken = await db.query(
      "SELECT finished_at FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'",
    );
    expect(broken).toEqual([{ finished_at: null }]);
    // The CLI refuses to go on past a failed migration; so do we.
    await expect(migrate(db.target, { migrationsDir: dir })).rejects.toThrow(/failed/i);
  });
});

describe.skipIf(!serverUrl)('migrations on PostgreSQL under concurrency', () => {
  it('several concurrent migrate calls on one database all succeed, and apply once', async () => {
    const db = await fresh(freshPostgres);
    const target = db.target;

    const results = await Promise.all([migrate(target), migrate(target), migrate(target), migrate(target)]);

    expect(results.filter((applied) => applied.length > 0)).toEqual([committed]);
    const history = await db.query('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name');
    expect(history.map((row) => row.migration_name)).toEqual(committed);
  });

  it('waits for the advisory lock held by another process', async () => {
    const db = await fresh(freshPostgres);
    if (db.target.kind !== 'postgres') throw new Error('unreachable');
    const holder = new pg.Client({ connectionString: db.target.databaseUrl });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query("SELECT pg_advisory_lock(hashtext('drift:migrate'))");

    let done = false;
    const running = migrate(db.target).then((applied) => {
      done = true;
      return applied;
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(done).toBe(false);
    expect(await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'accounts'")).toEqual([
      { n: 0 },
    ]);

    await holder.query("SELECT pg_advisory_unlock(hashtext('drift:migrate'))");
    expect(await running).toEqual(committed);
  });
});
