// GET /api/v1/emails and GET /api/v1/playbooks.
import { describe, expect, it } from 'vitest';
import { defined, expectError } from './support/assertions.ts';
import { at, buildEmail, buildPlaybook, buildSession, days, playbookItem } from './support/factories.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const get = (path: string) => fixture.server.request('GET', path, { key: fixture.tenant.key });
const ids = (response: { body: { data: { id: string }[] } }) => response.body.data.map((item) => item.id);

function pastSession(weeksAgo: number) {
  return buildSession(fixture.server.prisma, {
    accountId: fixture.tenant.accountId,
    startDate: at(BASE_NOW, -days(7 * weeksAgo)),
    endDate: at(BASE_NOW, -days(7 * weeksAgo - 5)),
  });
}

describe('GET /api/v1/emails', () => {
  it('lists emails with the exact shape of the reference', async () => {
    const session = await pastSession(2);
    const email = await buildEmail(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: session.id,
      threadId: 'thread_xyz',
      subject: 'Q1 Budget Review - Action Needed',
      fromEmail: 'manager@company.com',
      fromName: 'Jane Smith',
      category: 'action_required',
      urgencyScore: 8,
      autoReplied: true,
      receivedAt: new Date('2026-02-22T14:30:00.000Z'),
      createdAt: new Date('2026-02-22T14:31:00.000Z'),
    });
    const response = await get('/api/v1/emails');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          id: email.id,
          external_id: email.externalId,
          session_id: session.id,
          thread_id: 'thread_xyz',
          subject: 'Q1 Budget Review - Action Needed',
          from_email: 'manager@company.com',
          from_name: 'Jane Smith',
          category: 'action_required',
          urgency_score: 8,
          ai_summary: 'Manager requesting budget approval by Friday.',
          auto_replied: true,
          received_at: '2026-02-22T14:30:00.000Z',
          created_at: '2026-02-22T14:31:00.000Z',
        },
      ],
      pagination: { total: 1, limit: 50, offset: 0, has_more: false },
    });
    expect(email.id).toMatch(/^em_[0-9A-Za-z]{20}$/);
  });

  it('from_name may be null and auto_replied false', async () => {
    const session = await pastSession(2);
    await buildEmail(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: session.id,
      fromName: null,
      autoReplied: false,
    });
    expect((await get('/api/v1/emails')).body.data[0]).toMatchObject({
      from_name: null,
      auto_replied: false,
    });
  });

  it('newest received first across sessions; pages never repeat or skip, also on ties', async () => {
    const older = await pastSession(4);
    const newer = await pastSession(2);
    const expected: { id: string; at: number }[] = [];
    for (let i = 0; i < 12; i++) {
      const session = i % 2 === 0 ? older : newer;
      // Three emails share each instant, so the id tie-break decides their order.
      const receivedAt = at(BASE_NOW, -days(20) + Math.floor(i / 3) * 3600_000);
      const email = await buildEmail(fixture.server.prisma, {
        accountId: fixture.tenant.accountId,
        sessionId: session.id,
        receivedAt,
      });
      expected.push({ id: email.id, at: receivedAt.getTime() });
    }
    const listed: string[] = [];
    for (let offset = 0; offset < 12; offset += 5) {
      const page = await get(`/api/v1/emails?limit=5&offset=${offset}`);
      expect(page.body.pagination).toEqual({ total: 12, limit: 5, offset, has_more: offset + 5 < 12 });
      listed.push(...ids(page));
    }
    expect([...listed].sort()).toEqual(expected.map((e) => e.id).sort());
    // Newest received first; within one instant the order is the id tie-break, the same on every page.
    const receivedAt = new Map(expected.map((e) => [e.id, e.at]));
    const times = listed.map((id) => defined(receivedAt.get(id)));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(ids(await get('/api/v1/emails?limit=100'))).toEqual(listed);
  });

  it('filters by session_id', async () => {
    const a = await pastSession(4);
    const b = await pastSession(2);
    const inA = await buildEmail(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: a.id,
    });
    await buildEmail(fixture.server.prisma, { accountId: fixture.tenant.accountId, sessionId: b.id });
    await buildEmail(fixture.server.prisma, { accountId: fixture.tenant.accountId, sessionId: b.id });
    const response = await get(`/api/v1/emails?session_id=${a.id}`);
    expect(ids(response)).toEqual([inA.id]);
    expect(response.body.pagination.total).toBe(1);
    expect((await get(`/api/v1/emails?session_id=${b.id}`)).body.pagination.total).toBe(2);
  });

  it('a session of the account without mail lists nothing (200, not 404)', async () => {
    const session = await pastSession(1);
    expect((await get(`/api/v1/emails?session_id=${session.id}`)).body).toEqual({
      data: [],
      pagination: { total: 0, limit: 50, offset: 0, has_more: false },
    });
  });

  it.each([['urgent'], ['action_required'], ['fyi'], ['newsletter'], ['promotional'], ['resolved']] as const)(
    'filters by category=%s, alone and with session_id',
    async (category) => {
      const a = await pastSession(4);
      const b = await pastSession(2);
      const all = ['urgent', 'action_required', 'fyi', 'newsletter', 'promotional', 'resolved'] as const;
      const matching: string[] = [];
      for (const session of [a, b]) {
        for (const c of all) {
          const email = await buildEmail(fixture.server.prisma, {
            accountId: fixture.tenant.accountId,
            sessionId: session.id,
            category: c,
          });
          if (c === category) matching.push(email.id);
        }
      }
      const response = await get(`/api/v1/emails?category=${category}`);
      expect(ids(response).sort()).toEqual([...matching].sort());
      expect(response.body.data.every((e: { category: string }) => e.category === category)).toBe(true);
      const both = await get(`/api/v1/emails?category=${category}&session_id=${b.id}`);
      expect(both.body.data).toHaveLength(1);
      expect(both.body.data[0]).toMatchObject({ category, session_id: b.id });
    },
  );

  it('404 NOT_FOUND for an unknown session_id', async () => {
    expectError(
      await get('/api/v1/emails?session_id=sess_unknownunknown00000'),
      404,
      'NOT_FOUND',
      'OOO session not found',
    );
  });
});

describe('GET /api/v1/playbooks', () => {
  it('lists playbooks with the exact shape of the reference', async () => {
    const session = await pastSession(2);
    const action = playbookItem();
    const fyi = playbookItem({ category: 'fyi', urgency_score: 3 });
    const playbook = await buildPlaybook(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      sessionId: session.id,
      summary: 'You received 142 emails during your week away...',
      actionItems: [action],
      fyiItems: [fyi],
      resolvedItems: [],
      totalEmails: 142,
      filteredEmails: 98,
      timeSavedMinutes: 240,
      deliveredAt: new Date('2026-02-28T06:00:00.000Z'),
      viewedAt: new Date('2026-02-28T08:15:00.000Z'),
      createdAt: new Date('2026-02-28T06:00:00.000Z'),
    });
    const response = await get('/api/v1/playbooks');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [
        {
          id: playbook.id,
          ooo_session_id: session.id,
          summary: 'You received 142 emails during your week away...',
          action_items: [action],
          fyi_items: [fyi],
          resolved_items: [],
          stats: { total_emails: 142, filtered_emails: 98, time_saved_minutes: 240 },
          delivered_at: '2026-02-28T06:00:00.000Z',
          viewed_at: '2026-02-28T08:15:00.000Z',
          created_at: '2026-02-28T06:00:00.000Z',
        },
      ],
      pagination: { total: 1, limit: 20, offset: 0, has_more: false },
    });
    expect(playbook.id).toMatch(/^pb_[0-9A-Za-z]{20}$/);
  });

  it('newest first, paged without repeats, filtered by session_id; listing does not mark them viewed', async () => {
    const made: { id: string; sessionId: string; created: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const session = await pastSession(10 - i);
      const created = at(BASE_NOW, -days(60 - 7 * i));
      const playbook = await buildPlaybook(fixture.server.prisma, {
        accountId: fixture.tenant.accountId,
        sessionId: session.id,
        viewedAt: null,
        deliveredAt: null,
        createdAt: created,
      });
      made.push({ id: playbook.id, sessionId: session.id, created: created.getTime() });
    }
    const newestFirst = [...made].reverse().map((p) => p.id);
    const listed = [
      ...ids(await get('/api/v1/playbooks?limit=2')),
      ...ids(await get('/api/v1/playbooks?limit=2&offset=2')),
      ...ids(await get('/api/v1/playbooks?limit=2&offset=4')),
    ];
    expect(listed).toEqual(newestFirst);

    const third = defined(made[2]);
    const filtered = await get(`/api/v1/playbooks?session_id=${third.sessionId}`);
    expect(ids(filtered)).toEqual([third.id]);
    expect(filtered.body.data[0]).toMatchObject({
      ooo_session_id: third.sessionId,
      delivered_at: null,
      viewed_at: null,
    });

    const viewed = await fixture.server.prisma.playbook.count({
      where: { accountId: fixture.tenant.accountId, viewedAt: { not: null } },
    });
    expect(viewed).toBe(0);
  });

  it('a session without a playbook lists nothing (200, not 404)', async () => {
    const session = await pastSession(1);
    expect((await get(`/api/v1/playbooks?session_id=${session.id}`)).body).toEqual({
      data: [],
      pagination: { total: 0, limit: 20, offset: 0, has_more: false },
    });
  });

  it('404 NOT_FOUND for an unknown session_id', async () => {
    expectError(
      await get('/api/v1/playbooks?session_id=sess_unknownunknown00000'),
      404,
      'NOT_FOUND',
      'OOO session not found',
    );
  });
});
