import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../src/testing.ts';
import { createAccount } from './helpers.ts';
import { adminQuery, serverUrl } from './pg-server.ts';

describe(`createTestDatabase (${serverUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('returns migrated databases that do not share rows', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      await createAccount(a.prisma);
      expect(await a.prisma.account.count()).toBe(1);
      expect(await b.prisma.account.count()).toBe(0);
      expect(a.kind).toBe(serverUrl ? 'postgres' : 'pglite');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it.skipIf(!serverUrl)('drops its PostgreSQL database on close', async () => {
    const db = await createTestDatabase();
    const name = new URL(db.databaseUrl ?? '').pathname.slice(1);
    const exists = async () =>
      (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    expect(await exists()).toBe(true);
    await db.close();
    expect(await exists()).toBe(false);
  });
});
