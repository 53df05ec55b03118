// POST /api/v1/ooo-sessions: the create rules of the reference and DESIGN.md.

import { at, buildSession, days } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { anyIso, anySessionId, expectError, rateLimitHeaders } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: { scopes: ['read:ooo', 'write:ooo'] } });

const iso = (offsetMs: number) => at(BASE_NOW, offsetMs).toISOString();
const create = (body: unknown) =>
  fixture.server.request('POST', '/api/v1/ooo-sessions', { key: fixture.tenant.key, body });
const sessionCount = () =>
  fixture.server.prisma.oooSession.count({ where: { accountId: fixture.tenant.accountId } });

describe('POST /api/v1/ooo-sessions', () => {
  it.each([
    { given: undefined, stored: null, means: 'the standard reply' },
    { given: null, stored: null, means: 'the standard reply' },
    { given: '', stored: '', means: 'no auto-reply' },
    { given: 'Back Monday.', stored: 'Back Monday.', means: 'that text' },
  ])('auto_reply_message $given is kept as $stored ($means)', async ({ given, stored }) => {
    const response = await create({
      start_date: '2026-04-20T00:00:00.000Z',
      end_date: '2026-04-21T00:00:00.000Z',
      ...(given !== undefined && { auto_reply_message: given }),
    });
    expect(response.status).toBe(201);
    expect(response.body.auto_reply_message).toBe(stored);
    await fixture.server.request('DELETE', `/api/v1/ooo-sessions/${response.body.id}`, {
      key: fixture.tenant.key,
    });
  });

  it('creates a scheduled session: 201 with the full session, the same one GET returns', async () => {
    const response = await create({
      start_date: '2026-03-20T00:00:00.000Z',
      end_date: '2026-03-27T00:00:00.000Z',
      auto_reply_message: 'I am out of office until March 27.',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: anySessionId(),
      start_date: '2026-03-20T00:00:00.000Z',
      end_date: '2026-03-27T00:00:00.000Z',
      return_date: '2026-03-28T00:00:00.000Z',
      status: 'scheduled',
      auto_reply_message: 'I am out of office until March 27.',
      stats: { emails_received: 0, emails_filtered: 0, urgent_count: 0, total_emails_synced: 0 },
      playbook: null,
      created_at: anyIso(),
      updated_at: anyIso(),
    });
    expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });

    const read = await fixture.server.request('GET', `/api/v1/ooo-sessions/${response.body.id}`, {
      key: fixture.tenant.key,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(response.body);

    const row = await fixture.server.prisma.oooSession.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row.accountId).toBe(fixture.tenant.accountId);
  });

  it('gives every session a fresh random id', async () => {
    const first = await create({ start_date: iso(days(1)), end_date: iso(days(2)) });
    const second = await create({ start_date: iso(days(2)), end_date: iso(days(3)) });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.id).not.toBe(second.body.id);
  });

  it('a session starting exactly now is active', async () => {
    const response = await create({ start_date: iso(0), end_date: iso(days(1)) });
    expect(response.body.status).toBe('active');
  });

  it('normalises offsets and date-only input to UTC with milliseconds', async () => {
    const response = await create({ start_date: '2026-03-20T02:00:00+02:00', end_date: '2026-03-27' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      start_date: '2026-03-20T00:00:00.000Z',
      end_date: '2026-03-27T00:00:00.000Z',
      return_date: '2026-03-28T00:00:00.000Z',
    });
  });

  it.each([
    ['identical', days(5), days(10)],
    ['inside it', days(6), days(9)],
    ['around it', days(4), days(11)],
    ['over its start', days(3), days(6)],
    ['over its end', days(9), days(12)],
    ['one millisecond into it', days(10) - 1, days(12)],
  ])('409 CONFLICT naming the other session when the new one is %s', async (_label, start, end) => {
    const existing = await create({ start_date: iso(days(5)), end_date: iso(days(10)) });
    const response = await create({ start_date: iso(start), end_date: iso(end) });
    expectError(
      response,
      409,
      'CONFLICT',
      `Overlaps OOO session ${existing.body.id} (${iso(days(5))} to ${iso(days(10))})`,
    );
    expect(rateLimitHeaders(response).remaining).toBe(98);
    expect(await sessionCount()).toBe(1);
  });

  it('409 when overlapping an active session', async () => {
    const active = await buildSession(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      startDate: at(BASE_NOW, -days(1)),
      endDate: at(BASE_NOW, days(1)),
    });
    const response = await create({ start_date: iso(0), end_date: iso(days(3)) });
    expectError(response, 409, 'CONFLICT', new RegExp(`^Overlaps OOO session ${active.id} `));
  });

  it('overlapping a completed session is still a conflict: completed sessions keep their dates', async () => {
    // Only possible with a start in the past; the completed one ended a day ago.
    const completed = await buildSession(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      startDate: at(BASE_NOW, -days(5)),
      endDate: at(BASE_NOW, -days(1)),
    });
    const response = await create({ start_date: iso(-days(3)), end_date: iso(days(1)) });
    expectError(response, 409, 'CONFLICT', new RegExp(`^Overlaps OOO session ${completed.id} `));
  });

  it.each([
    [{}, 'start_date is required; end_date is required'],
    [{ start_date: '2026-03-20T00:00:00.000Z' }, 'end_date is required'],
    [{ end_date: '2026-03-27T00:00:00.000Z' }, 'start_date is required'],
    [
      { start_date: 'next tuesday', end_date: '2026-03-27T00:00:00.000Z' },
      'start_date must be an ISO 8601 date-time such as 2026-03-20T00:00:00.000Z',
    ],
    [
      { start_date: '2026-03-20T00:00:00.000Z', end_date: 1774569600000 },
      'end_date must be an ISO 8601 date-time such as 2026-03-20T00:00:00.000Z',
    ],
    [
      { start_date: '2026-02-30T00:00:00.000Z', end_date: '2026-03-27T00:00:00.000Z' },
      'start_date must be an ISO 8601 date-time such as 2026-03-20T00:00:00.000Z',
    ],
    [
      { start_date: '2026-03-20T00:00:00.000Z', end_date: '2026-03-27T00:00:00.000Z', status: 'active' },
      'Unknown field(s): status',
    ],
    [
      {
        start_date: '2026-03-20T00:00:00.000Z',
        end_date: '2026-03-27T00:00:00.000Z',
        auto_reply_message: 42,
      },
      /^auto_reply_message/,
    ],
    [
      {
        start_date: '2026-03-20T00:00:00.000Z',
        end_date: '2026-03-27T00:00:00.000Z',
        auto_reply_message: 'x'.repeat(5001),
      },
      'auto_reply_message must be at most 5000 characters',
    ],
  ])('400 VALIDATION_ERROR for %j', async (body, message) => {
    const response = await create(body);
    expectError(response, 400, 'VALIDATION_ERROR', message);
    expect(await sessionCount()).toBe(0);
  });

  it.each([['[]'], ['"2026-03-20"'], ['null']])(
    '400 VALIDATION_ERROR for the JSON body %s',
    async (rawBody) => {
      const response = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
        key: fixture.tenant.key,
        rawBody,
      });
      expectError(response, 400, 'VALIDATION_ERROR');
      expect(await sessionCount()).toBe(0);
    },
  );
});
