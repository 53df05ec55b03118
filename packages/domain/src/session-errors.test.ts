// The details domain errors give a client: the one field a rule concerns, the overlapped session.
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { overlapError, planCreate, planUpdate, type SessionState } from './session.ts';

const NOW = new Date('2026-03-15T10:00:00.000Z');
const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const scheduled: SessionState = {
  startDate: day(2),
  endDate: day(5),
  returnDate: day(6),
  autoReplyMessage: null,
  cancelledAt: null,
};
const active: SessionState = { ...scheduled, startDate: day(-1) };

describe('validation errors name their field', () => {
  it.each([
    ['end before start', () => planCreate({ startDate: day(3), endDate: day(2) }, NOW), 'end_date'],
    ['end in the past', () => planCreate({ startDate: day(-3), endDate: day(-2) }, NOW), 'end_date'],
    ['an invalid start', () => planCreate({ startDate: new Date('x'), endDate: day(2) }, NOW), 'start_date'],
    [
      'return before end',
      () => planCreate({ startDate: day(1), endDate: day(3), returnDate: day(2) }, NOW),
      'return_date',
    ],
    [
      'a reply that is not text',
      () => planCreate({ startDate: day(1), endDate: day(3), autoReplyMessage: 5 as never }, NOW),
      'auto_reply_message',
    ],
    ['an unknown status', () => planUpdate(scheduled, { status: 'paused' }, NOW), 'status'],
    [
      'moving the start of an active session',
      () => planUpdate(active, { startDate: day(0) }, NOW),
      'start_date',
    ],
  ])('%s -> %s', (_label, run, field) => {
    const error = thrown(run);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details).toEqual({ fields: [{ field, message: error.message }] });
  });

  it('a rule about no one field has no details', () => {
    expect(thrown(() => planUpdate(scheduled, {}, NOW)).details).toBeUndefined();
  });
});

describe('overlapError', () => {
  it('is a CONFLICT whose details are the facts of its message', () => {
    const error = overlapError({ id: 'sess_x', startDate: day(1), endDate: day(4) });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      `Overlaps OOO session sess_x (${day(1).toISOString()} to ${day(4).toISOString()})`,
    );
    expect(error.details).toEqual({
      conflicting_session: { id: 'sess_x', start_date: day(1).toISOString(), end_date: day(4).toISOString() },
    });
  });
});
