/**
 * Time helpers. The dashboard shows and takes every date in the account's IANA time zone, not the
 * browser's: a `<input type="datetime-local">` value ("2026-03-29T09:30") is a wall-clock time in
 * that zone, converted here to and from the ISO UTC instants that the API speaks.
 */

import { wallClockAt, wallClockToInstant } from '@drift/domain/time-zone';

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * A datetime-local value read as a wall-clock time in `timeZone`, as an ISO UTC string; null when
 * the value is empty or malformed. A time that occurs twice is the earlier instant, a time skipped
 * by clocks going forward moves forward by the gap (see wallClockToInstant).
 */
export function zonedLocalToUtcIso(local: string, timeZone: string): string | null {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const wall = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second ?? 0),
  };
  // Date.UTC would roll 30 February over into March: such a value is malformed, not a date.
  const civil = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (civil.getUTCMonth() !== wall.month - 1 || civil.getUTCDate() !== wall.day) return null;
  return wallClockToInstant(wall, timeZone).toISOString();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** An ISO instant as a datetime-local value ("YYYY-MM-DDTHH:mm") in `timeZone`. */
export function utcIsoToZonedLocal(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/** "Fri 20 Mar 2026, 09:00" in `timeZone`. */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  const key = timeZone;
  let formatter = displayFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    displayFormatters.set(key, formatter);
  }
  return formatter.format(new Date(instant));
}

/**
 * A duration as the dashboard's countdowns say it: "2 d 3 h", "3 h 12 min", "12 min 5 s", "45 s".
 * Negative durations read as zero.
 */
export function durationText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

export type CountdownStatus = 'scheduled' | 'active' | 'completed' | 'cancelled';

/**
 * What a session's live countdown says at `now`: "starts in 2 d 3 h" for a scheduled one,
 * "running, ends in 5 h 2 min" for an active one; null for the others. A countdown that has run
 * out says so until the list is refreshed ("starting now", "ending now").
 */
export function countdownText(
  session: { status: CountdownStatus; start_date: string; end_date: string },
  now: number,
): string | null {
  if (session.status === 'scheduled') {
    const left = Date.parse(session.start_date) - now;
    return left > 0 ? `starts in ${durationText(left)}` : 'starting now';
  }
  if (session.status === 'active') {
    const left = Date.parse(session.end_date) - now;
    return left > 0 ? `running, ends in ${durationText(left)}` : 'ending now';
  }
  return null;
}

/** "3 h 20 min" for minutes saved. */
export function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "29 Nov – 2 Dec 2026" in `timeZone`, for titles. */
export function dateRange(startIso: string, endIso: string, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const full = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
  const start = new Date(startIso);
  const end = new Date(endIso);
  const sameYear = full.format(start).slice(-4) === full.format(end).slice(-4);
  const first = sameYear ? day.format(start) : full.format(start);
  const last = full.format(end);
  return first === day.format(end) && sameYear ? last : `${first} – ${last}`;
}
