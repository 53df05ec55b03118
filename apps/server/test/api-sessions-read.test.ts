// GET /api/v1/ooo-sessions and /api/v1/ooo-sessions/{id}: shapes, paging, the status filter, and the
// query rules shared by the three lists.

import { at, buildEmail, buildPlaybook, buildSession, days, playbookItem } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { anyIso, expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const get = (path: string) => fixture.server.request('GET', path, { key: fixture.tenant.key });
const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((item) => item.id);

/** A session of the tenant between two offsets from BASE_NOW. */
const sessionBetween = (
  startOffset: number,
  endOffset: number,
  extra: { createdAt?: Date; cancelledAt?: Date } = {},
) =>
  buildSession(fixture.server.prisma, {
    accountId: fixture.tenant.accountId,
    startDate: at(BASE_NOW, startOffset),
    endDate: at(BASE_NOW, endOffset),
    ...extra,
  });

describe('GET /api/v1/ooo-sessions/{id}', () => {
  it('returns the session with its stats and playbook details, exactly', async () => {
    const session = await buildSession(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      startDate: new Date('2026-02-20T00:00:00.000Z'),
      endDate: new Date('2026-02-27T00:00:00.000Z'),
      autoReplyMessage: "I'm currently out of office...",
      createdAt: new Date('2026-02-15T10:30:00.000Z'),
      updatedAt: new Date('2026-02-27T23:59:00.000Z'),
    });
    const categories = [
      'urgent',
      'urgent',
      'newsletter',
      'promotional',
      'resolved',
      'fyi',
      'action_required',
    ] as const;
    for (const [i, category] of categories.entries()) {
      await buildEmail(fixture.server.prisma, {
        accountId: fixture.tenant.accountId,
        sessionId: session.id,
        category,
        receivedAt: new Date(Date.UTC(2026, 1, 21, i)),
      });
    }
    const action = playbookItem({ deadline: '2026-03-13T17:00:00.000Z' });
    const fyi = playbookItem({ category: 'fyi', urgency_score: 2, from_name: null });
    const resolved = playbookItem({ category: 'resolved', urgency_score: 1 });
    const playbook = await buildPlaybook(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: session.id,
      summary: 'You received 7 emails during your week away.',
      actionItems: [action],
      fyiItems: [fyi],
      resolvedItems: [resolved],
      totalEmails: 7,
      filteredEmails: 3,
      timeSavedMinutes: 14,
      deliveredAt: new Date('2026-02-28T06:00:00.000Z'),
      viewedAt: new Date('2026-02-28T08:15:00.000Z'),
    });

    const response = await get(`/api/v1/ooo-sessions/${session.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: session.id,
      start_date: '2026-02-20T00:00:00.000Z',
      end_date: '2026-02-27T00:00:00.000Z',
      return_date: '2026-02-28T00:00:00.000Z',
      status: 'completed',
      auto_reply_message: "I'm currently out of office...",
      stats: { emails_received: 7, emails_filtered: 3, urgent_count: 2, total_emails_synced: 7 },
      playbook: {
        id: playbook.id,
        summary: 'You received 7 emails during your week away.',
        action_items: [action],
        fyi_items: [fyi],
        resolved_items: [resolved],
        stats: { total_emails: 7, filtered_emails: 3, time_saved_minutes: 14 },
        delivered_at: '2026-02-28T06:00:00.000Z',
        viewed_at: '2026-02-28T08:15:00.000Z',
      },
      created_at: '2026-02-15T10:30:00.000Z',
      updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
  });

  it('a session without mail or playbook has zero stats and playbook null', async () => {
    const session = await sessionBetween(days(1), days(2));
    const response = await get(`/api/v1/ooo-sessions/${session.id}`);
    expect(response.body).toMatchObject({
      status: 'scheduled',
      auto_reply_message: null,
      stats: { emails_received: 0, emails_filtered: 0, urgent_count: 0, total_emails_synced: 0 },
      playbook: null,
    });
  });

  it.each([['sess_doesNotExist000000'], ['not-an-id'], ['sess_']])(
    '404 NOT_FOUND for the unknown id %s',
    async (id) => {
      expectError(await get(`/api/v1/ooo-sessions/${id}`), 404, 'NOT_FOUND', 'OOO session not found');
    },
  );

  it('GET does not mark the playbook viewed', async () => {
    const session = await sessionBetween(-days(5), -days(1));
    const playbook = await buildPlaybook(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: session.id,
    });
    expect((await get(`/api/v1/ooo-sessions/${session.id}`)).body.playbook.viewed_at).toBeNull();
    expect(
      (await fixture.server.prisma.playbook.findUniqueOrThrow({ where: { id: playbook.id } })).viewedAt,
    ).toBeNull();
  });
});

describe('GET /api/v1/ooo-sessions', () => {
  it('lists sessions with the exact item shape and pagination', async () => {
    const session = await buildSession(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      startDate: new Date('2026-03-20T00:00:00.000Z'),
      endDate: new Date('2026-03-27T00:00:00.000Z'),
      autoReplyMessage: 'Away',
      createdAt: new Date('2026-03-05T10:30:00.000Z'),
    });
    const response = await get('/api/v1/ooo-sessions');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          id: session.id,
          start_date: '2026-03-20T00:00:00.000Z',
          end_date: '2026-03-27T00:00:00.000Z',
          return_date: '2026-03-28T00:00:00.000Z',
          status: 'scheduled',
          stats: { emails_received: 0, emails_filtered: 0, urgent_count: 0 },
          playbook_id: null,
          created_at: '2026-03-05T10:30:00.000Z',
        },
      ],
      pagination: { total: 1, limit: 20, offset: 0, has_more: false, next_starting_after: null },
    });
  });

  it('list items carry their stats and playbook_id', async () => {
    const session = await sessionBetween(-days(9), -days(2));
    for (const category of ['urgent', 'promotional', 'fyi'] as const) {
      await buildEmail(fixture.server.prisma, {
        accountId: fixture.tenant.accountId,
        sessionId: session.id,
        category,
      });
    }
    const playbook = await buildPlaybook(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: session.id,
    });
    const [item] = (await get('/api/v1/ooo-sessions')).body.data;
    expect(item).toEqual({
      id: session.id,
      start_date: at(BASE_NOW, -days(9)).toISOString(),
      end_date: at(BASE_NOW, -days(2)).toISOString(),
      return_date: at(BASE_NOW, -days(1)).toISOString(),
      status: 'completed',
      stats: { emails_received: 3, emails_filtered: 1, urgent_count: 1 },
      playbook_id: playbook.id,
      created_at: anyIso(),
    });
  });

  it('25 sessions created through the API page newest first with limit 7, never repeating or skipping', async () => {
    const created: string[] = [];
    for (let i = 0; i < 25; i++) {
      const response = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
        key: fixture.tenant.key,
        body: {
          start_date: at(BASE_NOW, days(i + 1)).toISOString(),
          end_date: at(BASE_NOW, days(i + 2)).toISOString(),
        },
      });
      expect(response.status).toBe(201);
      created.push(response.body.id);
    }
    const pages = [];
    for (let offset = 0; offset < 35; offset += 7) {
      const response = await get(`/api/v1/ooo-sessions?limit=7&offset=${offset}`);
      expect(response.status).toBe(200);
      pages.push(response.body);
    }
    expect(pages.map((page) => page.data.length)).toEqual([7, 7, 7, 4, 0]);
    expect(pages.map((page) => page.pagination)).toEqual([
      { total: 25, limit: 7, offset: 0, has_more: true, next_starting_after: pages[0].data[6].id },
      { total: 25, limit: 7, offset: 7, has_more: true, next_starting_after: pages[1].data[6].id },
      { total: 25, limit: 7, offset: 14, has_more: true, next_starting_after: pages[2].data[6].id },
      { total: 25, limit: 7, offset: 21, has_more: false, next_starting_after: null },
      { total: 25, limit: 7, offset: 28, has_more: false, next_starting_after: null },
    ]);
    const listed: { id: string; created_at: string }[] = pages.flatMap((page) => page.data);
    expect(new Set(listed.map((s) => s.id)).size).toBe(25);
    expect([...listed.map((s) => s.id)].sort()).toEqual([...created].sort());
    // Newest first. (Ties within one millisecond are broken by id, in the database's collation.)
    const times = listed.map((s) => s.created_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(listed.filter((s) => s.created_at === times[0]).map((s) => s.id)).toContain(created[24]);
    // Paging gives exactly the order of one big page.
    expect(listed.map((s) => s.id)).toEqual(ids(await get('/api/v1/ooo-sessions?limit=100')));
  });

  it('orders by created_at descending and pages stably when many share the same created_at', async () => {
    const sameInstant = new Date('2026-03-01T00:00:00.000Z');
    const older = await sessionBetween(days(50), days(51), {
      createdAt: new Date('2026-02-01T00:00:00.000Z'),
    });
    const newer = await sessionBetween(days(60), days(61), {
      createdAt: new Date('2026-03-09T00:00:00.000Z'),
    });
    const tied: string[] = [];
    for (let i = 0; i < 9; i++) {
      const session = await sessionBetween(days(i + 1), days(i + 2), { createdAt: sameInstant });
      tied.push(session.id);
    }
    const listed: string[] = [];
    for (let offset = 0; offset < 11; offset += 3) {
      listed.push(...ids(await get(`/api/v1/ooo-sessions?limit=3&offset=${offset}`)));
    }
    expect(listed).toHaveLength(11);
    expect(listed[0]).toBe(newer.id);
    expect(listed[10]).toBe(older.id);
    // The tied ones fill the middle, each exactly once, in the same order as one big page.
    expect(listed.slice(1, 10).sort()).toEqual([...tied].sort());
    expect(ids(await get('/api/v1/ooo-sessions?limit=100'))).toEqual(listed);
    expect(ids(await get('/api/v1/ooo-sessions?limit=100'))).toEqual(listed);
  });

  it('limit 1 and limit 100 are accepted; the default is 20', async () => {
    for (let i = 0; i < 21; i++) {
      await sessionBetween(days(i + 1), days(i + 2));
    }
    const first = await get('/api/v1/ooo-sessions');
    expect(first.body.pagination).toEqual({
      total: 21,
      limit: 20,
      offset: 0,
      has_more: true,
      next_starting_after: first.body.data[19].id,
    });
    expect((await get('/api/v1/ooo-sessions')).body.data).toHaveLength(20);
    const one = await get('/api/v1/ooo-sessions?limit=1&offset=20');
    expect(one.body.data).toHaveLength(1);
    expect(one.body.pagination).toEqual({
      total: 21,
      limit: 1,
      offset: 20,
      has_more: false,
      next_starting_after: null,
    });
    const hundred = await get('/api/v1/ooo-sessions?limit=100');
    expect(hundred.body.data).toHaveLength(21);
    expect(hundred.body.pagination).toEqual({
      total: 21,
      limit: 100,
      offset: 0,
      has_more: false,
      next_starting_after: null,
    });
  });

  describe('status filter, derived from the clock', () => {
    async function fourSessions() {
      const completed = await sessionBetween(-days(10), -days(5));
      const active = await sessionBetween(-days(1), days(2));
      const scheduled = await sessionBetween(days(3), days(6));
      const cancelled = await sessionBetween(days(10), days(12), { cancelledAt: at(BASE_NOW, -days(1)) });
      return { completed, active, scheduled, cancelled };
    }

    it('moves sessions between states as the clock moves, at the exact boundaries', async () => {
      const sessions = await fourSessions();
      const listOf = async (status: string) => ids(await get(`/api/v1/ooo-sessions?status=${status}`)).sort();

      fixture.server.clock.set(at(BASE_NOW, days(3) - 1));
      expect(await listOf('scheduled')).toEqual([sessions.scheduled.id]);

      fixture.server.clock.set(at(BASE_NOW, days(3)));
      expect(await listOf('scheduled')).toEqual([]);
      expect(await listOf('active')).toEqual([sessions.scheduled.id]);
      expect(await listOf('completed')).toEqual([sessions.completed.id, sessions.active.id].sort());
      expect(await listOf('cancelled')).toEqual([sessions.cancelled.id]);

      fixture.server.clock.set(at(BASE_NOW, days(6)));
      expect(await listOf('active')).toEqual([]);
      expect(await listOf('completed')).toEqual(
        [sessions.completed.id, sessions.active.id, sessions.scheduled.id].sort(),
      );
      // Cancelled stays cancelled even after its dates have passed.
      fixture.server.clock.set(at(BASE_NOW, days(30)));
      expect(await listOf('cancelled')).toEqual([sessions.cancelled.id]);
      expect(await listOf('completed')).not.toContain(sessions.cancelled.id);
      const got = await get(`/api/v1/ooo-sessions/${sessions.scheduled.id}`);
      expect(got.body.status).toBe('completed');
    });

    it('the filter combines with paging', async () => {
      for (let i = 0; i < 5; i++) {
        await sessionBetween(days(2 * i + 1), days(2 * i + 2));
      }
      await sessionBetween(-days(3), -days(2));
      const page = await get('/api/v1/ooo-sessions?status=scheduled&limit=2&offset=4');
      expect(page.body.data).toHaveLength(1);
      expect(page.body.pagination).toEqual({
        total: 5,
        limit: 2,
        offset: 4,
        has_more: false,
        next_starting_after: null,
      });
    });

    it.each([['ended'], ['SCHEDULED'], ['all'], ['scheduled,active']])(
      '400 for the unknown status %s',
      async (status) => {
        expectError(
          await get(`/api/v1/ooo-sessions?status=${encodeURIComponent(status)}`),
          400,
          'VALIDATION_ERROR',
          'status must be one of: scheduled, active, completed, cancelled',
        );
      },
    );
  });
});

describe.each([
  ['/api/v1/ooo-sessions', 20],
  ['/api/v1/emails', 50],
  ['/api/v1/playbooks', 20],
])('query values of %s', (path, defaultLimit) => {
  // Emails and sessions also page by cursor, so their pagination block names the next one.
  const cursor = path === '/api/v1/playbooks' ? {} : { next_starting_after: null };

  it(`defaults to limit ${defaultLimit}, offset 0`, async () => {
    expect((await get(path)).body.pagination).toEqual({
      total: 0,
      limit: defaultLimit,
      offset: 0,
      has_more: false,
      ...cursor,
    });
  });

  it.each([
    ...['limit=0', 'limit=101', 'limit=abc', 'limit=-1', 'limit=1.5', 'limit=1000000'].map((query) => [
      query,
      'limit must be an integer between 1 and 100',
    ]),
    ...['offset=-1', 'offset=abc', 'offset=2.5'].map((query) => [
      query,
      'offset must be an integer between 0 and 2147483647',
    ]),
  ])('400 for %s, never clamped', async (query, message) => {
    expectError(await get(`${path}?${query}`), 400, 'VALIDATION_ERROR', message);
  });

  it('400 for numbers not written as decimal integers (limit=0x10, limit=1e1, offset=0x10)', async () => {
    const statuses: Record<string, number> = {};
    for (const query of ['limit=0x10', 'limit=1e1', 'offset=0x10']) {
      statuses[query] = (await get(`${path}?${query}`)).status;
    }
    expect(statuses).toEqual({ 'limit=0x10': 400, 'limit=1e1': 400, 'offset=0x10': 400 });
  });

  it('an offset past the end gives an empty page with the true total', async () => {
    const response = await get(`${path}?offset=500`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [],
      pagination: { total: 0, limit: defaultLimit, offset: 500, has_more: false, ...cursor },
    });
  });
});
