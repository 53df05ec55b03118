import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, resolveDataDir } from '../src/index.ts';
import { readMigrationsList } from '../src/migrations-list.ts';
import { findWorkspaceRoot } from '../src/paths.ts';
import { caught, createAccount } from './helpers.ts';
import { serverUrl } from './pg-server.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drift-data-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('openDatabase on PGlite', () => {
  it('persists under dataDir/pglite across close and reopen, migrating only once', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    const account = await createAccount(first.prisma);
    await first.close();
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);

    const second = await openDatabase({ dataDir });
    try {
      expect(await second.prisma.account.findUnique({ where: { id: account.id } })).toMatchObject({
        id: account.id,
        inboundToken: account.inboundToken,
      });
      const history = await second.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM _prisma_migrations`;
      // Once each, however many times the database was opened.
      expect(history).toEqual([{ n: (await readMigrationsList()).migrationDirectories.length }]);
    } finally {
      await second.close();
    }
  });

  it('keeps an in-memory database out of dataDir', async () => {
    const dataDir = await tempDir();
    const db = await openDatabase({ inMemory: true, dataDir });
    cleanups.push(() => db.close());
    await createAccount(db.prisma);
    expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
  });

  it('does not migrate with migrate: false', async () => {
    const db = await openDatabase({ inMemory: true, migrate: false });
    cleanups.push(() => db.close());
    const err = await caught(() => db.prisma.account.count());
    expect((err as { code?: string }).code).toBe('P2021');
  });

  it('refuses to guess where the database is', async () => {
    await expect(openDatabase({})).rejects.toThrow(/databaseUrl, dataDir or inMemory/);
  });

  it('close() can be called twice', async () => {
    const db = await openDatabase({ inMemory: true, migrate: false });
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
  });
});

describe.skipIf(!serverUrl)('openDatabase on PostgreSQL', () => {
  it('reports its kind and closes its pool', async () => {
    const { createTestDatabase } = await import('../src/testing.ts');
    const db = await createTestDatabase();
    try {
      expect(db.kind).toBe('postgres');
      expect(db.databaseUrl).toMatch(/\/drift_t_[0-9a-f]+$/);
    } finally {
      await db.close();
    }
  });
});

describe('resolveDataDir', () => {
  it('resolves relative paths and the default against the repository root', () => {
    const root = findWorkspaceRoot();
    expect(existsSync(join(root, 'pnpm-workspace.yaml'))).toBe(true);
    expect(resolveDataDir(undefined)).toBe(join(root, '.drift'));
    expect(resolveDataDir('')).toBe(join(root, '.drift'));
    expect(resolveDataDir('./var/data')).toBe(join(root, 'var', 'data'));
    expect(resolveDataDir('/srv/drift')).toBe('/srv/drift');
    expect(resolveDataDir('data', '/base')).toBe('/base/data');
  });
});
