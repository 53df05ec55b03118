import { addDays, localParts, wallTimeToInstant } from './zone.ts';

// Deadline detection: finds date/time expressions (English, German, Spanish, French) that follow a
// deadline cue ("by", "due", "before", "until", "expires", "bis", "antes del", "avant"...), plus
// the forms that are deadlines on their own ("tomorrow 9am", "EOD"), and returns the earliest one
// that is not already past. Event dates without a cue ("the debrief is Tuesday") are not deadlines.

const END_OF_DAY = 23 * 60 + 59;
const CLOSE_OF_BUSINESS = 17 * 60;

const MONTHS: Record<string, number> = {};
for (const [i, names] of [
  'january jan januar janv janvier enero ene',
  'february feb februar febrero févr février fevrier',
  'march mar märz maerz mrz marzo mars',
  'april apr abril avril',
  'may mai mayo',
  'june jun juni junio juin',
  'july jul juli julio juillet juil',
  'august aug agosto août aout',
  'september sep sept septiembre setiembre septembre',
  'october oct oktober okt octubre octobre',
  'november nov noviembre novembre',
  'december dec dezember dez diciembre dic décembre decembre',
].entries()) {
  for (const n of names.split(' ')) MONTHS[n] = i + 1;
}
const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const WEEKDAYS: Record<string, number> = {};
for (const [i, names] of [
  'sunday sun sonntag domingo dimanche',
  'monday mon montag lunes lundi',
  'tuesday tue tues dienstag martes mardi',
  'wednesday wed mittwoch miércoles miercoles mercredi',
  'thursday thu thur thurs donnerstag jueves jeudi',
  'friday fri freitag viernes vendredi',
  'saturday sat samstag sábado sabado samedi',
].entries()) {
  for (const n of names.split(' ')) WEEKDAYS[n] = i;
}
const WEEKDAY_RE = Object.keys(WEEKDAYS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const ZONES: Record<string, string> = {
  pt: 'America/Los_Angeles',
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pacific: 'America/Los_Angeles',
  mt: 'America/Denver',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  mountain: 'America/Denver',
  ct: 'America/Chicago',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  central: 'America/Chicago',
  et: 'America/New_York',
  est: 'America/New_York',
  edt: 'America/New_York',
  eastern: 'America/New_York',
  utc: 'UTC',
  gmt: 'UTC',
  cet: 'Europe/Berlin',
  cest: 'Europe/Berlin',
  mez: 'Europe/Berlin',
  mesz: 'Europe/Berlin',
  wet: 'Europe/Lisbon',
  west: 'Europe/Lisbon',
  bst: 'Europe/London',
  eet: 'Europe/Athens',
  eest: 'Europe/Athens',
  ist: 'Asia/Kolkata',
  sgt: 'Asia/Singapore',
  jst: 'Asia/Tokyo',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
};
const ZONE_RE =
  '(?:pt|pst|pdt|pacific|mt|mst|mdt|mountain|ct|cst|cdt|central|et|est|edt|eastern|utc|gmt|cet|cest|mez|mesz|wet|west|bst|eet|eest|ist|sgt|jst|aest|aedt)(?:\\s+time)?';

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  ten: 10,
  fourteen: 14,
  'twenty-four': 24,
  'forty-eight': 48,
  'seventy-two': 72,
};

// A cue, then at most a few words (no sentence end) before the date or time expression.
const CUE =
  /(?:\b(?:by|before|due|until|till|no later than|deadline|cut-?off|closes|close|closing|expires?|expiring|expiry|ends|lapses?|latest|bis(?: zum| spätestens)?|spätestens|frist|fällig|antes del?|para el|hasta el|a más tardar|plazo|vence|avant|d'ici|au plus tard|jusqu'au|échéance|date limite)\b|\bvor\b)[^.!?\n]{0,40}$/i;

interface Token {
  start: number;
  end: number;
  kind: 'date' | 'time' | 'duration';
  /** date: civil date resolver; duration: milliseconds. */
  civil?: { year: number; month: number; day: number };
  /** For dates that carry a part of day ("tomorrow morning", "EOD"). */
  defaultMinutes?: number;
  minutes?: number;
  zone?: string;
  durationMs?: number;
  /** Needs no cue: relative day with an explicit time, EOD/COB/EOW, "within N hours". */
  selfCued?: boolean;
  relative?: boolean;
  /** How specific a date token is: explicit month (3) > day of month only (2) > weekday (1) > relative (0). */
  specificity?: number;
}

interface Context {
  now: Date;
  zone: string;
  today: { year: number; month: number; day: number; weekday: number; minutes: number };
  monthFirst: boolean;
}

function partMinutes(part: string | undefined): number | undefined {
  if (!part) return undefined;
  const p = part.toLowerCase();
  if (/morning|früh|matin/.test(p)) return 9 * 60;
  if (/noon|midday|mittag|mediodía|midi/.test(p)) return 12 * 60;
  if (/afternoon|nachmittag|tarde|après-midi/.test(p)) return CLOSE_OF_BUSINESS;
  if (/eod|cob|end of (?:the )?day/.test(p)) return CLOSE_OF_BUSINESS;
  return END_OF_DAY;
}

function inferYear(ctx: Context, month: number, day: number): number {
  const { year } = ctx.today;
  const candidate = Date.UTC(year, month - 1, day);
  const today = Date.UTC(year, ctx.today.month - 1, ctx.today.day);
  // A month/day more than two months back is next year's; a recent one is an overdue deadline.
  return candidate < today - 60 * 86400000 ? year + 1 : year;
}

function validCivil(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1;
}

function civil(ctx: Context, month: number, day: number, year?: number) {
  const y = year === undefined ? inferYear(ctx, month, day) : year < 100 ? 2000 + year : year;
  return validCivil(y, month, day) ? { year: y, month, day } : undefined;
}

function weekdayDate(ctx: Context, weekday: number, modifier: string | undefined) {
  const t = ctx.today.weekday;
  // "by Tuesday" written on a Tuesday means next week's: today would have been "today".
  let delta = (weekday - t + 7) % 7 || 7;
  if (modifier && /next|nächst|próximo|prochain/i.test(modifier)) {
    const upcoming = delta;
    const daysLeftInWeek = (7 - t) % 7; // Monday-based week: Sunday closes it
    delta = upcoming <= daysLeftInWeek ? upcoming + 7 : upcoming;
  }
  return addDays(ctx.today.year, ctx.today.month, ctx.today.day, delta);
}

function collectTokens(text: string, ctx: Context): Token[] {
  const tokens: Token[] = [];
  const add = (m: RegExpExecArray, token: Omit<Token, 'start' | 'end'>) => {
    tokens.push({ start: m.index, end: m.index + m[0].length, ...token });
  };
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (const m of text.matchAll(re)) fn(m as RegExpExecArray);
  };
  const { year, month, day } = ctx.today;

  each(/\b(20\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/g, (m) => {
    const c = civil(ctx, Number(m[2]), Number(m[3]), Number(m[1]));
    if (c)
      add(m, {
        kind: 'date',
        civil: c,
        specificity: 3,
        minutes: m[4] ? Number(m[4]) * 60 + Number(m[5]) : undefined,
      });
  });
  each(/(?<![\d/.])(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?(?![\d/])/g, (m) => {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = m[3] ? Number(m[3]) : undefined;
    const first = ctx.monthFirst ? civil(ctx, a, b, y) : civil(ctx, b, a, y);
    const c = first ?? (ctx.monthFirst ? civil(ctx, b, a, y) : civil(ctx, a, b, y));
    if (c) add(m, { kind: 'date', civil: c, specificity: 3 });
  });
  each(/(?<![\dv.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d.])/gi, (m) => {
    const c = civil(ctx, Number(m[2]), Number(m[1]), m[3] ? Number(m[3]) : undefined);
    if (c) add(m, { kind: 'date', civil: c, specificity: 3 });
  });
  each(new RegExp(`\\b(\\d{1,2})[/-](${MONTH_RE})[/-](\\d{2,4})\\b`, 'gi'), (m) => {
    const c = civil(ctx, MONTHS[(m[2] ?? '').toLowerCase()] ?? 0, Number(m[1]), Number(m[3]));
    if (c) add(m, { kind: 'date', civil: c, specificity: 3 });
  });
  each(
    new RegExp(
      `\\b(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?(?!\\s*(?::\\d|[ap]\\.?m\\b))`,
      'gi',
    ),
    (m) => {
      const c = civil(
        ctx,
        MONTHS[(m[1] ?? '').toLowerCase()] ?? 0,
        Number(m[2]),
        m[3] ? Number(m[3]) : undefined,
      );
      if (c) add(m, { kind: 'date', civil: c, specificity: 3 });
    },
  );
  each(
    new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th|\\.)?\\s+(?:of\\s+|de\\s+)?(${MONTH_RE})\\b\\.?(?:,?\\s+(?:de\\s+)?(\\d{4})\\b)?`,
      'gi',
    ),
    (m) => {
      const c = civil(
        ctx,
        MONTHS[(m[2] ?? '').toLowerCase()] ?? 0,
        Number(m[1]),
        m[3] ? Number(m[3]) : undefined,
      );
      if (c) add(m, { kind: 'date', civil: c, specificity: 3 });
    },
  );
  each(
    /\b(?:the|el día|el dia|am|le)\s+(\d{1,2})(?:st|nd|rd|th|\.)?\b(?!\s*(?:[:/]|of\b|de\b|[ap]\.?m\b))/gi,
    (m) => {
      const d = Number(m[1]);
      let c = civil(ctx, month, d, year);
      if (c && d < day) c = civil(ctx, month === 12 ? 1 : month + 1, d, month === 12 ? year + 1 : year);
      if (c) add(m, { kind: 'date', civil: c, specificity: 2 });
    },
  );
  each(
    new RegExp(
      `\\b(?:(next|this|coming|nächsten?|kommenden?|diesen|próximo|este|prochain|ce)\\s+)?(${WEEKDAY_RE})\\.?\\b(?:\\s+(morning|afternoon|evening|night|noon|eod|früh|abend|nachmittag|mañana|tarde|noche|matin|soir|après-midi))?`,
      'gi',
    ),
    (m) => {
      const wd = WEEKDAYS[(m[2] ?? '').toLowerCase()];
      if (wd === undefined) return;
      // "mar" and "mer" are also month/sea words: only accept 3-letter forms with a capital.
      if ((m[2] ?? '').length <= 3 && !/^[A-Z]/.test(m[2] ?? '')) return;
      add(m, {
        kind: 'date',
        civil: weekdayDate(ctx, wd, m[1]),
        defaultMinutes: partMinutes(m[3]),
        specificity: 1,
      });
    },
  );
  each(
    /\b(today|tonight|this (?:morning|afternoon|evening)|(?:the )?day after tomorrow|tomorrow(?:\s+(?:morning|afternoon|evening|night))?|heute(?:\s+abend)?|übermorgen|morgen(?:\s+(?:früh|abend|nachmittag))?|pasado mañana|hoy|esta noche|mañana(?:\s+por la (?:mañana|tarde|noche))?|après-demain|aujourd'hui|ce soir|demain(?:\s+(?:matin|soir|après-midi))?)\b/gi,
    (m) => {
      const w = (m[1] ?? '').toLowerCase();
      const before = text.slice(Math.max(0, m.index - 12), m.index).toLowerCase();
      if (/^mañana/.test(w) && /(?:la|esta|de)\s+$/.test(before)) return;
      if (/^morgen/.test(w) && /guten\s+$/.test(before)) return;
      let days = 0;
      if (/day after|übermorgen|pasado|après-demain/.test(w)) days = 2;
      else if (/tomorrow|morgen|mañana|demain/.test(w)) days = 1;
      let minutes: number | undefined;
      if (/tonight|evening|night|abend|noche|soir/.test(w)) minutes = END_OF_DAY;
      else if (/morning|früh|matin/.test(w) || /por la mañana/.test(w)) minutes = 9 * 60;
      else if (/afternoon|nachmittag|tarde|après-midi/.test(w)) minutes = CLOSE_OF_BUSINESS;
      add(m, {
        kind: 'date',
        civil: addDays(year, month, day, days),
        defaultMinutes: minutes,
        relative: true,
        specificity: 0,
      });
    },
  );
  each(
    /\b(eod|cob|eob|close of (?:business|play)|end of (?:the )?(?:business )?day|end of (?:the )?week|eow|end of next week|end of (?:the )?month|eom|next week|fin de (?:la )?journée|fin del día|ende der woche|nächste woche|la semana que viene|la próxima semana|la semaine prochaine)\b/gi,
    (m) => {
      const w = (m[1] ?? '').toLowerCase();
      const dow = ctx.today.weekday;
      const toFriday = (5 - dow + 7) % 7;
      if (/eod|cob|eob|close of|end of (?:the )?(?:business )?day|journée|del día/.test(w)) {
        add(m, { kind: 'time', minutes: CLOSE_OF_BUSINESS, selfCued: true });
      } else if (/end of next week/.test(w)) {
        add(m, {
          kind: 'date',
          civil: addDays(year, month, day, toFriday + 7),
          defaultMinutes: CLOSE_OF_BUSINESS,
          selfCued: true,
        });
      } else if (/end of (?:the )?week|eow|ende der woche/.test(w)) {
        add(m, {
          kind: 'date',
          civil: addDays(year, month, day, toFriday),
          defaultMinutes: CLOSE_OF_BUSINESS,
          selfCued: true,
        });
      } else if (/month|eom/.test(w)) {
        const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
        add(m, {
          kind: 'date',
          civil: { year, month, day: last },
          defaultMinutes: CLOSE_OF_BUSINESS,
          selfCued: true,
        });
      } else {
        const toMonday = ((1 - dow + 7) % 7 || 7) as number;
        add(m, { kind: 'date', civil: addDays(year, month, day, toMonday) });
      }
    },
  );
  each(
    new RegExp(
      `\\b(?:(\\d{1,2})(?::(\\d{2}))?\\s*([ap])\\.?m\\.?|(\\d{1,2})[:h](\\d{2})(?:\\s*(?:h|uhr))?|(\\d{1,2})\\s*uhr|(noon|midday|mittag|mediodía|midi)|(midnight|mitternacht|medianoche|minuit))(?:\\s*\\(?\\s*(${ZONE_RE})\\b\\)?)?`,
      'gi',
    ),
    (m) => {
      let minutes: number;
      if (m[1]) {
        const h = Number(m[1]) % 12;
        minutes = (m[3]?.toLowerCase() === 'p' ? h + 12 : h) * 60 + Number(m[2] ?? 0);
      } else if (m[4]) {
        minutes = Number(m[4]) * 60 + Number(m[5]);
      } else if (m[6]) {
        minutes = Number(m[6]) * 60;
      } else if (m[7]) {
        minutes = 12 * 60;
      } else {
        minutes = END_OF_DAY;
      }
      if (minutes >= 24 * 60) return;
      const zoneWord = m[9]?.toLowerCase().replace(/\s+time$/, '');
      add(m, { kind: 'time', minutes, zone: zoneWord ? ZONES[zoneWord] : undefined });
    },
  );
  each(
    /\b(within|in|innerhalb von|en|dans)\s+(?:the\s+next\s+|den nächsten\s+|las próximas\s+|les prochaines\s+)?(\d{1,3}|an?|one|two|three|four|five|six|seven|ten|fourteen|twenty-four|forty-eight|seventy-two)\s+(business days?|hours?|days?|weeks?|stunden|tagen?|wochen|horas|días|dias|semanas|heures|jours|semaines)\b(?!\s+(?:of|after|from|before|nach|vor|después|antes|après|avant)\b)/gi,
    (m) => {
      const n = /^\d+$/.test(m[2] ?? '') ? Number(m[2]) : (NUMBER_WORDS[(m[2] ?? '').toLowerCase()] ?? 1);
      const unit = (m[3] ?? '').toLowerCase();
      const hours = /hour|stunde|hora|heure/.test(unit)
        ? n
        : /week|woche|semana|semaine/.test(unit)
          ? n * 168
          : n * 24;
      add(m, {
        kind: 'duration',
        durationMs: hours * 3600000,
        selfCued: /within|innerhalb/i.test(m[1] ?? ''),
      });
    },
  );
  each(/\b(\d{1,3})\s+(hours?|days?)\s+(?:left|remaining|to go)\b/gi, (m) => {
    const n = Number(m[1]);
    add(m, {
      kind: 'duration',
      durationMs: (/hour/i.test(m[2] ?? '') ? n : n * 24) * 3600000,
      selfCued: true,
    });
  });
  return tokens.sort((a, b) => a.start - b.start || b.end - a.end);
}

interface Candidate {
  at: Date;
  start: number;
}

const JOIN_GAP = /^[\s,()]*(?:at|um|a las|à|on|am|el|le)?[\s,()]*$/i;

function resolveCandidates(text: string, ctx: Context): Candidate[] {
  const tokens = collectTokens(text, ctx);
  // Drop tokens nested inside a longer one ("March 13" inside "2026-03-13" cannot happen, but
  // "Friday" inside "Friday the 6th" pairs below, and month-name day inside day-month can).
  const kept: Token[] = [];
  for (const t of tokens) {
    const last = kept[kept.length - 1];
    if (last && t.start >= last.start && t.end <= last.end && t.kind === last.kind) continue;
    kept.push(t);
  }

  const used = new Set<Token>();
  const out: Candidate[] = [];
  const cueBefore = (start: number) => {
    const windowStart = Math.max(0, start - 60);
    return CUE.test(text.slice(windowStart, start));
  };

  const emit = (date: Token | undefined, time: Token | undefined, start: number) => {
    const selfCued =
      Boolean(date?.selfCued || time?.selfCued) || Boolean(date?.relative && time && time.kind === 'time');
    if (!selfCued && !cueBefore(start)) return;
    const zone = time?.zone ?? ctx.zone;
    if (date?.civil) {
      const minutes = time?.minutes ?? date.minutes ?? date.defaultMinutes ?? END_OF_DAY;
      out.push({
        at: wallTimeToInstant(date.civil.year, date.civil.month, date.civil.day, minutes, zone),
        start,
      });
    } else if (time?.minutes !== undefined) {
      const local = localParts(ctx.now, zone);
      let at = wallTimeToInstant(local.year, local.month, local.day, time.minutes, zone);
      // A bare time already past today means the same time tomorrow.
      if (at.getTime() < ctx.now.getTime() - 3600000) {
        const next = addDays(local.year, local.month, local.day, 1);
        at = wallTimeToInstant(next.year, next.month, next.day, time.minutes, zone);
      }
      out.push({ at, start });
    }
  };

  for (let i = 0; i < kept.length; i++) {
    const t = kept[i] as Token;
    if (used.has(t)) continue;
    if (t.kind === 'duration') {
      if (t.selfCued || cueBefore(t.start))
        out.push({ at: new Date(ctx.now.getTime() + (t.durationMs ?? 0)), start: t.start });
      continue;
    }
    // Pair a date with the time right after it ("tomorrow (Thursday) at 12:00 PT"), skipping a
    // repeated date ("tomorrow, Friday the 6th, at 5pm"), or a time with the date right after it
    // ("5:00pm Pacific tomorrow", "end of day Friday, March 20").
    const group: Token[] = [t];
    let j = i + 1;
    while (j < kept.length) {
      const next = kept[j] as Token;
      const gap = text.slice((group[group.length - 1] as Token).end, next.start);
      const fits = next.kind !== 'duration' && JOIN_GAP.test(gap) && gap.length <= 25;
      if (!fits) break;
      group.push(next);
      j++;
    }
    for (const g of group) used.add(g);
    const dates = group.filter((g) => g.kind === 'date');
    const time = group.find((g) => g.kind === 'time');
    // The most specific date of the group wins: an explicit civil date over a weekday or "tomorrow".
    const date = [...dates].sort((a, b) => (b.specificity ?? 0) - (a.specificity ?? 0))[0];
    const partOfDay = dates.find((d) => d.defaultMinutes !== undefined)?.defaultMinutes;
    const carrier = date
      ? {
          ...date,
          defaultMinutes: date.defaultMinutes ?? partOfDay,
          selfCued: dates.some((d) => d.selfCued),
          relative: dates.some((d) => d.relative),
        }
      : undefined;
    emit(carrier, time, t.start);
  }
  return out;
}

function monthFirstFor(zone: string): boolean {
  if (/^America\//.test(zone)) return true;
  return /^(?:UTC|GMT)?-/.test(zone.trim());
}

/**
 * The earliest deadline stated in `text`, relative to `receivedAt`; wall times without an explicit
 * zone are read in `timeZone` (an IANA name or a fixed offset such as "+01:00"). Numeric dates
 * read month first in the Americas ("3/16") and day first elsewhere, unless `options.monthFirst`
 * says otherwise. Returns null when the text
 * states no deadline that is still ahead (an hour of slack for "by noon" said at noon).
 */
export function detectDeadline(
  text: string,
  receivedAt: Date,
  timeZone: string,
  options: { monthFirst?: boolean } = {},
): Date | null {
  const today = localParts(receivedAt, timeZone);
  const monthFirst = options.monthFirst ?? monthFirstFor(timeZone);
  const ctx: Context = { now: receivedAt, zone: timeZone, today, monthFirst };
  const floor = receivedAt.getTime() - 3600000;
  let best: Date | null = null;
  for (const c of resolveCandidates(text, ctx)) {
    if (c.at.getTime() < floor) continue;
    if (!best || c.at.getTime() < best.getTime()) best = c.at;
  }
  return best;
}
