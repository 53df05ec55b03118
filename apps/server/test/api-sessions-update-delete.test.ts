// PATCH and DELETE /api/v1/ooo-sessions/{id}: the state machine rules of DESIGN.md.

import { at, buildSession, days } from '@drift/api/testing';
import type { OooSession } from '@drift/db';
import { describe, expect, it } from 'vitest';
import { anyIso, expectError, rateLimitHeaders } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const iso = (offsetMs: number) => at(BASE_NOW, offsetMs).toISOString();
const patch = (id: string, body: unknown) =>
  fixture.server.request('PATCH', `/api/v1/ooo-sessions/${id}`, { key: fixture.tenant.key, body });
const remove = (id: string) =>
  fixture.server.request('DELETE', `/api/v1/ooo-sessions/${id}`, { key: fixture.tenant.key });
const reload = (id: string) => fixture.server.prisma.oooSession.findUnique({ where: { id } });

type State = 'scheduled' | 'active' | 'completed' | 'cancelled';

/** One session of the tenant in the given state at BASE_NOW. */
function sessionIn(state: State, extra: { autoReplyMessage?: string } = {}): Promise<OooSession> {
  const windows: Record<State, [number, number]> = {
    scheduled: [days(5), days(10)],
    active: [-days(2), days(3)],
    completed: [-days(10), -days(5)],
    cancelled: [days(5), days(10)],
  };
  const [start, end] = windows[state];
  return buildSession(fixture.server.prisma, {
    accountId: fixture.tenant.accountId,
    startDate: at(BASE_NOW, start),
    endDate: at(BASE_NOW, end),
    autoReplyMessage: extra.autoReplyMessage ?? 'Away',
    cancelledAt: state === 'cancelled' ? at(BASE_NOW, -days(1)) : null,
  });
}

describe('PATCH /api/v1/ooo-sessions/{id}', () => {
  it('cancels a scheduled session: 200 with the whole session, status cancelled, dates kept', async () => {
    const session = await sessionIn('scheduled');
    const response = await patch(session.id, { status: 'cancelled' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: session.id,
      start_date: iso(days(5)),
      end_date: iso(days(10)),
      return_date: iso(days(11)),
      status: 'cancelled',
      auto_reply_message: 'Away',
      stats: { emails_received: 0, emails_filtered: 0, urgent_count: 0, total_emails_synced: 0 },
      playbook: null,
      created_at: session.createdAt.toISOString(),
      updated_at: anyIso(),
    });
    expect(rateLimitHeaders(response).remaining).toBe(99);
    expect((await reload(session.id))?.cancelledAt?.toISOString()).toBe(BASE_NOW.toISOString());
    const read = await fixture.server.request('GET', `/api/v1/ooo-sessions/${session.id}`, {
      key: fixture.tenant.key,
    });
    expect(read.body).toEqual(response.body);
  });

  it('a cancelled session frees its dates for a new one', async () => {
    const session = await sessionIn('scheduled');
    await patch(session.id, { status: 'cancelled' });
    const created = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key: fixture.tenant.key,
      body: { start_date: iso(days(5)), end_date: iso(days(10)) },
    });
    expect(created.status).toBe(201);
  });

  it.each([
    [
      'scheduled',
      { status: 'completed' },
      'Only active sessions can be completed; this session is scheduled',
    ],
    ['active', { status: 'cancelled' }, 'Only scheduled sessions can be cancelled; this session is active'],
    [
      'completed',
      { status: 'cancelled' },
      'Only scheduled or active sessions can be updated; this session is completed',
    ],
    [
      'completed',
      { auto_reply_message: 'x' },
      'Only scheduled or active sessions can be updated; this session is completed',
    ],
    [
      'completed',
      { end_date: '2026-12-01T00:00:00.000Z' },
      'Only scheduled or active sessions can be updated; this session is completed',
    ],
    [
      'cancelled',
      { status: 'cancelled' },
      'Only scheduled or active sessions can be updated; this session is cancelled',
    ],
    [
      'cancelled',
      { start_date: '2026-12-01T00:00:00.000Z' },
      'Only scheduled or active sessions can be updated; this session is cancelled',
    ],
  ] as const)('400 for a %s session given %j, and nothing changes', async (state, body, message) => {
    const session = await sessionIn(state);
    const response = await patch(session.id, body);
    expectError(response, 400, 'VALIDATION_ERROR', message);
    expect(await reload(session.id)).toEqual(session);
  });

  it.each([['active'], ['scheduled'], ['deleted'], ['CANCELLED'], ['']])(
    '400 for the status value %j',
    async (status) => {
      const session = await sessionIn('scheduled');
      expectError(
        await patch(session.id, { status }),
        400,
        'VALIDATION_ERROR',
        'status must be one of: cancelled, completed',
      );
      expect(await reload(session.id)).toEqual(session);
    },
  );

  it('edits the dates of a scheduled session; return_date follows end_date', async () => {
    const session = await sessionIn('scheduled');
    const response = await patch(session.id, { start_date: iso(days(6)), end_date: iso(days(12)) });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      start_date: iso(days(6)),
      end_date: iso(days(12)),
      return_date: iso(days(13)),
      status: 'scheduled',
      auto_reply_message: 'Away',
    });
    expect(await reload(session.id)).toMatchObject({
      startDate: at(BASE_NOW, days(6)),
      endDate: at(BASE_NOW, days(12)),
    });
  });

  it('edits return_date and the auto-reply alone', async () => {
    const session = await sessionIn('scheduled');
    const response = await patch(session.id, {
      return_date: iso(days(14)),
      auto_reply_message: 'Back on the 14th',
    });
    expect(response.body).toMatchObject({
      start_date: iso(days(5)),
      end_date: iso(days(10)),
      return_date: iso(days(14)),
      auto_reply_message: 'Back on the 14th',
    });
  });

  it('auto_reply_message null clears it', async () => {
    const session = await sessionIn('scheduled');
    expect((await patch(session.id, { auto_reply_message: null })).body.auto_reply_message).toBeNull();
  });

  it.each([
    [{ end_date: iso(days(4)) }, 'end_date must be after start_date'],
    [{ start_date: iso(days(10)) }, 'end_date must be after start_date'],
    [{ start_date: iso(-days(3)), end_date: iso(-days(1)) }, 'end_date must be in the future'],
    [{ return_date: iso(days(9)) }, 'return_date must not be before end_date'],
    [{}, 'Nothing to update'],
    [
      { status: 'cancelled', end_date: iso(days(11)) },
      'status cannot be changed together with start_date, end_date or return_date',
    ],
    [{ end_date: 'soon' }, 'end_date must be an ISO 8601 date-time such as 2026-03-20T00:00:00.000Z'],
    [{ owner: 'me' }, 'Unknown field(s): owner'],
    [{ id: 'sess_other' }, /./],
  ])('400 for %j on a scheduled session, and nothing changes', async (body, message) => {
    const session = await sessionIn('scheduled');
    expectError(await patch(session.id, body), 400, 'VALIDATION_ERROR', message);
    expect(await reload(session.id)).toEqual(session);
  });

  it('an edit may overlap a cancelled session', async () => {
    await sessionIn('cancelled');
    const session = await buildSession(fixture.server.prisma, {
      accountId: fixture.tenant.accountId,
      startDate: at(BASE_NOW, days(12)),
      endDate: at(BASE_NOW, days(15)),
    });
    expect((await patch(session.id, { start_date: iso(days(6)) })).status).toBe(200);
  });

  it('re-sending the current dates is not an overlap with itself', async () => {
    const session = await sessionIn('scheduled');
    const response = await patch(session.id, {
      start_date: iso(days(5)),
      end_date: iso(days(10)),
      auto_reply_message: 'x',
    });
    expect(response.status).toBe(200);
  });

  it('404 NOT_FOUND for an unknown id', async () => {
    expectError(
      await patch('sess_unknownunknown00000', { status: 'cancelled' }),
      404,
      'NOT_FOUND',
      'OOO session not found',
    );
  });
});

describe('DELETE /api/v1/ooo-sessions/{id}', () => {
  it('deletes a scheduled session: 200 {id, deleted: true}, then 404 everywhere', async () => {
    const session = await sessionIn('scheduled');
    const response = await remove(session.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: session.id, deleted: true });
    expect(rateLimitHeaders(response).remaining).toBe(99);
    expect(await reload(session.id)).toBeNull();

    const notFound = ['OOO session not found'] as const;
    expectError(await remove(session.id), 404, 'NOT_FOUND', ...notFound);
    expectError(
      await fixture.server.request('GET', `/api/v1/ooo-sessions/${session.id}`, { key: fixture.tenant.key }),
      404,
      'NOT_FOUND',
      ...notFound,
    );
    expectError(await patch(session.id, { auto_reply_message: 'x' }), 404, 'NOT_FOUND', ...notFound);
    const list = await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: fixture.tenant.key });
    expect(list.body.data).toEqual([]);
  });

  it('a session that has started by the server clock can no longer be deleted', async () => {
    const session = await sessionIn('scheduled');
    fixture.server.clock.set(at(BASE_NOW, days(5)));
    expectError(await remove(session.id), 400, 'VALIDATION_ERROR', /this one is active/);
  });

  it('404 NOT_FOUND for an unknown id', async () => {
    expectError(await remove('sess_unknownunknown00000'), 404, 'NOT_FOUND', 'OOO session not found');
  });
});
