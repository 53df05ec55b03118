import { describe, expect, it } from 'vitest';
import {
  isConnectionError,
  isExclusionViolation,
  isUniqueViolation,
  migrate,
  openDatabase,
} from '../src/index.ts';
import { caught, createAccount, ENGINE, sessionData, uid, useTestDatabase } from './helpers.ts';
import { adminQuery, serverUrl } from './pg-server.ts';

// Nothing listens on port 1: connections are refused at once.
const UNREACHABLE_URL = 'postgresql://postgres@127.0.0.1:1/drift';

const db = useTestDatabase();

describe(`isUniqueViolation (${ENGINE})`, () => {
  it('is true for a duplicate unique column (P2002)', async () => {
    const account = await createAccount(db.prisma);
    const err = await caught(() =>
      db.prisma.account.create({
        data: { id: uid('acct'), name: 'x', email: 'x@example.com', inboundToken: account.inboundToken },
      }),
    );

    expect((err as { code?: string }).code).toBe('P2002');
    expect(isUniqueViolation(err)).toBe(true);
    expect(isExclusionViolation(err)).toBe(false);
    expect(isConnectionError(err)).toBe(false);
  });

  it('is true for a duplicate Message-ID within one account, not across accounts', async () => {
    const first = await createAccount(db.prisma);
    const second = await createAccount(db.prisma);
    const session1 = await db.prisma.oooSession.create({
      data: sessionData(first.id, '2030-01-01', '2030-01-05'),
    });
    const session2 = await db.prisma.oooSession.create({
      data: sessionData(second.id, '2030-01-01', '2030-01-05'),
    });
    const email = (accountId: string, sessionId: string) => ({
      id: uid('em'),
      accountId,
      sessionId,
      externalId: uid('ext'),
      messageId: '<same@example.com>',
      threadId: 'thread-1',
      subject: 'Hello',
      fromEmail: 'sender@example.com',
      category: 'fyi' as const,
      urgencyScore: 1,
      aiSummary: 'hello',
      receivedAt: new Date('2030-01-02T10:00:00.123Z'),
    });
    await db.prisma.email.create({ data: email(first.id, session1.id) });
    await db.prisma.email.create({ data: email(second.id, session2.id) });

    const err = await caught(() => db.prisma.email.create({ data: email(first.id, session1.id) }));

    expect(isUniqueViolation(err)).toBe(true);
  });

  it('is true for a unique violation from a raw query (P2010 with SQLSTATE 23505)', async () => {
    const account = await createAccount(db.prisma);
    const clash = await caught(
      () =>
        db.prisma.$executeRaw`INSERT INTO accounts (id, name, email, inbound_token, updated_at)
        VALUES (${uid('acct')}, 'x', 'x@example.com', ${account.inboundToken}, now())`,
    );
    expect((clash as { code?: string }).code).toBe('P2010');
    expect(isUniqueViolation(clash)).toBe(true);
  });
});

describe('isExclusionViolation', () => {
  it('is true for the overlap constraint from a raw insert too', async () => {
    const account = await createAccount(db.prisma);
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-05-01', '2030-05-10') });

    const err = await caught(
      () => db.prisma
        .$executeRaw`INSERT INTO ooo_sessions (id, account_id, start_date, end_date, return_date, updated_at)
        VALUES (${uid('sess')}, ${account.id}, '2030-05-02', '2030-05-03', '2030-05-04', now())`,
    );

    expect(isExclusionViolation(err)).toBe(true);
    expect(isUniqueViolation(err)).toBe(false);
  });
});

describe.each([
  ['isUniqueViolation', isUniqueViolation, [new Error('duplicate'), undefined, { code: 'P2025' }]],
  ['isExclusionViolation', isExclusionViolation, [new Error('conflict'), null, { code: 'P2002' }]],
])('%s', (_name, isViolation, others) => {
  it.each(others)('is false for another error: %o', (other) => {
    expect(isViolation(other)).toBe(false);
  });
});

describe('isConnectionError', () => {
  it('is true for a PostgreSQL server that refuses connections (Prisma P1001)', async () => {
    const down = await openDatabase({ databaseUrl: UNREACHABLE_URL, migrate: false });
    try {
      const err = await caught(() => down.prisma.account.findMany());
      expect(isConnectionError(err)).toBe(true);
      expect(isUniqueViolation(err)).toBe(false);
    } finally {
      await down.close();
    }
  });

  it('is true when migrating an unreachable server (raw pg ECONNREFUSED)', async () => {
    const err = await caught(() => migrate({ kind: 'postgres', databaseUrl: UNREACHABLE_URL }));
    expect(isConnectionError(err)).toBe(true);
  });

  it('is true for a closed PGlite database', async () => {
    const closed = await openDatabase({ inMemory: true, migrate: false });
    await closed.close();
    const err = await caught(() => closed.prisma.$queryRaw`SELECT 1`);
    expect(isConnectionError(err)).toBe(true);
  });

  it.skipIf(!serverUrl)('is true when the server terminates the connection mid-transaction', async () => {
    if (!db.databaseUrl) throw new Error('expected a PostgreSQL test database');
    const name = new URL(db.databaseUrl).pathname.slice(1);
    const err = await caught(() =>
      db.prisma.$transaction(async (tx) => {
        await tx.account.count();
        await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
        await tx.account.count();
      }),
    );
    expect(isConnectionError(err)).toBe(true);
    // The pool recovers on its own.
    expect(await db.prisma.account.count()).toBeGreaterThanOrEqual(0);
  });

  it('is false for constraint violations and plain errors', async () => {
    const account = await createAccount(db.prisma);
    const err = await caught(() => createAccount(db.prisma, account.id));
    expect(isUniqueViolation(err)).toBe(true);
    expect(isConnectionError(err)).toBe(false);
    expect(isConnectionError(new Error('boom'))).toBe(false);
    expect(isConnectionError('ECONNREFUSED')).toBe(false);
  });
});
