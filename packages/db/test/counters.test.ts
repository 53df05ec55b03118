// email_counts and session_counts: kept exact by the statement-level triggers of the list_counters
// migration through multi-row inserts, relabels, deletes and cascades, and never left behind.
import { describe, expect, it } from 'vitest';
import type { EmailCategory, PrismaClient } from '../src/index.ts';
import { createAccount, ENGINE, sessionData, uid, useTestDatabase } from './helpers.ts';

const db = useTestDatabase();

const CATEGORIES: EmailCategory[] = [
  'urgent',
  'action_required',
  'fyi',
  'newsletter',
  'promotional',
  'resolved',
];

const category = (i: number): EmailCategory => CATEGORIES[i % CATEGORIES.length] ?? 'fyi';

function emailRow(accountId: string, sessionId: string, category: EmailCategory, i: number) {
  const id = uid('em');
  return {
    id,
    accountId,
    sessionId,
    externalId: id,
    messageId: `<${id}@example.com>`,
    threadId: id,
    subject: `mail ${i}`,
    fromEmail: 'someone@example.com',
    category,
    urgencyScore: 3,
    aiSummary: '',
    receivedAt: new Date(Date.UTC(2030, 2, 1, 0, i)),
  };
}

/** `n` emails spread over the categories, inserted by one multi-row statement. */
async function insertEmails(prisma: PrismaClient, accountId: string, sessionId: string, n: number) {
  const rows = Array.from({ length: n }, (_, i) => emailRow(accountId, sessionId, category(i), i));
  await prisma.email.createMany({ data: rows });
  return rows;
}

async function twoSessions(prisma: PrismaClient) {
  const account = await createAccount(prisma);
  const first = await prisma.oooSession.create({ data: sessionData(account.id, '2030-03-01', '2030-03-10') });
  const second = await prisma.oooSession.create({
    data: sessionData(account.id, '2030-04-01', '2030-04-10'),
  });
  return { accountId: account.id, first: first.id, second: second.id };
}

/** The counter rows of an account, as sorted `session/category=count` strings. */
async function counted(prisma: PrismaClient, accountId: string) {
  const rows = await prisma.emailCount.findMany({ where: { accountId } });
  return rows.map((r) => `${r.sessionId}/${r.category}=${r.count}`).sort();
}

/** The same, counted from the email rows themselves. */
async function actual(prisma: PrismaClient, accountId: string) {
  const groups = await prisma.email.groupBy({
    by: ['sessionId', 'category'],
    where: { accountId },
    _count: { _all: true },
  });
  return groups.map((g) => `${g.sessionId}/${g.category}=${g._count._all}`).sort();
}

async function sessionCounted(prisma: PrismaClient, accountId: string) {
  return prisma.sessionCount.findUnique({ where: { accountId } });
}

describe(`email_counts (${ENGINE})`, () => {
  const changes: [
    string,
    (prisma: PrismaClient, s: Awaited<ReturnType<typeof twoSessions>>) => Promise<unknown>,
  ][] = [
    ['a multi-row insert', async () => {}],
    [
      'a multi-row relabel across categories',
      (prisma, s) =>
        prisma.email.updateMany({
          where: { sessionId: s.first, category: 'fyi' },
          data: { category: 'urgent' },
        }),
    ],
    [
      'an update that keeps every category',
      (prisma, s) => prisma.email.updateMany({ where: { sessionId: s.first }, data: { autoReplied: true } }),
    ],
    [
      'a relabel of one row',
      async (prisma, s) => {
        const one = await prisma.email.findFirstOrThrow({
          where: { sessionId: s.second, category: 'resolved' },
        });
        await prisma.email.update({ where: { id: one.id }, data: { category: 'newsletter' } });
      },
    ],
    [
      'a multi-row delete that empties a category',
      (prisma, s) => prisma.email.deleteMany({ where: { sessionId: s.second, category: 'promotional' } }),
    ],
    [
      'a session delete (its emails cascade)',
      (prisma, s) => prisma.oooSession.delete({ where: { id: s.first } }),
    ],
    [
      'an upsert that updates',
      async (prisma, s) => {
        const one = await prisma.email.findFirstOrThrow({
          where: { sessionId: s.second, category: 'urgent' },
        });
        await prisma.email.upsert({
          where: { id: one.id },
          create: emailRow(s.accountId, s.second, 'fyi', 99),
          update: { category: 'fyi' },
        });
      },
    ],
  ];

  it.each(changes)('match the email rows after %s', async (_change, change) => {
    const s = await twoSessions(db.prisma);
    await insertEmails(db.prisma, s.accountId, s.first, 30);
    await insertEmails(db.prisma, s.accountId, s.second, 13);
    await change(db.prisma, s);
    const expected = await actual(db.prisma, s.accountId);
    expect(expected.length).toBeGreaterThan(0);
    expect(await counted(db.prisma, s.accountId)).toEqual(expected);
  });

  it('leave no row for a deleted session, a category emptied, or a deleted account', async () => {
    const s = await twoSessions(db.prisma);
    await insertEmails(db.prisma, s.accountId, s.first, 12);
    await insertEmails(db.prisma, s.accountId, s.second, 12);
    await db.prisma.email.deleteMany({ where: { sessionId: s.second, category: 'fyi' } });
    await db.prisma.oooSession.delete({ where: { id: s.first } });
    const rows = await db.prisma.emailCount.findMany({ where: { accountId: s.accountId } });
    expect(rows.map((r) => r.sessionId)).toEqual(Array(5).fill(s.second));
    expect(rows.map((r) => r.category)).not.toContain('fyi');

    await db.prisma.account.delete({ where: { id: s.accountId } });
    expect(await db.prisma.emailCount.count({ where: { accountId: s.accountId } })).toBe(0);
    expect(await sessionCounted(db.prisma, s.accountId)).toBeNull();
  });

  it('stay exact under concurrent multi-row inserts into the same keys (no deadlock)', async () => {
    const s = await twoSessions(db.prisma);
    const batches = Array.from({ length: 6 }, (_, b) => {
      const rows = [
        ...Array.from({ length: 12 }, (_, i) => emailRow(s.accountId, s.first, category(i), b * 100 + i)),
        ...Array.from({ length: 12 }, (_, i) => emailRow(s.accountId, s.second, category(i), b * 100 + i)),
      ];
      // Every other batch lists its rows in the opposite key order.
      return b % 2 === 0 ? rows : rows.reverse();
    });
    // One statement per batch: the trigger takes the counter rows in key order whatever the row order.
    await Promise.all(batches.map((rows) => db.prisma.email.createMany({ data: rows })));
    expect(await counted(db.prisma, s.accountId)).toEqual(await actual(db.prisma, s.accountId));
    expect(
      await db.prisma.emailCount.aggregate({ where: { accountId: s.accountId }, _sum: { count: true } }),
    ).toEqual({ _sum: { count: 6 * 24 } });
  });
});

describe(`session_counts (${ENGINE})`, () => {
  it.each([
    ['two inserts', async () => {}, { total: 2, cancelled: 0 }],
    [
      'a cancel',
      (prisma: PrismaClient, ids: string[]) =>
        prisma.oooSession.update({ where: { id: ids[0] }, data: { cancelledAt: new Date() } }),
      { total: 2, cancelled: 1 },
    ],
    [
      'a cancel of both, then one un-cancelled',
      async (prisma: PrismaClient, ids: string[]) => {
        await prisma.oooSession.updateMany({ where: { id: { in: ids } }, data: { cancelledAt: new Date() } });
        await prisma.oooSession.update({ where: { id: ids[1] }, data: { cancelledAt: null } });
      },
      { total: 2, cancelled: 1 },
    ],
    [
      'a delete of a cancelled session',
      async (prisma: PrismaClient, ids: string[]) => {
        await prisma.oooSession.update({ where: { id: ids[0] }, data: { cancelledAt: new Date() } });
        await prisma.oooSession.delete({ where: { id: ids[0] } });
      },
      { total: 1, cancelled: 0 },
    ],
    [
      'a delete of both',
      (prisma: PrismaClient, ids: string[]) => prisma.oooSession.deleteMany({ where: { id: { in: ids } } }),
      null,
    ],
  ])('after %s', async (_change, change, expected) => {
    const s = await twoSessions(db.prisma);
    await change(db.prisma, [s.first, s.second]);
    const row = await sessionCounted(db.prisma, s.accountId);
    expect(row && { total: row.total, cancelled: row.cancelled }).toEqual(expected);
  });
});
