// Wall-clock <-> instant conversion for IANA zones (through Intl) and fixed offsets ("+01:00"),
// without a date library: triage stays dependency-free.

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  minutes: number; // minutes since local midnight
}

const OFFSET_ZONE = /^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$/i;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for zones this module can resolve: fixed offsets and IANA names known to Intl. */
export function isValidZone(zone: string): boolean {
  if (OFFSET_ZONE.test(zone.trim()) || /^(?:UTC|GMT|Z)$/i.test(zone.trim())) return true;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC at `instant`, in minutes (east positive). Unknown zones count as UTC. */
export function zoneOffsetMinutes(zone: string, instant: number): number {
  const z = zone.trim();
  if (/^(?:UTC|GMT|Z)$/i.test(z)) return 0;
  const fixed = z.match(OFFSET_ZONE);
  if (fixed) {
    const sign = fixed[1] === '-' ? -1 : 1;
    return sign * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = formatter(z).formatToParts(new Date(instant));
  } catch {
    return 0;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

export function localParts(instant: Date, zone: string): LocalParts {
  const shifted = new Date(instant.getTime() + zoneOffsetMinutes(zone, instant.getTime()) * 60000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  };
}

/** The instant at which the wall clock in `zone` shows the given civil date and minute of day. */
export function wallTimeToInstant(
  year: number,
  month: number,
  day: number,
  minutes: number,
  zone: string,
): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - zoneOffsetMinutes(zone, guess) * 60000;
  const second = guess - zoneOffsetMinutes(zone, first) * 60000;
  return new Date(second);
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
