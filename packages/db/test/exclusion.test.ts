import { describe, expect, it } from 'vitest';
import { isExclusionViolation, isUniqueViolation } from '../src/index.ts';
import { caught, createAccount, DAY, ENGINE, sessionData, useTestDatabase } from './helpers.ts';

const db = useTestDatabase();

describe(`ooo_sessions_no_overlap (${ENGINE})`, () => {
  it('rejects a second live session overlapping the first, as an exclusion violation', async () => {
    const account = await createAccount(db.prisma);
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-01', '2030-03-10') });

    const err = await caught(() =>
      db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-09', '2030-03-20') }),
    );

    expect(isExclusionViolation(err)).toBe(true);
    expect(isUniqueViolation(err)).toBe(false);
    expect(await db.prisma.oooSession.count({ where: { accountId: account.id } })).toBe(1);
  });

  it('rejects an overlap made by an update too', async () => {
    const account = await createAccount(db.prisma);
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-01', '2030-03-10') });
    const later = await db.prisma.oooSession.create({
      data: sessionData(account.id, '2030-04-01', '2030-04-10'),
    });

    const err = await caught(() =>
      db.prisma.oooSession.update({ where: { id: later.id }, data: { startDate: new Date('2030-03-05') } }),
    );

    expect(isExclusionViolation(err)).toBe(true);
  });

  it('accepts touching intervals [a, b) and [b, c)', async () => {
    const account = await createAccount(db.prisma);
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-01', '2030-03-10') });
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-10', '2030-03-20') });
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-02-20', '2030-03-01') });

    expect(await db.prisma.oooSession.count({ where: { accountId: account.id } })).toBe(3);
  });

  it('accepts an overlap with a cancelled session, and cancelling frees the slot', async () => {
    const account = await createAccount(db.prisma);
    await db.prisma.oooSession.create({
      data: sessionData(account.id, '2030-03-01', '2030-03-10', { cancelledAt: new Date() }),
    });
    const live = await db.prisma.oooSession.create({
      data: sessionData(account.id, '2030-03-01', '2030-03-10'),
    });

    await db.prisma.oooSession.update({ where: { id: live.id }, data: { cancelledAt: new Date() } });
    await db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-05', '2030-03-15') });

    expect(await db.prisma.oooSession.count({ where: { accountId: account.id } })).toBe(3);
  });

  it('accepts the same interval for another account', async () => {
    const first = await createAccount(db.prisma);
    const second = await createAccount(db.prisma);
    await db.prisma.oooSession.create({ data: sessionData(first.id, '2030-03-01', '2030-03-10') });
    await db.prisma.oooSession.create({ data: sessionData(second.id, '2030-03-01', '2030-03-10') });

    expect(await db.prisma.oooSession.count({ where: { accountId: { in: [first.id, second.id] } } })).toBe(2);
  });

  it('rejects a session that does not end after it starts (check constraint)', async () => {
    const account = await createAccount(db.prisma);
    const err = await caught(() =>
      db.prisma.oooSession.create({ data: sessionData(account.id, '2030-03-10', '2030-03-10') }),
    );

    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/ooo_sessions_end_after_start/);
    expect(isExclusionViolation(err)).toBe(false);
  });

  it('lets exactly one of 20 concurrent overlapping inserts succeed', async () => {
    const account = await createAccount(db.prisma);
    const base = Date.parse('2030-06-01T00:00:00.000Z');

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.prisma.oooSession.create({
          data: sessionData(
            account.id,
            new Date(base + i * 3_600_000).toISOString(),
            new Date(base + 10 * DAY + i * 3_600_000).toISOString(),
          ),
        }),
      ),
    );

    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected.filter((r) => isExclusionViolation(r.reason))).toHaveLength(19);
    expect(await db.prisma.oooSession.count({ where: { accountId: account.id } })).toBe(1);
  });
});
