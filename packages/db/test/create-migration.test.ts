import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigration, diffMigrations } from '../src/create-migration.ts';
import { migrate } from '../src/migrate.ts';
import { migrationsDir, schemaPath } from '../src/paths.ts';
import { createPGlite } from '../src/pglite.ts';

const work = await mkdtemp(join(tmpdir(), 'drift-create-migration-'));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('migration:create', () => {
  it('finds no changes between schema.prisma and the committed migrations', async () => {
    expect(await diffMigrations()).toBe('');
  });

  it('writes the next migration for a schema change, keeping the raw SQL constraints', async () => {
    const dir = join(work, 'migrations');
    await cp(migrationsDir, dir, { recursive: true });
    const schema = join(work, 'schema.prisma');
    const original = await readFile(schemaPath, 'utf8');
    const changed = original.replace(
      '  timezone       String   @default("UTC")',
      '  timezone       String   @default("UTC")\n  nickname       String?',
    );
    expect(changed).not.toBe(original);
    await writeFile(schema, changed);

    const result = await createMigration('Add nickname!', {
      migrationsDir: dir,
      schemaPath: schema,
      now: new Date('2099-01-02T03:04:05.678Z'),
    });

    expect(result.created).toBe(true);
    if (!result.created) return;
    expect(result.folder).toBe(join(dir, '20990102030405_add_nickname'));
    const sql = await readFile(join(result.folder, 'migration.sql'), 'utf8');
    expect(sql).toMatch(/ALTER TABLE "accounts" ADD COLUMN\s+"nickname" TEXT/);
    expect(sql).not.toMatch(/DROP|btree_gist|no_overlap/i);
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toMatch(/provider = "postgresql"/);

    // Now in sync: nothing more to create.
    expect(await createMigration('again', { migrationsDir: dir, schemaPath: schema })).toEqual({
      created: false,
    });
    expect((await readdir(dir)).filter((name) => name !== 'migration_lock.toml')).toHaveLength(
      (await readdir(migrationsDir)).length,
    );

    // And the new folder applies on top of the others.
    const client = await createPGlite();
    try {
      const applied = await migrate({ kind: 'pglite', client }, { migrationsDir: dir });
      expect(applied.at(-1)).toBe('20990102030405_add_nickname');
      const columns = await client.query(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'nickname'",
      );
      expect(columns.rows).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('rejects a name without letters or digits', async () => {
    await expect(createMigration(' -- ', { migrationsDir: join(work, 'none') })).rejects.toThrow(/name/);
  });
});
