import { describe, expect, it } from 'vitest';
import { catchDomainError } from './domain-error.test-util.ts';
import { AUTO_REPLY_MAX_LENGTH } from './limits.ts';
import {
  findOverlap,
  intervalsOverlap,
  overlapMessage,
  planCreate,
  planUpdate,
  SESSION_STATUSES,
  type SessionPatch,
  type SessionState,
  type SessionStatus,
  sessionStatus,
} from './session.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-03-20T12:00:00.000Z');

/** A Date `ms` milliseconds from NOW. */
function t(ms: number): Date {
  return new Date(NOW.getTime() + ms);
}

function session(status: SessionStatus): SessionState {
  const base = { autoReplyMessage: 'Away', cancelledAt: null };
  switch (status) {
    case 'scheduled':
      return { ...base, startDate: t(DAY), endDate: t(8 * DAY), returnDate: t(9 * DAY) };
    case 'active':
      return { ...base, startDate: t(-DAY), endDate: t(6 * DAY), returnDate: t(7 * DAY) };
    case 'completed':
      return { ...base, startDate: t(-8 * DAY), endDate: t(-DAY), returnDate: t(0) };
    case 'cancelled':
      return {
        ...base,
        startDate: t(DAY),
        endDate: t(8 * DAY),
        returnDate: t(9 * DAY),
        cancelledAt: t(-HOUR),
      };
  }
}

describe('session fixtures', () => {
  it.each(SESSION_STATUSES)('%s fixture derives its own status', (status) => {
    expect(sessionStatus(session(status), NOW)).toBe(status);
  });
});

describe('sessionStatus boundaries', () => {
  const s = { startDate: t(0), endDate: t(DAY), cancelledAt: null };

  it.each([
    ['1ms before start', t(-1), 'scheduled'],
    ['exactly at start', t(0), 'active'],
    ['1ms after start', t(1), 'active'],
    ['1ms before end', t(DAY - 1), 'active'],
    ['exactly at end', t(DAY), 'completed'],
    ['long after end', t(30 * DAY), 'completed'],
  ] as const)('%s -> %s', (_label, now, expected) => {
    expect(sessionStatus(s, now)).toBe(expected);
  });

  it.each([t(-1), t(0), t(DAY - 1), t(DAY), t(30 * DAY)])('cancelled wins at %s', (now) => {
    expect(sessionStatus({ ...s, cancelledAt: t(-DAY) }, now)).toBe('cancelled');
  });
});

describe('planCreate', () => {
  it('defaults returnDate to end + 24h and autoReplyMessage to null', () => {
    expect(planCreate({ startDate: t(DAY), endDate: t(3 * DAY) }, NOW)).toEqual({
      startDate: t(DAY),
      endDate: t(3 * DAY),
      returnDate: t(4 * DAY),
      autoReplyMessage: null,
    });
  });

  it('treats an explicit null returnDate like an omitted one', () => {
    expect(planCreate({ startDate: t(DAY), endDate: t(3 * DAY), returnDate: null }, NOW).returnDate).toEqual(
      t(4 * DAY),
    );
  });

  it.each([
    ['equal to end', 3 * DAY],
    ['after end', 10 * DAY],
  ])('keeps a returnDate %s', (_label, offset) => {
    expect(
      planCreate({ startDate: t(DAY), endDate: t(3 * DAY), returnDate: t(offset) }, NOW).returnDate,
    ).toEqual(t(offset));
  });

  it('allows a start in the past, giving an immediately active session', () => {
    const plan = planCreate({ startDate: t(-5 * DAY), endDate: t(DAY) }, NOW);
    expect(sessionStatus({ ...plan, cancelledAt: null }, NOW)).toBe('active');
  });

  it('copies dates so later mutation of the input cannot leak in', () => {
    const input = { startDate: t(DAY), endDate: t(3 * DAY) };
    const plan = planCreate(input, NOW);
    input.endDate.setTime(0);
    expect(plan.endDate).toEqual(t(3 * DAY));
  });

  it.each([
    ['end equal to start', { startDate: t(DAY), endDate: t(DAY) }, 'end_date must be after start_date'],
    ['end before start', { startDate: t(2 * DAY), endDate: t(DAY) }, 'end_date must be after start_date'],
    ['end equal to now', { startDate: t(-DAY), endDate: t(0) }, 'end_date must be in the future'],
    ['end in the past', { startDate: t(-3 * DAY), endDate: t(-DAY) }, 'end_date must be in the future'],
    [
      'return before end',
      { startDate: t(DAY), endDate: t(3 * DAY), returnDate: t(3 * DAY - 1) },
      'return_date must not be before end_date',
    ],
    ['invalid start', { startDate: new Date('nope'), endDate: t(DAY) }, 'start_date must be a valid date'],
    ['invalid end', { startDate: t(DAY), endDate: new Date(Number.NaN) }, 'end_date must be a valid date'],
    [
      'invalid return',
      { startDate: t(DAY), endDate: t(2 * DAY), returnDate: new Date('x') },
      'return_date must be a valid date',
    ],
    [
      'non-Date start',
      { startDate: '2026-03-21' as unknown as Date, endDate: t(2 * DAY) },
      'start_date must be a valid date',
    ],
  ])('rejects %s', (_label, input, message) => {
    const e = catchDomainError(() => planCreate(input, NOW));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe(message);
  });

  it.each([
    ['trims', '  Back Monday  ', 'Back Monday'],
    ['empty means no auto-reply', '', ''],
    ['whitespace-only means no auto-reply', ' \n\t ', ''],
    ['null stays null', null, null],
    ['exactly at the limit', 'x'.repeat(AUTO_REPLY_MAX_LENGTH), 'x'.repeat(AUTO_REPLY_MAX_LENGTH)],
    [
      'at the limit once trimmed',
      ` ${'x'.repeat(AUTO_REPLY_MAX_LENGTH)} `,
      'x'.repeat(AUTO_REPLY_MAX_LENGTH),
    ],
    ['counts emoji as one character', '😀'.repeat(AUTO_REPLY_MAX_LENGTH), '😀'.repeat(AUTO_REPLY_MAX_LENGTH)],
  ])('autoReplyMessage: %s', (_label, autoReplyMessage, expected) => {
    expect(
      planCreate({ startDate: t(DAY), endDate: t(2 * DAY), autoReplyMessage }, NOW).autoReplyMessage,
    ).toBe(expected);
  });

  it('rejects an autoReplyMessage over the limit', () => {
    expect(AUTO_REPLY_MAX_LENGTH).toBe(5000);
    const e = catchDomainError(() =>
      planCreate({ startDate: t(DAY), endDate: t(2 * DAY), autoReplyMessage: 'x'.repeat(5001) }, NOW),
    );
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe('auto_reply_message must be at most 5000 characters');
  });
});

describe('planUpdate transition matrix', () => {
  const NOT_UPDATABLE = 'Only scheduled or active sessions can be updated; this session is';
  const BAD_STATUS = 'status must be one of: cancelled, completed';

  const actions: Record<string, SessionPatch> = {
    cancel: { status: 'cancelled' },
    complete: { status: 'completed' },
    'status=active': { status: 'active' },
    'status=scheduled': { status: 'scheduled' },
    'status=bogus': { status: 'bogus' },
    'status=""': { status: '' },
    'move start later': { startDate: t(2 * DAY) },
    'extend end': { endDate: t(10 * DAY) },
    'set return': { returnDate: t(20 * DAY) },
    'edit auto-reply': { autoReplyMessage: 'New text' },
  };

  const expected: Record<SessionStatus, Record<string, string>> = {
    scheduled: {
      cancel: 'ok',
      complete: 'Only active sessions can be completed; this session is scheduled',
      'status=active': BAD_STATUS,
      'status=scheduled': BAD_STATUS,
      'status=bogus': BAD_STATUS,
      'status=""': BAD_STATUS,
      'move start later': 'ok',
      'extend end': 'ok',
      'set return': 'ok',
      'edit auto-reply': 'ok',
    },
    active: {
      cancel: 'Only scheduled sessions can be cancelled; this session is active',
      complete: 'ok',
      'status=active': BAD_STATUS,
      'status=scheduled': BAD_STATUS,
      'status=bogus': BAD_STATUS,
      'status=""': BAD_STATUS,
      'move start later': 'start_date cannot be changed because the session has already started',
      'extend end': 'ok',
      'set return': 'ok',
      'edit auto-reply': 'ok',
    },
    completed: Object.fromEntries(Object.keys(actions).map((a) => [a, `${NOT_UPDATABLE} completed`])),
    cancelled: Object.fromEntries(Object.keys(actions).map((a) => [a, `${NOT_UPDATABLE} cancelled`])),
  };

  const rows = SESSION_STATUSES.flatMap((status) =>
    Object.entries(actions).map(([name, patch]) => [status, name, patch, expected[status][name]] as const),
  );

  it.each(rows)('%s + %s -> %s', (status, _name, patch, outcome) => {
    if (outcome === 'ok') {
      expect(() => planUpdate(session(status), patch, NOW)).not.toThrow();
    } else {
      const e = catchDomainError(() => planUpdate(session(status), patch, NOW));
      expect(e.code).toBe('VALIDATION_ERROR');
      expect(e.message).toBe(outcome);
    }
  });
});

describe('planUpdate status changes', () => {
  it('cancelling a scheduled session stamps cancelledAt and keeps the dates', () => {
    const current = session('scheduled');
    expect(planUpdate(current, { status: 'cancelled' }, NOW)).toEqual({
      startDate: current.startDate,
      endDate: current.endDate,
      returnDate: current.returnDate,
      autoReplyMessage: 'Away',
      cancelledAt: NOW,
      endedEarlyAt: null,
    });
  });

  it('completing an active session ends it now and records endedEarlyAt', () => {
    const current = session('active');
    expect(planUpdate(current, { status: 'completed' }, NOW)).toEqual({
      startDate: current.startDate,
      endDate: NOW,
      returnDate: t(DAY),
      autoReplyMessage: 'Away',
      cancelledAt: null,
      endedEarlyAt: NOW,
    });
  });

  it('completing a session that started exactly now is allowed', () => {
    const current = { ...session('active'), startDate: t(0) };
    expect(planUpdate(current, { status: 'completed' }, NOW).endDate).toEqual(NOW);
  });

  it.each([
    ['cancel', 'scheduled', 'cancelled'],
    ['complete', 'active', 'completed'],
  ] as const)('%s may carry an auto_reply_message change', (_label, from, status) => {
    expect(planUpdate(session(from), { status, autoReplyMessage: '  Bye  ' }, NOW).autoReplyMessage).toBe(
      'Bye',
    );
  });

  it.each([
    ['cancel + start_date', 'scheduled', { status: 'cancelled', startDate: t(2 * DAY) }],
    ['cancel + end_date', 'scheduled', { status: 'cancelled', endDate: t(10 * DAY) }],
    ['cancel + return_date', 'scheduled', { status: 'cancelled', returnDate: t(20 * DAY) }],
    ['complete + end_date', 'active', { status: 'completed', endDate: t(10 * DAY) }],
    ['complete + return_date', 'active', { status: 'completed', returnDate: t(20 * DAY) }],
    ['complete + start_date', 'active', { status: 'completed', startDate: t(-2 * DAY) }],
  ] as const)('refuses %s', (_label, from, patch) => {
    const e = catchDomainError(() => planUpdate(session(from), patch, NOW));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe('status cannot be changed together with start_date, end_date or return_date');
  });

  it('allows a status change alongside dates equal to their current values', () => {
    const current = session('scheduled');
    const change = planUpdate(
      current,
      {
        status: 'cancelled',
        startDate: new Date(current.startDate),
        endDate: new Date(current.endDate),
        returnDate: new Date(current.returnDate),
      },
      NOW,
    );
    expect(change.cancelledAt).toEqual(NOW);
    expect(change.endDate).toEqual(current.endDate);
  });
});

describe('planUpdate date edits', () => {
  it('rejects an empty patch', () => {
    const e = catchDomainError(() => planUpdate(session('scheduled'), {}, NOW));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe('Nothing to update');
  });

  it('treats explicitly undefined fields as absent', () => {
    const patch = { startDate: undefined, endDate: undefined, status: undefined };
    expect(catchDomainError(() => planUpdate(session('active'), patch, NOW)).message).toBe(
      'Nothing to update',
    );
  });

  it('moves a scheduled session without touching returnDate when the end is unchanged', () => {
    const current = session('scheduled');
    expect(planUpdate(current, { startDate: t(2 * DAY) }, NOW)).toEqual({
      ...current,
      startDate: t(2 * DAY),
      cancelledAt: null,
      endedEarlyAt: null,
    });
  });

  it('recomputes returnDate as end + 24h when the end changes and no returnDate is given', () => {
    const change = planUpdate(session('scheduled'), { endDate: t(10 * DAY) }, NOW);
    expect(change.endDate).toEqual(t(10 * DAY));
    expect(change.returnDate).toEqual(t(11 * DAY));
  });

  it('recomputes returnDate even when the end moves earlier', () => {
    const change = planUpdate(session('active'), { endDate: t(2 * DAY) }, NOW);
    expect(change.returnDate).toEqual(t(3 * DAY));
  });

  it('keeps an explicit returnDate given with a new end', () => {
    const change = planUpdate(session('scheduled'), { endDate: t(10 * DAY), returnDate: t(12 * DAY) }, NOW);
    expect(change.returnDate).toEqual(t(12 * DAY));
  });

  it('keeps returnDate when end_date is re-sent unchanged', () => {
    const current = session('scheduled');
    expect(planUpdate(current, { endDate: new Date(current.endDate) }, NOW).returnDate).toEqual(
      current.returnDate,
    );
  });

  it('accepts a returnDate equal to the resulting end', () => {
    const current = session('active');
    expect(planUpdate(current, { returnDate: current.endDate }, NOW).returnDate).toEqual(current.endDate);
  });

  it('lets a scheduled session move its start into the past, becoming active', () => {
    const change = planUpdate(session('scheduled'), { startDate: t(-HOUR) }, NOW);
    expect(sessionStatus({ ...change, cancelledAt: null }, NOW)).toBe('active');
  });

  it('lets an active session re-send its current start_date', () => {
    const current = session('active');
    const change = planUpdate(current, { startDate: new Date(current.startDate), endDate: t(3 * DAY) }, NOW);
    expect(change.startDate).toEqual(current.startDate);
    expect(change.endDate).toEqual(t(3 * DAY));
  });

  it('changes only the auto-reply when only it is given', () => {
    const current = session('active');
    expect(planUpdate(current, { autoReplyMessage: 'Hi' }, NOW)).toEqual({
      ...current,
      autoReplyMessage: 'Hi',
      cancelledAt: null,
      endedEarlyAt: null,
    });
  });

  it.each([
    ['null goes back to the standard reply', null, null],
    ['blank turns it off', '   ', ''],
    ['trimmed', '\n Out \n', 'Out'],
  ])('auto-reply %s', (_label, autoReplyMessage, expected) => {
    expect(planUpdate(session('scheduled'), { autoReplyMessage }, NOW).autoReplyMessage).toBe(expected);
  });

  it.each([
    ['active: end equal to now', 'active', { endDate: t(0) }, 'end_date must be in the future'],
    ['active: end in the past', 'active', { endDate: t(-HOUR) }, 'end_date must be in the future'],
    [
      'active: start moved earlier',
      'active',
      { startDate: t(-2 * DAY) },
      'start_date cannot be changed because the session has already started',
    ],
    [
      'scheduled: end before current start',
      'scheduled',
      { endDate: t(HOUR) },
      'end_date must be after start_date',
    ],
    [
      'scheduled: start after current end',
      'scheduled',
      { startDate: t(9 * DAY) },
      'end_date must be after start_date',
    ],
    [
      'scheduled: start equal to new end',
      'scheduled',
      { startDate: t(3 * DAY), endDate: t(3 * DAY) },
      'end_date must be after start_date',
    ],
    [
      'scheduled: both moved into the past',
      'scheduled',
      { startDate: t(-3 * DAY), endDate: t(-DAY) },
      'end_date must be in the future',
    ],
    [
      'scheduled: return before current end',
      'scheduled',
      { returnDate: t(8 * DAY - 1) },
      'return_date must not be before end_date',
    ],
    [
      'scheduled: return before new end',
      'scheduled',
      { endDate: t(10 * DAY), returnDate: t(9 * DAY) },
      'return_date must not be before end_date',
    ],
    [
      'active: return before end',
      'active',
      { returnDate: t(DAY) },
      'return_date must not be before end_date',
    ],
    ['invalid start', 'scheduled', { startDate: new Date('bad') }, 'start_date must be a valid date'],
    ['invalid end', 'active', { endDate: new Date(Number.NaN) }, 'end_date must be a valid date'],
    ['invalid return', 'active', { returnDate: new Date('bad') }, 'return_date must be a valid date'],
    [
      'auto-reply too long',
      'active',
      { autoReplyMessage: 'x'.repeat(5001) },
      'auto_reply_message must be at most 5000 characters',
    ],
  ] as const)('refuses %s', (_label, from, patch, message) => {
    const e = catchDomainError(() => planUpdate(session(from), patch, NOW));
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(e.message).toBe(message);
  });

  it('never reports endedEarlyAt for plain edits', () => {
    expect(planUpdate(session('active'), { endDate: t(HOUR) }, NOW).endedEarlyAt).toBeNull();
  });

  it('refuses updates once the clock passes the end', () => {
    const current = session('active');
    const e = catchDomainError(() => planUpdate(current, { autoReplyMessage: 'x' }, current.endDate));
    expect(e.message).toBe('Only scheduled or active sessions can be updated; this session is completed');
  });
});

describe('intervalsOverlap', () => {
  const base = { start: t(10 * HOUR), end: t(20 * HOUR) };
  const iv = (s: number, e: number) => ({ start: t(s * HOUR), end: t(e * HOUR) });

  it.each([
    ['touching on the left', iv(0, 10), false],
    ['touching on the right', iv(20, 30), false],
    ['disjoint before', iv(0, 5), false],
    ['disjoint after', iv(25, 30), false],
    ['enclosing', iv(5, 25), true],
    ['enclosed', iv(12, 18), true],
    ['identical', iv(10, 20), true],
    ['same start, shorter', iv(10, 15), true],
    ['same end, shorter', iv(15, 20), true],
    ['overlapping the start', iv(5, 11), true],
    ['overlapping the end', iv(19, 30), true],
    ['empty interval inside', iv(15, 15), false],
  ])('%s -> %s (both argument orders)', (_label, other, expected) => {
    expect(intervalsOverlap(base, other)).toBe(expected);
    expect(intervalsOverlap(other, base)).toBe(expected);
  });

  it('detects a 1ms overlap', () => {
    expect(intervalsOverlap(base, { start: new Date(base.end.getTime() - 1), end: t(30 * HOUR) })).toBe(true);
  });
});

describe('findOverlap', () => {
  const row = (id: string, s: number, e: number, cancelledAt: Date | null = null) => ({
    id,
    startDate: t(s * DAY),
    endDate: t(e * DAY),
    cancelledAt,
  });
  const candidate = { start: t(10 * DAY), end: t(20 * DAY) };

  it('returns undefined when nothing overlaps, including touching sessions', () => {
    expect(findOverlap(candidate, [row('a', 0, 10), row('b', 20, 30)])).toBeUndefined();
    expect(findOverlap(candidate, [])).toBeUndefined();
  });

  it('returns the overlapping session', () => {
    const hit = row('b', 15, 25);
    expect(findOverlap(candidate, [row('a', 0, 10), hit])).toBe(hit);
  });

  it('ignores cancelled sessions', () => {
    expect(findOverlap(candidate, [row('a', 12, 18, t(-DAY))])).toBeUndefined();
  });

  it('ignores the session being updated', () => {
    const other = row('b', 18, 22);
    expect(findOverlap(candidate, [row('self', 10, 20), other], 'self')).toBe(other);
    expect(findOverlap(candidate, [row('self', 10, 20)], 'self')).toBeUndefined();
  });

  it('does not skip anything when ignoreId is absent', () => {
    const self = row('self', 10, 20);
    expect(findOverlap(candidate, [self])).toBe(self);
  });

  it('returns the earliest-starting conflict regardless of input order', () => {
    const late = row('late', 18, 30);
    const early = row('early', 5, 11);
    expect(findOverlap(candidate, [late, early])).toBe(early);
    expect(findOverlap(candidate, [early, late])).toBe(early);
  });
});

describe('overlapMessage', () => {
  it('names the session and its ISO dates', () => {
    expect(
      overlapMessage({
        id: 'sess_x',
        startDate: new Date('2026-03-20T00:00:00.000Z'),
        endDate: new Date('2026-03-27T00:00:00.000Z'),
      }),
    ).toBe('Overlaps OOO session sess_x (2026-03-20T00:00:00.000Z to 2026-03-27T00:00:00.000Z)');
  });
});
