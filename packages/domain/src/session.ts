import { DomainError, type ErrorDetails, fieldDetails } from './errors.ts';
import { AUTO_REPLY_MAX_LENGTH } from './limits.ts';
import { toIso } from './time.ts';

export const SESSION_STATUSES = ['scheduled', 'active', 'completed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface SessionState {
  startDate: Date;
  endDate: Date;
  returnDate: Date;
  autoReplyMessage: string | null;
  cancelledAt: Date | null;
}

export function sessionStatus(
  s: Pick<SessionState, 'startDate' | 'endDate' | 'cancelledAt'>,
  now: Date,
): SessionStatus {
  if (s.cancelledAt) return 'cancelled';
  const t = now.getTime();
  if (t < s.startDate.getTime()) return 'scheduled';
  if (t < s.endDate.getTime()) return 'active';
  return 'completed';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A validation error; `field` names the one request field it concerns, for the error's details. */
function invalid(message: string, field?: string): DomainError {
  return new DomainError('VALIDATION_ERROR', message, field ? { details: fieldDetails(field, message) } : {});
}

function assertValidDate(value: unknown, field: string): asserts value is Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid(`${field} must be a valid date`, field);
  }
}

function normaliseAutoReply(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string')
    throw invalid('auto_reply_message must be a string or null', 'auto_reply_message');
  // Blank is the owner's choice of no auto-reply for the session (null is the standard reply).
  const trimmed = value.trim();
  if (trimmed === '') return '';
  // Counted in code points so emoji are one character each, matching Postgres varchar(n) semantics.
  if ([...trimmed].length > AUTO_REPLY_MAX_LENGTH) {
    throw invalid(
      `auto_reply_message must be at most ${AUTO_REPLY_MAX_LENGTH} characters`,
      'auto_reply_message',
    );
  }
  return trimmed;
}

function addDay(d: Date): Date {
  return new Date(d.getTime() + DAY_MS);
}

function sameInstant(a: Date, b: Date): boolean {
  return a.getTime() === b.getTime();
}

function assertEndAfterStart(start: Date, end: Date): void {
  if (end.getTime() <= start.getTime()) throw invalid('end_date must be after start_date', 'end_date');
}

function assertEndInFuture(end: Date, now: Date): void {
  if (end.getTime() <= now.getTime()) throw invalid('end_date must be in the future', 'end_date');
}

function assertReturnNotBeforeEnd(returnDate: Date, end: Date): void {
  if (returnDate.getTime() < end.getTime())
    throw invalid('return_date must not be before end_date', 'return_date');
}

export interface CreateSessionInput {
  startDate: Date;
  endDate: Date;
  returnDate?: Date | null;
  autoReplyMessage?: string | null;
}

export function planCreate(input: CreateSessionInput, now: Date): Omit<SessionState, 'cancelledAt'> {
  assertValidDate(input.startDate, 'start_date');
  assertValidDate(input.endDate, 'end_date');
  const startDate = new Date(input.startDate.getTime());
  const endDate = new Date(input.endDate.getTime());
  assertEndAfterStart(startDate, endDate);
  assertEndInFuture(endDate, now);

  let returnDate: Date;
  if (input.returnDate === undefined || input.returnDate === null) {
    returnDate = addDay(endDate);
  } else {
    assertValidDate(input.returnDate, 'return_date');
    returnDate = new Date(input.returnDate.getTime());
    assertReturnNotBeforeEnd(returnDate, endDate);
  }

  return { startDate, endDate, returnDate, autoReplyMessage: normaliseAutoReply(input.autoReplyMessage) };
}

export interface SessionPatch {
  startDate?: Date;
  endDate?: Date;
  returnDate?: Date;
  autoReplyMessage?: string | null;
  status?: string;
}

export interface SessionChange {
  startDate: Date;
  endDate: Date;
  returnDate: Date;
  autoReplyMessage: string | null;
  cancelledAt: Date | null;
  endedEarlyAt: Date | null;
}

const SETTABLE_STATUSES = ['cancelled', 'completed'] as const;

export function planUpdate(current: SessionState, patch: SessionPatch, now: Date): SessionChange {
  const status = sessionStatus(current, now);
  if (status !== 'scheduled' && status !== 'active') {
    throw invalid(`Only scheduled or active sessions can be updated; this session is ${status}`);
  }

  const given = {
    startDate: patch.startDate !== undefined,
    endDate: patch.endDate !== undefined,
    returnDate: patch.returnDate !== undefined,
    autoReplyMessage: patch.autoReplyMessage !== undefined,
    status: patch.status !== undefined,
  };
  if (!Object.values(given).some(Boolean)) throw invalid('Nothing to update');

  if (given.startDate) assertValidDate(patch.startDate, 'start_date');
  if (given.endDate) assertValidDate(patch.endDate, 'end_date');
  if (given.returnDate) assertValidDate(patch.returnDate, 'return_date');

  const autoReplyMessage = given.autoReplyMessage
    ? normaliseAutoReply(patch.autoReplyMessage)
    : current.autoReplyMessage;

  // Re-sending a date's current value is a no-op, so clients that echo the whole resource still work.
  const startChanged = patch.startDate !== undefined && !sameInstant(patch.startDate, current.startDate);
  const endChanged = patch.endDate !== undefined && !sameInstant(patch.endDate, current.endDate);
  const returnChanged = patch.returnDate !== undefined && !sameInstant(patch.returnDate, current.returnDate);

  if (patch.status !== undefined) {
    const target = patch.status;
    if (!(SETTABLE_STATUSES as readonly unknown[]).includes(target)) {
      throw invalid(`status must be one of: ${SETTABLE_STATUSES.join(', ')}`, 'status');
    }
    if (startChanged || endChanged || returnChanged) {
      throw invalid('status cannot be changed together with start_date, end_date or return_date');
    }
    if (target === 'cancelled') {
      if (status !== 'scheduled') {
        throw invalid(`Only scheduled sessions can be cancelled; this session is ${status}`);
      }
      return {
        startDate: new Date(current.startDate.getTime()),
        endDate: new Date(current.endDate.getTime()),
        returnDate: new Date(current.returnDate.getTime()),
        autoReplyMessage,
        cancelledAt: new Date(now.getTime()),
        endedEarlyAt: null,
      };
    }
    if (status !== 'active') {
      throw invalid(`Only active sessions can be completed; this session is ${status}`);
    }
    const endDate = new Date(now.getTime());
    return {
      startDate: new Date(current.startDate.getTime()),
      endDate,
      // The end moved, so the same "end + 1 day" default as any other end_date change applies.
      returnDate: addDay(endDate),
      autoReplyMessage,
      cancelledAt: null,
      endedEarlyAt: new Date(now.getTime()),
    };
  }

  if (status === 'active' && startChanged) {
    throw invalid('start_date cannot be changed because the session has already started', 'start_date');
  }

  const startDate = new Date((patch.startDate ?? current.startDate).getTime());
  const endDate = new Date((patch.endDate ?? current.endDate).getTime());
  if (startChanged || endChanged) {
    assertEndAfterStart(startDate, endDate);
    assertEndInFuture(endDate, now);
  }

  let returnDate: Date;
  if (patch.returnDate !== undefined) {
    returnDate = new Date(patch.returnDate.getTime());
    assertReturnNotBeforeEnd(returnDate, endDate);
  } else if (endChanged) {
    returnDate = addDay(endDate);
  } else {
    returnDate = new Date(current.returnDate.getTime());
  }

  return { startDate, endDate, returnDate, autoReplyMessage, cancelledAt: null, endedEarlyAt: null };
}

export interface Interval {
  start: Date;
  end: Date;
}

export function intervalsOverlap(a: Interval, b: Interval): boolean {
  const [as, ae, bs, be] = [a.start.getTime(), a.end.getTime(), b.start.getTime(), b.end.getTime()];
  // Empty intervals contain no instant, so they cannot overlap anything.
  return as < ae && bs < be && as < be && bs < ae;
}

export function findOverlap<
  T extends { id: string; startDate: Date; endDate: Date; cancelledAt: Date | null },
>(candidate: Interval, existing: readonly T[], ignoreId?: string): T | undefined {
  let earliest: T | undefined;
  for (const s of existing) {
    if (s.cancelledAt || (ignoreId !== undefined && s.id === ignoreId)) continue;
    if (!intervalsOverlap(candidate, { start: s.startDate, end: s.endDate })) continue;
    // Earliest start wins so the reported conflict does not depend on the caller's row order.
    if (earliest === undefined || s.startDate.getTime() < earliest.startDate.getTime()) earliest = s;
  }
  return earliest;
}

export function overlapMessage(other: { id: string; startDate: Date; endDate: Date }): string {
  return `Overlaps OOO session ${other.id} (${toIso(other.startDate)} to ${toIso(other.endDate)})`;
}

/** The CONFLICT for a session overlapping `other`: its message, and the same facts as details. */
export function overlapError(other: { id: string; startDate: Date; endDate: Date }): DomainError {
  const details: ErrorDetails = {
    conflicting_session: { id: other.id, start_date: toIso(other.startDate), end_date: toIso(other.endDate) },
  };
  return new DomainError('CONFLICT', overlapMessage(other), { details });
}
