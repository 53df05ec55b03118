/**
 * Time zones without a date library, through Intl only: safe in the browser (no node: imports), so
 * the dashboard, the domain and triage share one set of rules.
 *
 * A zone is an IANA name ("Europe/Berlin") or a fixed offset ("+01:00", "UTC-5", "Z"), which triage
 * reads from mail headers. Names are always given in their current spelling ("Asia/Kolkata",
 * "Europe/Kyiv"): Node 20 and Chromium still answer with the legacy ids their ICU data keeps.
 */

/** A reading of a wall clock: calendar date and time of day. */
export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface WallClockReading extends WallClock {
  /** 0 = Sunday. */
  weekday: number;
}

/** Legacy ids that ICU still returns, with the names IANA uses today. */
export const CURRENT_ZONE_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Etc/UTC': 'UTC',
  'Etc/GMT': 'UTC',
};

const LEGACY_ZONE_NAMES: ReadonlyMap<string, string> = new Map(
  Object.entries(CURRENT_ZONE_NAMES).map(([legacy, current]) => [current, legacy]),
);

const OFFSET_ZONE = /^(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?$/i;
const UTC_ZONE = /^(?:UTC|GMT|Z)$/i;

/** A zone name in its current spelling ("Asia/Calcutta" → "Asia/Kolkata"); others unchanged. */
export function currentZoneName(zone: string): string {
  return CURRENT_ZONE_NAMES[zone] ?? zone;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function makeFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/**
 * The formatter of an IANA zone, or null when Intl knows it by neither name: an engine with older
 * data may know "Europe/Kyiv" only as "Europe/Kiev".
 */
function ianaFormatter(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached !== undefined) return cached;
  let formatter: Intl.DateTimeFormat | null = null;
  for (const id of [zone, LEGACY_ZONE_NAMES.get(zone)]) {
    if (!id || formatter) continue;
    try {
      formatter = makeFormatter(id);
    } catch {
      formatter = null;
    }
  }
  formatters.set(zone, formatter);
  return formatter;
}

/** Whether `zone` is an IANA zone name Intl knows, in its current or its legacy spelling. */
export function isIanaTimeZone(zone: string): boolean {
  if (!zone || OFFSET_ZONE.test(zone.trim())) return false;
  return ianaFormatter(zone) !== null;
}

/** Whether `zone` can be resolved here: an IANA name, "UTC"/"GMT"/"Z", or a fixed offset ("+01:00"). */
export function isValidZone(zone: string): boolean {
  const z = zone.trim();
  return UTC_ZONE.test(z) || OFFSET_ZONE.test(z) || isIanaTimeZone(z);
}

function fixedOffsetMinutes(zone: string): number | null {
  if (UTC_ZONE.test(zone)) return 0;
  const fixed = OFFSET_ZONE.exec(zone);
  if (!fixed) return null;
  const sign = fixed[1] === '-' ? -1 : 1;
  return sign * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function readingOfUtc(ms: number): WallClockReading {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** What the wall clock in `zone` shows at `instant`. Unknown zones read as UTC. */
export function wallClockAt(instant: Date | number, zone: string): WallClockReading {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const z = zone.trim();
  const fixed = fixedOffsetMinutes(z);
  if (fixed !== null) return readingOfUtc(ms + fixed * 60_000);
  const formatter = ianaFormatter(z);
  if (!formatter) return readingOfUtc(ms);
  const values: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(ms))) values[part.type] = part.value;
  return {
    year: Number(values.year),
    month: Number(values.month),
    day: Number(values.day),
    // Some engines print midnight as 24 even with h23.
    hour: Number(values.hour) % 24,
    minute: Number(values.minute),
    second: Number(values.second),
    weekday: WEEKDAYS.indexOf(values.weekday ?? ''),
  };
}

function wallClockAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Offset of `zone` from UTC at `instant`, in minutes (east positive; Berlin in summer: 120). */
export function zoneOffsetMinutes(zone: string, instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const whole = Math.floor(ms / 1000) * 1000;
  return Math.round((wallClockAsUtc(wallClockAt(whole, zone)) - whole) / 60_000);
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the wall clock in `zone` shows `wall`. Like Temporal's "compatible"
 * disambiguation: a time that occurs twice (clocks going back) is the earlier instant; a time
 * skipped by clocks going forward is moved forward by the gap (02:30 on the spring-forward night in
 * Berlin is 03:30 CEST).
 */
export function wallClockToInstant(wall: WallClock, zone: string): Date {
  const asUtc = wallClockAsUtc(wall);
  const offsetBefore = zoneOffsetMinutes(zone, asUtc - DAY_MS) * 60_000;
  const offsetAfter = zoneOffsetMinutes(zone, asUtc + DAY_MS) * 60_000;
  const exact = [...new Set([asUtc - offsetBefore, asUtc - offsetAfter])]
    .filter((instant) => instant + zoneOffsetMinutes(zone, instant) * 60_000 === asUtc)
    .sort((a, b) => a - b);
  return new Date(exact[0] ?? asUtc - offsetBefore);
}

/** Every IANA zone this engine knows, in current names, sorted, UTC first. */
export function timeZoneNames(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  let known: string[] = [];
  try {
    known = intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    known = [];
  }
  if (known.length === 0) {
    known = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
  }
  const names = new Set(known.map(currentZoneName));
  names.delete('UTC');
  return ['UTC', ...[...names].sort()];
}

/** The zone this browser (or process) runs in, by its current name; UTC when it cannot say. */
export function browserTimeZone(): string {
  try {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone ? currentZoneName(zone) : 'UTC';
  } catch {
    return 'UTC';
  }
}
