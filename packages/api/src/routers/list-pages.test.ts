// emails.list and sessions.list at scale's two concerns: totals read from the counters stay exact
// through inserts, relabels and deletes; `starting_after` pages walk the list like offsets do.
import type { EmailCategory } from '@drift/db';
import { newId } from '@drift/domain';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { errorDetailsOf, restErrorOf } from '../errors.ts';
import { BASE_NOW, type Tenant, useProcedureHarness } from '../testing/caller.ts';
import { at, buildEmail, buildSession, days } from '../testing/factories.ts';

const h = useProcedureHarness();

const CATEGORIES: EmailCategory[] = [
  'urgent',
  'action_required',
  'fyi',
  'newsletter',
  'promotional',
  'resolved',
];
const HOUR = 3_600_000;

/** A past session of the tenant, `weeksAgo` weeks before BASE_NOW, one week long. */
function pastSession(tenant: Tenant, weeksAgo: number, createdAt?: Date) {
  return buildSession(h.prisma, {
    accountId: tenant.accountId,
    startDate: at(BASE_NOW, -days(7 * weeksAgo)),
    endDate: at(BASE_NOW, -days(7 * weeksAgo - 7)),
    ...(createdAt && { createdAt }),
  });
}

/**
 * 23 emails over two sessions, the categories in turn, received in pairs of the same instant so
 * that the id breaks ties; and the same account's order as the list must give it.
 */
async function mailbox(tenant: Tenant) {
  const sessions = [await pastSession(tenant, 3), await pastSession(tenant, 1)];
  const emails = [];
  for (let i = 0; i < 23; i += 1) {
    emails.push(
      await buildEmail(h.prisma, {
        accountId: tenant.accountId,
        sessionId: sessions[i % 2]?.id ?? '',
        category: CATEGORIES[i % CATEGORIES.length] ?? 'fyi',
        receivedAt: at(BASE_NOW, -HOUR * Math.floor(i / 2)),
      }),
    );
  }
  return { sessions: sessions.map((s) => s.id), emails };
}

/** 7 sessions, created in pairs at the same instant, cancelled every third; newest first as listed. */
async function sessionRows(tenant: Tenant) {
  const sessions = [];
  for (let i = 0; i < 7; i += 1) {
    sessions.push(
      await buildSession(h.prisma, {
        accountId: tenant.accountId,
        startDate: at(BASE_NOW, days(10 * i + 1)),
        endDate: at(BASE_NOW, days(10 * i + 5)),
        createdAt: at(BASE_NOW, -HOUR * Math.floor(i / 2)),
        cancelledAt: i % 3 === 0 ? BASE_NOW : null,
      }),
    );
  }
  return sessions;
}

const newestFirst = <T extends { id: string }>(rows: T[], at: (row: T) => Date) =>
  [...rows].sort((a, b) => at(b).getTime() - at(a).getTime() || (a.id < b.id ? 1 : -1)).map((r) => r.id);

interface Listed {
  data: { id: string }[];
  pagination: {
    total: number;
    limit: number;
    offset: number | null;
    has_more: boolean;
    next_starting_after: string | null;
  };
}

/** Every page by cursor, checking each page's pagination block on the way. */
async function walkByCursor(
  list: (page: { limit: number; starting_after?: string }) => Promise<Listed>,
  limit: number,
) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await list({ limit, ...(cursor && { starting_after: cursor }) });
    ids.push(...page.data.map((row) => row.id));
    const last = page.data.at(-1)?.id ?? null;
    expect(page.pagination).toMatchObject({
      limit,
      offset: cursor ? null : 0,
      next_starting_after: page.pagination.has_more ? last : null,
    });
    if (!page.pagination.next_starting_after) return { ids, total: page.pagination.total };
    cursor = page.pagination.next_starting_after;
  }
  throw new Error('the cursor walk did not end');
}

async function walkByOffset(
  list: (page: { limit: number; offset: number }) => Promise<Listed>,
  limit: number,
) {
  const ids: string[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await list({ limit, offset });
    ids.push(...page.data.map((row) => row.id));
    if (!page.pagination.has_more) return ids;
  }
}

describe('emails.list by cursor', () => {
  const filters: [string, (m: Awaited<ReturnType<typeof mailbox>>) => Record<string, string>][] = [
    ['no filter', () => ({})],
    ['category', () => ({ category: 'urgent' })],
    ['session', (m) => ({ session_id: m.sessions[0] ?? '' })],
    ['session and category', (m) => ({ session_id: m.sessions[1] ?? '', category: 'action_required' })],
  ];

  it.each(filters)(
    'walks the whole list (%s) without gaps or overlaps, as offsets do',
    async (_name, filterOf) => {
      const tenant = await h.tenant();
      const m = await mailbox(tenant);
      const filter = filterOf(m);
      const expected = newestFirst(
        m.emails.filter(
          (e) =>
            (!filter.category || e.category === filter.category) &&
            (!filter.session_id || e.sessionId === filter.session_id),
        ),
        (e) => e.receivedAt,
      );
      for (const limit of [1, 2, 5, 100]) {
        const list = (page: object) => tenant.caller.emails.list({ ...filter, ...page });
        const walked = await walkByCursor(list, limit);
        expect(walked).toEqual({ ids: expected, total: expected.length });
        expect(await walkByOffset(list, limit)).toEqual(expected);
      }
    },
  );

  it('a cursor filtered out of the list still marks a position in it', async () => {
    const tenant = await h.tenant();
    const m = await mailbox(tenant);
    const order = newestFirst(m.emails, (e) => e.receivedAt);
    const fyi = m.emails.find((e) => e.category === 'fyi' && order.indexOf(e.id) > 5);
    if (!fyi) throw new Error('the mailbox has fyi mail past the first rows');
    const urgentAfter = order
      .slice(order.indexOf(fyi.id) + 1)
      .filter((id) => m.emails.find((e) => e.id === id)?.category === 'urgent');
    const page = await tenant.caller.emails.list({ category: 'urgent', starting_after: fyi.id });
    expect(page.data.map((e) => e.id)).toEqual(urgentAfter);
  });

  it('the page after the last row is empty', async () => {
    const tenant = await h.tenant();
    const m = await mailbox(tenant);
    const last = newestFirst(m.emails, (e) => e.receivedAt).at(-1) ?? '';
    expect(await tenant.caller.emails.list({ starting_after: last })).toEqual({
      data: [],
      pagination: { total: 23, limit: 50, offset: null, has_more: false, next_starting_after: null },
    });
  });
});

describe('sessions.list by cursor', () => {
  it.each([[undefined], ['cancelled'], ['scheduled']] as const)(
    'walks the whole list (status %s) without gaps or overlaps, as offsets do',
    async (status) => {
      const tenant = await h.tenant();
      const sessions = await sessionRows(tenant);
      const expected = newestFirst(
        sessions.filter((s) => !status || (status === 'cancelled') === (s.cancelledAt !== null)),
        (s) => s.createdAt,
      );
      for (const limit of [1, 3, 20]) {
        const list = (page: object) => tenant.caller.sessions.list({ ...(status && { status }), ...page });
        expect(await walkByCursor(list, limit)).toEqual({ ids: expected, total: expected.length });
        expect(await walkByOffset(list, limit)).toEqual(expected);
      }
    },
  );
});

describe('list totals from the counters', () => {
  /** Each list's total must equal the rows it would list, under every filter. */
  async function expectExactTotals(tenant: Tenant) {
    const emails = await h.prisma.email.findMany({ where: { accountId: tenant.accountId } });
    const sessions = await h.prisma.oooSession.findMany({ where: { accountId: tenant.accountId } });
    const totalOf = async (input: object) => (await tenant.caller.emails.list(input)).pagination.total;
    expect(await totalOf({})).toBe(emails.length);
    for (const category of CATEGORIES) {
      expect(await totalOf({ category })).toBe(emails.filter((e) => e.category === category).length);
    }
    for (const session of sessions) {
      const mine = emails.filter((e) => e.sessionId === session.id);
      expect(await totalOf({ session_id: session.id })).toBe(mine.length);
      expect(await totalOf({ session_id: session.id, category: 'urgent' })).toBe(
        mine.filter((e) => e.category === 'urgent').length,
      );
      const { stats } = await tenant.caller.sessions.get({ id: session.id });
      expect(stats).toEqual({
        emails_received: mine.length,
        emails_filtered: mine.filter((e) => ['newsletter', 'promotional', 'resolved'].includes(e.category))
          .length,
        urgent_count: mine.filter((e) => e.category === 'urgent').length,
        total_emails_synced: mine.length,
      });
    }
    const listed = await tenant.caller.sessions.list({});
    expect(listed.pagination.total).toBe(sessions.length);
    expect((await tenant.caller.sessions.list({ status: 'cancelled' })).pagination.total).toBe(
      sessions.filter((s) => s.cancelledAt !== null).length,
    );
  }

  const changes: [string, (tenant: Tenant, m: Awaited<ReturnType<typeof mailbox>>) => Promise<unknown>][] = [
    ['inserts', async () => {}],
    [
      'a relabel of many (urgent to fyi)',
      (tenant) =>
        h.prisma.email.updateMany({
          where: { accountId: tenant.accountId, category: 'urgent' },
          data: { category: 'fyi' },
        }),
    ],
    [
      'a relabel of one',
      (_tenant, m) =>
        h.prisma.email.update({ where: { id: m.emails[4]?.id ?? '' }, data: { category: 'resolved' } }),
    ],
    [
      'a delete of one email',
      (_tenant, m) => h.prisma.email.delete({ where: { id: m.emails[0]?.id ?? '' } }),
    ],
    [
      'a session deleted with its mail',
      (_tenant, m) => h.prisma.oooSession.delete({ where: { id: m.sessions[0] ?? '' } }),
    ],
    [
      'a cancel and a delete through the API',
      async (tenant) => {
        const upcoming = await buildSession(h.prisma, {
          accountId: tenant.accountId,
          startDate: at(BASE_NOW, days(30)),
          endDate: at(BASE_NOW, days(35)),
        });
        const later = await buildSession(h.prisma, {
          accountId: tenant.accountId,
          startDate: at(BASE_NOW, days(40)),
          endDate: at(BASE_NOW, days(45)),
        });
        await tenant.caller.sessions.update({ id: upcoming.id, status: 'cancelled' });
        await tenant.caller.sessions.remove({ id: later.id });
      },
    ],
  ];

  it.each(changes)('are exact after %s, under every filter', async (_change, change) => {
    const tenant = await h.tenant();
    const m = await mailbox(tenant);
    await change(tenant, m);
    await expectExactTotals(tenant);
  });

  it("count nothing of another account's rows", async () => {
    await mailbox(await h.tenant());
    const tenant = await h.tenant();
    expect((await tenant.caller.emails.list({})).pagination.total).toBe(0);
    expect((await tenant.caller.sessions.list({})).pagination.total).toBe(0);
  });
});

describe('starting_after errors', () => {
  async function validationErrorOf(promise: Promise<unknown>) {
    try {
      await promise;
    } catch (error) {
      if (!(error instanceof TRPCError)) throw error;
      const { code, message } = restErrorOf(error);
      return { code, message, details: errorDetailsOf(error) };
    }
    throw new Error('expected the call to fail');
  }

  const notFound = (id: string) => {
    const message = `starting_after ${id} not found`;
    return { code: 'VALIDATION_ERROR', message, details: { fields: [{ field: 'starting_after', message }] } };
  };

  const cases: [
    string,
    (tenant: Tenant, other: Tenant) => Promise<[list: 'emails' | 'sessions', input: object, id: string]>,
  ][] = [
    ['an unknown email id', async () => ['emails', {}, newId('em')]],
    ['an unknown session id', async () => ['sessions', {}, newId('sess')]],
    [
      "another account's email",
      async (_tenant, other) => ['emails', {}, (await mailbox(other)).emails[0]?.id ?? ''],
    ],
    [
      "another account's session",
      async (_tenant, other) => ['sessions', {}, (await pastSession(other, 1)).id],
    ],
    [
      "another account's email, within a filter",
      async (_tenant, other) => [
        'emails',
        { category: 'action_required' },
        (await mailbox(other)).emails[1]?.id ?? '',
      ],
    ],
    [
      'a session id given to the email list',
      async (tenant) => ['emails', {}, (await pastSession(tenant, 1)).id],
    ],
  ];

  it.each(cases)('400 VALIDATION_ERROR "not found" for %s', async (_case, setUp) => {
    const [tenant, other] = [await h.tenant(), await h.tenant()];
    const [list, input, id] = await setUp(tenant, other);
    const call =
      list === 'emails'
        ? tenant.caller.emails.list({ ...input, starting_after: id })
        : tenant.caller.sessions.list({ ...input, starting_after: id });
    expect(await validationErrorOf(call)).toEqual(notFound(id));
  });

  it.each(['emails', 'sessions'] as const)(
    '%s: 400 VALIDATION_ERROR for a non-zero offset with a cursor',
    async (list) => {
      const tenant = await h.tenant();
      const m = await mailbox(tenant);
      const id = list === 'emails' ? (m.emails[0]?.id ?? '') : (m.sessions[0] ?? '');
      const message = 'starting_after cannot be combined with a non-zero offset';
      expect(await validationErrorOf(tenant.caller[list].list({ offset: 2, starting_after: id }))).toEqual({
        code: 'VALIDATION_ERROR',
        message,
        details: { fields: [{ field: 'starting_after', message }] },
      });
      // offset=0 is the default, so sending it with a cursor names no second starting point.
      expect(
        (await tenant.caller[list].list({ offset: 0, starting_after: id })).pagination.offset,
      ).toBeNull();
    },
  );
});
