// OOO session procedures through createCaller: create, get, list, update (PATCH rules), remove.
import { newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { BASE_NOW, codeOf, errorOf, type Tenant, useProcedureHarness } from '../testing/caller.ts';
import { at, buildEmail, buildSession, days } from '../testing/factories.ts';

const h = useProcedureHarness();

const iso = (offsetMs: number) => at(BASE_NOW, offsetMs).toISOString();
const HOUR = 3_600_000;

/** A session of the tenant between the two offsets from BASE_NOW. */
function sessionOf(
  tenant: Tenant,
  startOffset: number,
  endOffset: number,
  extra: { cancelled?: boolean } = {},
) {
  return buildSession(h.prisma, {
    accountId: tenant.accountId,
    startDate: at(BASE_NOW, startOffset),
    endDate: at(BASE_NOW, endOffset),
    ...(extra.cancelled && { cancelledAt: BASE_NOW }),
  });
}

describe('sessions.create', () => {
  it('runs the same create and get as REST, with the same wire shape', async () => {
    const { caller, ctx } = await h.tenant();
    const created = await caller.sessions.create({
      start_date: '2026-03-20T00:00:00.000Z',
      end_date: '2026-03-27T00:00:00.000Z',
    });
    expect(ctx.response.status).toBe(201);
    expect(ctx.response.headers['X-RateLimit-Remaining']).toBe('99');
    expect(created).toMatchObject({
      status: 'scheduled',
      return_date: '2026-03-28T00:00:00.000Z',
      auto_reply_message: null,
      playbook: null,
    });
    expect(await caller.sessions.get({ id: created.id })).toEqual(created);
  });

  it('keeps an explicit return_date and the auto-reply, trimmed', async () => {
    const { caller } = await h.tenant();
    const created = await caller.sessions.create({
      start_date: iso(days(1)),
      end_date: iso(days(3)),
      return_date: iso(days(5)),
      auto_reply_message: '  Back on Monday.  ',
    });
    expect(created).toMatchObject({ return_date: iso(days(5)), auto_reply_message: 'Back on Monday.' });
  });

  it('a start_date in the past makes the session active at once', async () => {
    const { caller } = await h.tenant();
    const created = await caller.sessions.create({ start_date: iso(-days(1)), end_date: iso(days(1)) });
    expect(created.status).toBe('active');
  });

  it.each([
    [
      'end before start',
      { start_date: iso(days(2)), end_date: iso(days(1)) },
      'end_date must be after start_date',
    ],
    [
      'end equal to start',
      { start_date: iso(days(1)), end_date: iso(days(1)) },
      'end_date must be after start_date',
    ],
    [
      'end in the past',
      { start_date: iso(-days(3)), end_date: iso(-days(1)) },
      'end_date must be in the future',
    ],
    ['end exactly now', { start_date: iso(-days(2)), end_date: iso(0) }, 'end_date must be in the future'],
    [
      'return before end',
      { start_date: iso(days(1)), end_date: iso(days(3)), return_date: iso(days(2)) },
      'return_date must not be before end_date',
    ],
    [
      'an auto-reply over 5000 characters',
      { start_date: iso(days(1)), end_date: iso(days(3)), auto_reply_message: 'x'.repeat(5001) },
      'auto_reply_message must be at most 5000 characters',
    ],
  ])('400 VALIDATION_ERROR for %s', async (_case, input, message) => {
    const { caller } = await h.tenant();
    expect(await errorOf(caller.sessions.create(input))).toEqual({ code: 'VALIDATION_ERROR', message });
    expect((await caller.sessions.list({})).data).toEqual([]);
  });

  it.each([
    ['a missing end_date', { start_date: iso(days(1)) }],
    ['a date that is not ISO 8601', { start_date: 'next monday', end_date: iso(days(3)) }],
    ['an unknown field', { start_date: iso(days(1)), end_date: iso(days(3)), status: 'active' }],
  ])('400 VALIDATION_ERROR for %s', async (_case, input) => {
    const { caller } = await h.tenant();
    expect(await codeOf(caller.sessions.create(input as never))).toBe('VALIDATION_ERROR');
  });

  it('409 CONFLICT naming the overlapped session; back-to-back and over cancelled ones are fine', async () => {
    const tenant = await h.tenant();
    const existing = await sessionOf(tenant, days(2), days(4));
    await sessionOf(tenant, days(10), days(12), { cancelled: true });
    expect(
      await errorOf(tenant.caller.sessions.create({ start_date: iso(days(3)), end_date: iso(days(5)) })),
    ).toEqual({
      code: 'CONFLICT',
      message: `Overlaps OOO session ${existing.id} (${iso(days(2))} to ${iso(days(4))})`,
    });
    await tenant.caller.sessions.create({ start_date: iso(days(4)), end_date: iso(days(5)) });
    await tenant.caller.sessions.create({ start_date: iso(days(1)), end_date: iso(days(2)) });
    await tenant.caller.sessions.create({ start_date: iso(days(10)), end_date: iso(days(12)) });
  });

  it("overlap is per account: another account's dates do not conflict", async () => {
    const other = await h.tenant();
    await sessionOf(other, days(1), days(3));
    const { caller } = await h.tenant();
    expect((await caller.sessions.create({ start_date: iso(days(1)), end_date: iso(days(3)) })).status).toBe(
      'scheduled',
    );
  });
});

describe('sessions.get', () => {
  it('derives status from the injected clock', async () => {
    const { caller } = await h.tenant();
    const created = await caller.sessions.create({
      start_date: '2026-04-01T00:00:00.000Z',
      end_date: '2026-04-02T00:00:00.000Z',
    });
    h.clock.set(new Date('2026-04-01T12:00:00.000Z'));
    expect((await caller.sessions.get({ id: created.id })).status).toBe('active');
    h.clock.set(new Date('2026-04-02T00:00:00.000Z'));
    expect((await caller.sessions.get({ id: created.id })).status).toBe('completed');
  });

  it('counts the mail captured during the session', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, -days(2), days(2));
    for (const category of ['urgent', 'newsletter', 'fyi'] as const) {
      await buildEmail(h.prisma, { accountId: tenant.accountId, sessionId: session.id, category });
    }
    expect((await tenant.caller.sessions.get({ id: session.id })).stats).toEqual({
      emails_received: 3,
      emails_filtered: 1,
      urgent_count: 1,
      total_emails_synced: 3,
    });
  });

  it.each([
    ['an unknown id', async () => newId('sess')],
    ["another account's session", async () => (await sessionOf(await h.tenant(), days(1), days(2))).id],
  ])('404 NOT_FOUND for %s', async (_case, idOf) => {
    const { caller } = await h.tenant();
    expect(await errorOf(caller.sessions.get({ id: await idOf() }))).toEqual({
      code: 'NOT_FOUND',
      message: 'OOO session not found',
    });
  });
});

describe('sessions.list', () => {
  /** One session in each status, created a minute apart (oldest first). */
  async function oneOfEach(tenant: Tenant) {
    const spans = {
      completed: [-days(5), -days(3), false],
      active: [-days(1), days(1), false],
      scheduled: [days(1), days(2), false],
      cancelled: [days(3), days(4), true],
    } as const;
    const ids: Record<string, string> = {};
    for (const [index, [status, [start, end, cancelled]]] of Object.entries(spans).entries()) {
      const session = await buildSession(h.prisma, {
        accountId: tenant.accountId,
        startDate: at(BASE_NOW, start),
        endDate: at(BASE_NOW, end),
        cancelledAt: cancelled ? BASE_NOW : null,
        createdAt: at(BASE_NOW, -days(10) + index * 60_000),
      });
      ids[status] = session.id;
    }
    return ids;
  }

  it('lists newest first, each with the status the clock gives it', async () => {
    const tenant = await h.tenant();
    const ids = await oneOfEach(tenant);
    const listed = await tenant.caller.sessions.list({});
    expect(listed.data.map((s) => [s.id, s.status])).toEqual([
      [ids.cancelled, 'cancelled'],
      [ids.scheduled, 'scheduled'],
      [ids.active, 'active'],
      [ids.completed, 'completed'],
    ]);
    expect(listed.pagination).toEqual({
      total: 4,
      limit: 20,
      offset: 0,
      has_more: false,
      next_starting_after: null,
    });
  });

  it.each([['scheduled'], ['active'], ['completed'], ['cancelled']] as const)(
    'status=%s lists only those sessions',
    async (status) => {
      const tenant = await h.tenant();
      const ids = await oneOfEach(tenant);
      const listed = await tenant.caller.sessions.list({ status });
      expect(listed.data.map((s) => s.id)).toEqual([ids[status]]);
      expect(listed.pagination.total).toBe(1);
    },
  );

  it('the status filter follows the clock', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, days(1), days(2));
    const idsWith = async (status: 'scheduled' | 'active') =>
      (await tenant.caller.sessions.list({ status })).data.map((s) => s.id);
    expect(await idsWith('active')).toEqual([]);
    h.clock.set(at(BASE_NOW, days(1)));
    expect(await idsWith('active')).toEqual([session.id]);
    expect(await idsWith('scheduled')).toEqual([]);
  });

  it('pages with limit and offset, and says when there is more', async () => {
    const tenant = await h.tenant();
    const ids = await oneOfEach(tenant);
    const first = await tenant.caller.sessions.list({ limit: 3 });
    const second = await tenant.caller.sessions.list({ limit: 3, offset: 3 });
    expect(first.data.map((s) => s.id)).toEqual([ids.cancelled, ids.scheduled, ids.active]);
    expect(first.pagination).toEqual({
      total: 4,
      limit: 3,
      offset: 0,
      has_more: true,
      next_starting_after: ids.active,
    });
    expect(second.data.map((s) => s.id)).toEqual([ids.completed]);
    expect(second.pagination).toEqual({
      total: 4,
      limit: 3,
      offset: 3,
      has_more: false,
      next_starting_after: null,
    });
  });

  it('never lists another account’s sessions', async () => {
    await oneOfEach(await h.tenant());
    const { caller } = await h.tenant();
    expect(await caller.sessions.list({})).toEqual({
      data: [],
      pagination: { total: 0, limit: 20, offset: 0, has_more: false, next_starting_after: null },
    });
  });

  it.each([
    [{ limit: 0 }, 'limit must be an integer between 1 and 100'],
    [{ limit: 101 }, 'limit must be an integer between 1 and 100'],
    [{ limit: 1.5 }, 'limit must be an integer between 1 and 100'],
    [{ offset: -1 }, 'offset must be an integer between 0 and 2147483647'],
    [{ status: 'ended' }, 'status must be one of: scheduled, active, completed, cancelled'],
  ])('400 VALIDATION_ERROR for %j', async (input, message) => {
    const { caller } = await h.tenant();
    const { code, message: actual } = await errorOf(caller.sessions.list(input as never));
    expect(code).toBe('VALIDATION_ERROR');
    expect(actual).toContain(message);
  });
});

describe('sessions.update', () => {
  it('cancels a scheduled session, keeping its dates', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, days(1), days(2));
    const updated = await tenant.caller.sessions.update({ id: session.id, status: 'cancelled' });
    expect(updated).toMatchObject({
      status: 'cancelled',
      start_date: iso(days(1)),
      end_date: iso(days(2)),
      return_date: iso(days(3)),
    });
  });

  it('completes an active session now: end_date becomes now and return_date now + 1 day', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, -days(1), days(3));
    h.clock.set(at(BASE_NOW, HOUR));
    const updated = await tenant.caller.sessions.update({ id: session.id, status: 'completed' });
    expect(updated).toMatchObject({
      status: 'completed',
      end_date: iso(HOUR),
      return_date: iso(HOUR + days(1)),
    });
  });

  it('moves the dates of a scheduled session; return_date follows end_date', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, days(1), days(2));
    const updated = await tenant.caller.sessions.update({
      id: session.id,
      start_date: iso(days(2)),
      end_date: iso(days(4)),
      auto_reply_message: 'Away',
    });
    expect(updated).toMatchObject({
      status: 'scheduled',
      start_date: iso(days(2)),
      end_date: iso(days(4)),
      return_date: iso(days(5)),
      auto_reply_message: 'Away',
    });
  });

  it('extends an active session', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, -days(1), days(1));
    const updated = await tenant.caller.sessions.update({ id: session.id, end_date: iso(days(2)) });
    expect(updated).toMatchObject({ status: 'active', end_date: iso(days(2)), return_date: iso(days(3)) });
  });

  it.each([
    [
      'cancelling an active session',
      [-days(1), days(1)],
      { status: 'cancelled' },
      'Only scheduled sessions can be cancelled; this session is active',
    ],
    [
      'completing a scheduled session',
      [days(1), days(2)],
      { status: 'completed' },
      'Only active sessions can be completed; this session is scheduled',
    ],
    [
      'any other status',
      [days(1), days(2)],
      { status: 'active' },
      'status must be one of: cancelled, completed',
    ],
    [
      'a status with new dates',
      [days(1), days(2)],
      { status: 'cancelled', end_date: iso(days(3)) },
      'status cannot be changed together with start_date, end_date or return_date',
    ],
    [
      'moving the start of an active session',
      [-days(1), days(1)],
      { start_date: iso(-days(2)) },
      'start_date cannot be changed because the session has already started',
    ],
    [
      'updating a completed session',
      [-days(3), -days(1)],
      { auto_reply_message: 'late' },
      'Only scheduled or active sessions can be updated; this session is completed',
    ],
    ['nothing to update', [days(1), days(2)], {}, 'Nothing to update'],
    [
      'an end before the start',
      [days(1), days(2)],
      { end_date: iso(HOUR) },
      'end_date must be after start_date',
    ],
  ] as const)('400 VALIDATION_ERROR for %s', async (_case, [start, end], patch, message) => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, start, end);
    expect(await errorOf(tenant.caller.sessions.update({ id: session.id, ...patch }))).toEqual({
      code: 'VALIDATION_ERROR',
      message,
    });
    const stored = await h.prisma.oooSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored).toEqual(session);
  });

  it('a cancelled session cannot be updated again', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, days(1), days(2), { cancelled: true });
    expect(await errorOf(tenant.caller.sessions.update({ id: session.id, status: 'cancelled' }))).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Only scheduled or active sessions can be updated; this session is cancelled',
    });
  });

  it('409 CONFLICT when an edit makes it overlap another session; touching is fine', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, days(1), days(2));
    const next = await sessionOf(tenant, days(3), days(4));
    expect(
      await errorOf(tenant.caller.sessions.update({ id: session.id, end_date: iso(days(3) + HOUR) })),
    ).toEqual({
      code: 'CONFLICT',
      message: `Overlaps OOO session ${next.id} (${iso(days(3))} to ${iso(days(4))})`,
    });
    expect(
      await errorOf(tenant.caller.sessions.update({ id: next.id, start_date: iso(days(2) - HOUR) })),
    ).toEqual({
      code: 'CONFLICT',
      message: `Overlaps OOO session ${session.id} (${iso(days(1))} to ${iso(days(2))})`,
    });
    expect(await h.prisma.oooSession.findUniqueOrThrow({ where: { id: next.id } })).toEqual(next);
    const touching = await tenant.caller.sessions.update({ id: session.id, end_date: iso(days(3)) });
    expect(touching.end_date).toBe(iso(days(3)));
  });

  it("404 NOT_FOUND for another account's session, which is left untouched", async () => {
    const other = await h.tenant();
    const session = await sessionOf(other, days(1), days(2));
    const { caller } = await h.tenant();
    expect(await errorOf(caller.sessions.update({ id: session.id, status: 'cancelled' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'OOO session not found',
    });
    expect((await other.caller.sessions.get({ id: session.id })).status).toBe('scheduled');
  });
});

describe('sessions.remove', () => {
  it('deletes a scheduled session, which is then not found', async () => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, days(1), days(2));
    expect(await tenant.caller.sessions.remove({ id: session.id })).toEqual({
      id: session.id,
      deleted: true,
    });
    expect(await codeOf(tenant.caller.sessions.get({ id: session.id }))).toBe('NOT_FOUND');
    expect(await codeOf(tenant.caller.sessions.remove({ id: session.id }))).toBe('NOT_FOUND');
  });

  it.each([
    [
      'active',
      [-days(1), days(1), false],
      'Only scheduled OOO sessions can be deleted; this one is active; end it with status "completed" instead',
    ],
    [
      'completed',
      [-days(3), -days(1), false],
      'Only scheduled OOO sessions can be deleted; this one is completed',
    ],
    [
      'cancelled',
      [days(1), days(2), true],
      'Only scheduled OOO sessions can be deleted; this one is cancelled',
    ],
  ] as const)('400 VALIDATION_ERROR for a %s session', async (_status, [start, end, cancelled], message) => {
    const tenant = await h.tenant();
    const session = await sessionOf(tenant, start, end, { cancelled });
    expect(await errorOf(tenant.caller.sessions.remove({ id: session.id }))).toEqual({
      code: 'VALIDATION_ERROR',
      message,
    });
    expect(await h.prisma.oooSession.count({ where: { id: session.id } })).toBe(1);
  });

  it("404 NOT_FOUND for another account's session, which is kept", async () => {
    const other = await h.tenant();
    const session = await sessionOf(other, days(1), days(2));
    const { caller } = await h.tenant();
    expect(await codeOf(caller.sessions.remove({ id: session.id }))).toBe('NOT_FOUND');
    expect(await h.prisma.oooSession.count({ where: { id: session.id } })).toBe(1);
  });
});
