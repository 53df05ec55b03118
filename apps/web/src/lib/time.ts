/**
 * Time helpers. The dashboard shows and takes every date in the account's IANA time zone, not the
 * browser's: a `<input type="datetime-local">` value ("2026-03-29T09:30") is a wall-clock time in
 * that zone, converted here to and from the ISO UTC instants that the API speaks.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of `instant` in `timeZone`. */
function wallClockAt(instant: number, timeZone: string): WallClock {
  const values: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 1970,
    month: values.month ?? 1,
    day: values.day ?? 1,
    // Some engines print midnight as 24 even with h23.
    hour: (values.hour ?? 0) % 24,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

function wallClockAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in summer: +2 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClockAsUtc(wallClockAt(whole, timeZone)) - whole;
}

/** Whether `timeZone` is an IANA zone this browser knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A datetime-local value read as a wall-clock time in `timeZone`, as an ISO UTC string; null when
 * the value is empty or malformed. Like Temporal's "compatible" disambiguation: a time that occurs
 * twice (clocks going back) is the earlier instant; a time skipped by clocks going forward is moved
 * forward by the gap (02:30 on the spring-forward night in Berlin is 03:30 CEST).
 */
export function zonedLocalToUtcIso(local: string, timeZone: string): string | null {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) return null;
  const check = new Date(wall);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;

  const offsetBefore = zoneOffsetMs(wall - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetMs(wall + DAY_MS, timeZone);
  const candidates = [...new Set([wall - offsetBefore, wall - offsetAfter])]
    .filter((instant) => instant + zoneOffsetMs(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  const instant = candidates[0] ?? wall - offsetBefore;
  return new Date(instant).toISOString();
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

/** Every IANA zone the browser knows, with UTC first; a short fallback list for old engines. */
export function timeZoneOptions(current?: string): string[] {
  let zones: string[] = [];
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    zones = intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [];
  } catch {
    zones = [];
  }
  if (zones.length === 0) {
    zones = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
  }
  const all = new Set(['UTC', ...zones]);
  if (current) all.add(current);
  return [...all];
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
