// Triage's view of the wall clock: minutes of the day and civil-date arithmetic for deadlines. The
// zone math itself (IANA names and fixed offsets such as "+01:00") is @drift/domain/time-zone's.
import { wallClockAt, wallClockToInstant } from '@drift/domain/time-zone';

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  minutes: number; // minutes since local midnight
}

export function localParts(instant: Date, zone: string): LocalParts {
  const { year, month, day, weekday, hour, minute } = wallClockAt(instant, zone);
  return { year, month, day, weekday, minutes: hour * 60 + minute };
}

/** The instant at which the wall clock in `zone` shows the given civil date and minute of day. */
export function wallTimeToInstant(
  year: number,
  month: number,
  day: number,
  minutes: number,
  zone: string,
): Date {
  // Date.UTC normalises minutes past 24 hours onto the following days.
  const civil = new Date(Date.UTC(year, month - 1, day, 0, minutes));
  return wallClockToInstant(
    {
      year: civil.getUTCFullYear(),
      month: civil.getUTCMonth() + 1,
      day: civil.getUTCDate(),
      hour: civil.getUTCHours(),
      minute: civil.getUTCMinutes(),
      second: 0,
    },
    zone,
  );
}

/** Civil date arithmetic (days may overflow months; Date.UTC normalises). */
export function addDays(
  year: number,
  month: number,
  day: number,
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Offset zone ("+01:00") of an RFC 5322 Date header value, or null. */
export function offsetZoneOfDateHeader(value: string | undefined): string | null {
  const m = value?.match(/\s([+-])(\d{2})(\d{2})\s*(?:\([^)]*\))?\s*$/);
  if (!m) return null;
  return `${m[1]}${m[2]}:${m[3]}`;
}
