import { describe, expect, it } from 'vitest';
import { createAccount, ENGINE, sessionData, uid, useTestDatabase } from './helpers.ts';

const db = useTestDatabase();

describe(`schema (${ENGINE})`, () => {
  it('applies the column defaults', async () => {
    const account = await createAccount(db.prisma);
    expect(account).toMatchObject({
      plan: 'free',
      timezone: 'UTC',
      vipSenders: [],
      urgentKeywords: [],
      aliases: [],
    });
    const raw = await db.prisma.$queryRaw<{ vip_senders: string[] | null }[]>`
      SELECT vip_senders FROM accounts WHERE id = ${account.id}`;
    expect(raw).toEqual([{ vip_senders: [] }]);
  });

  it('round-trips timestamps with milliseconds, arrays, enums and JSON', async () => {
    const account = await createAccount(db.prisma);
    const session = await db.prisma.oooSession.create({
      data: sessionData(account.id, '2030-01-01T08:30:00.123Z', '2030-01-05T17:00:00.999Z'),
    });
    expect(session.startDate.toISOString()).toBe('2030-01-01T08:30:00.123Z');
    const email = await db.prisma.email.create({
      data: {
        id: uid('em'),
        accountId: account.id,
        sessionId: session.id,
        externalId: 'ext-1',
        messageId: '<m1@example.com>',
        threadId: 't1',
        subject: 'Quarterly numbers',
        fromEmail: 'cfo@example.com',
        toAddresses: ['me@example.com', 'team@example.com'],
        category: 'action_required',
        urgencyScore: 7,
        aiSummary: 'Numbers due Friday',
        receivedAt: new Date('2030-01-02T09:00:00.456Z'),
      },
    });
    expect(email).toMatchObject({ bodyText: '', autoReplied: false, source: 'inbound', ccAddresses: [] });
    expect(email.receivedAt.toISOString()).toBe('2030-01-02T09:00:00.456Z');

    const items = [{ emailId: email.id, title: 'Send numbers', due: null }];
    const playbook = await db.prisma.playbook.create({
      data: {
        id: uid('pb'),
        accountId: account.id,
        sessionId: session.id,
        summary: 'One thing to do',
        actionItems: items,
        fyiItems: [],
        resolvedItems: [],
        totalEmails: 1,
        filteredEmails: 0,
        timeSavedMinutes: 3,
      },
    });
    expect(playbook.actionItems).toEqual(items);
  });

  it('deleting a session deletes its emails and playbook; deleting the account deletes the rest', async () => {
    const account = await createAccount(db.prisma);
    const session = await db.prisma.oooSession.create({
      data: sessionData(account.id, '2030-02-01', '2030-02-05'),
    });
    await db.prisma.email.create({
      data: {
        id: uid('em'),
        accountId: account.id,
        sessionId: session.id,
        externalId: 'x',
        messageId: '<x@example.com>',
        threadId: 'x',
        subject: 'x',
        fromEmail: 'x@example.com',
        category: 'fyi',
        urgencyScore: 0,
        aiSummary: 'x',
        receivedAt: new Date(),
      },
    });
    await db.prisma.apiKey.create({
      data: { id: uid('key'), accountId: account.id, keyHash: uid('hash'), displayPrefix: 'drift_ab' },
    });

    await db.prisma.oooSession.delete({ where: { id: session.id } });
    expect(await db.prisma.email.count({ where: { accountId: account.id } })).toBe(0);

    await db.prisma.account.delete({ where: { id: account.id } });
    expect(await db.prisma.apiKey.count({ where: { accountId: account.id } })).toBe(0);
  });

  it('keeps app_state as a key/value table', async () => {
    await db.prisma.appState.upsert({
      where: { key: 'demo_account_created' },
      create: { key: 'demo_account_created', value: 'true' },
      update: { value: 'true' },
    });
    expect(await db.prisma.appState.findUnique({ where: { key: 'demo_account_created' } })).toMatchObject({
      value: 'true',
    });
  });
});
