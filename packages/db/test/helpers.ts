// Small fixtures shared by the tests.
import { afterAll, beforeAll } from 'vitest';
import type { PrismaClient } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { serverUrl } from './pg-server.ts';

/** The engine the suite runs on, for describe titles. */
export const ENGINE = serverUrl ? 'PostgreSQL' : 'PGlite';

/** One test database for the whole file: opened before its tests, closed after them. */
export function useTestDatabase(): Readonly<Pick<TestDatabase, 'prisma' | 'databaseUrl'>> {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });
  const opened = () => {
    if (!db) throw new Error('the test database opens in beforeAll');
    return db;
  };
  return {
    get prisma() {
      return opened().prisma;
    },
    get databaseUrl() {
      return opened().databaseUrl;
    },
  };
}

export const DAY = 24 * 60 * 60 * 1000;

let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 8)}`;
}

export async function createAccount(prisma: PrismaClient, id: string = uid('acct')) {
  return prisma.account.create({
    data: { id, name: `Account ${id}`, email: `${id}@example.com`, inboundToken: uid('tok') },
  });
}

/** A session over [start, end) with start/end given as ISO dates. */
export function sessionData(
  accountId: string,
  start: string,
  end: string,
  extra: { cancelledAt?: Date } = {},
) {
  const endDate = new Date(end);
  return {
    id: uid('sess'),
    accountId,
    startDate: new Date(start),
    endDate,
    returnDate: new Date(endDate.getTime() + DAY),
    ...extra,
  };
}

/** Runs `fn` and returns what it threw; fails the test when it does not throw. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw');
}
