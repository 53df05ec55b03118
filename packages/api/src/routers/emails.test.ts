// emails.list through createCaller: shape, ordering, paging, the session and category filters.
import { newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { BASE_NOW, codeOf, errorOf, type Tenant, useProcedureHarness } from '../testing/caller.ts';
import { at, buildEmail, buildSession, days } from '../testing/factories.ts';

const h = useProcedureHarness();

const CATEGORIES = ['urgent', 'action_required', 'fyi', 'newsletter', 'promotional', 'resolved'] as const;

/** A session of the tenant, `weeksAgo` weeks before BASE_NOW, one week long. */
function pastSession(tenant: Tenant, weeksAgo: number) {
  return buildSession(h.prisma, {
    accountId: tenant.accountId,
    startDate: at(BASE_NOW, -days(7 * weeksAgo)),
    endDate: at(BASE_NOW, -days(7 * weeksAgo - 7)),
  });
}

const idsOf = (list: { data: { id: string }[] }) => list.data.map((item) => item.id);

describe('emails.list', () => {
  it('lists an email with the wire shape of the reference', async () => {
    const tenant = await h.tenant();
    const session = await pastSession(tenant, 2);
    const email = await buildEmail(h.prisma, {
      accountId: tenant.accountId,
      sessionId: session.id,
      category: 'action_required',
      urgencyScore: 8,
      receivedAt: new Date('2026-02-16T14:30:00.000Z'),
    });
    expect(await tenant.caller.emails.list({})).toEqual({
      data: [
        {
          id: email.id,
          external_id: email.externalId,
          session_id: session.id,
          thread_id: email.threadId,
          subject: 'Q1 Budget Review - Action Needed',
          from_email: 'manager@company.example',
          from_name: 'Jane Smith',
          category: 'action_required',
          urgency_score: 8,
          ai_summary: 'Manager requesting budget approval by Friday.',
          auto_replied: true,
          received_at: '2026-02-16T14:30:00.000Z',
          created_at: email.createdAt.toISOString(),
        },
      ],
      pagination: { total: 1, limit: 50, offset: 0, has_more: false, next_starting_after: null },
    });
  });

  it('from_name may be null and auto_replied false', async () => {
    const tenant = await h.tenant();
    const session = await pastSession(tenant, 2);
    await buildEmail(h.prisma, {
      accountId: tenant.accountId,
      sessionId: session.id,
      fromName: null,
      autoReplied: false,
    });
    expect((await tenant.caller.emails.list({})).data[0]).toMatchObject({
      from_name: null,
      auto_replied: false,
    });
  });

  it('newest received first across sessions, ties broken stably, paged without repeats', async () => {
    const tenant = await h.tenant();
    const older = await pastSession(tenant, 3);
    const newer = await pastSession(tenant, 1);
    const times = [
      [older.id, '2026-02-08T09:00:00.000Z'],
      [newer.id, '2026-02-23T09:00:00.000Z'],
      [newer.id, '2026-02-23T09:00:00.000Z'],
      [newer.id, '2026-02-24T09:00:00.000Z'],
      [older.id, '2026-02-09T09:00:00.000Z'],
    ] as const;
    const emails = [];
    for (const [sessionId, receivedAt] of times) {
      emails.push(
        await buildEmail(h.prisma, {
          accountId: tenant.accountId,
          sessionId,
          receivedAt: new Date(receivedAt),
        }),
      );
    }
    const expected = [...emails]
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((e) => e.id);
    const pages = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await tenant.caller.emails.list({ limit: 2, offset });
      expect(page.pagination).toEqual({
        total: 5,
        limit: 2,
        offset,
        has_more: offset + 2 < 5,
        next_starting_after: offset + 2 < 5 ? (idsOf(page).at(-1) ?? null) : null,
      });
      pages.push(...idsOf(page));
    }
    expect(pages).toEqual(expected);
  });

  it('filters by session_id', async () => {
    const tenant = await h.tenant();
    const [first, second] = [await pastSession(tenant, 3), await pastSession(tenant, 1)];
    const mail = await buildEmail(h.prisma, { accountId: tenant.accountId, sessionId: first.id });
    await buildEmail(h.prisma, { accountId: tenant.accountId, sessionId: second.id });
    expect(idsOf(await tenant.caller.emails.list({ session_id: first.id }))).toEqual([mail.id]);
  });

  it('a session of the account without mail lists nothing', async () => {
    const tenant = await h.tenant();
    const session = await pastSession(tenant, 1);
    expect((await tenant.caller.emails.list({ session_id: session.id })).pagination.total).toBe(0);
  });

  it.each(CATEGORIES)('category=%s lists only that category, also within a session', async (category) => {
    const tenant = await h.tenant();
    const session = await pastSession(tenant, 1);
    const other = await pastSession(tenant, 3);
    const ids: Record<string, string> = {};
    for (const each of CATEGORIES) {
      ids[each] = (
        await buildEmail(h.prisma, { accountId: tenant.accountId, sessionId: session.id, category: each })
      ).id;
    }
    await buildEmail(h.prisma, { accountId: tenant.accountId, sessionId: other.id, category });
    expect((await tenant.caller.emails.list({ category })).pagination.total).toBe(2);
    expect(idsOf(await tenant.caller.emails.list({ category, session_id: session.id }))).toEqual([
      ids[category],
    ]);
  });

  it("never lists another account's mail", async () => {
    const other = await h.tenant();
    await buildEmail(h.prisma, { accountId: other.accountId, sessionId: (await pastSession(other, 1)).id });
    const { caller } = await h.tenant();
    expect((await caller.emails.list({})).data).toEqual([]);
  });

  it.each([
    ['an unknown session', async () => newId('sess')],
    ["another account's session", async () => (await pastSession(await h.tenant(), 1)).id],
  ])('404 NOT_FOUND for session_id of %s', async (_case, sessionIdOf) => {
    const { caller } = await h.tenant();
    expect(await errorOf(caller.emails.list({ session_id: await sessionIdOf() }))).toEqual({
      code: 'NOT_FOUND',
      message: 'OOO session not found',
    });
  });

  it.each([
    [
      { category: 'spam' },
      'category must be one of: urgent, action_required, fyi, newsletter, promotional, resolved',
    ],
    [{ limit: 101 }, 'limit must be an integer between 1 and 100'],
    [{ offset: -1 }, 'offset must be an integer between 0 and 2147483647'],
  ])('400 VALIDATION_ERROR for %j', async (input, message) => {
    const { caller } = await h.tenant();
    const error = await errorOf(caller.emails.list(input as never));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(message);
  });

  it("regression: a stored row that breaks the output schema is our 500, not the client's 400", async () => {
    const tenant = await h.tenant();
    const session = await pastSession(tenant, 4);
    await buildEmail(h.prisma, { accountId: tenant.accountId, sessionId: session.id, urgencyScore: 11 });
    expect(await codeOf(tenant.caller.emails.list({}))).toBe('INTERNAL_ERROR');
  });
});
