/**
 * Defaults and quick choices for a new session's dates, as datetime-local values in the account's
 * zone: the start is "now", the end the close of a working day.
 */

import { wallClockAt } from '@drift/domain/time-zone';
import { utcIsoToZonedLocal } from './time.ts';

/** When a working day ends, for the end of a session that the person has not typed. */
export const END_OF_DAY = '18:00';

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A calendar day, counted in whole days from 1970-01-01 so that adding days is plain arithmetic. */
interface CivilDay {
  epochDay: number;
  /** 0 = Sunday. */
  weekday: number;
}

function today(now: number, timeZone: string): CivilDay {
  const wall = wallClockAt(now, timeZone);
  const epochDay = Date.UTC(wall.year, wall.month - 1, wall.day) / DAY_MS;
  return { epochDay, weekday: new Date(epochDay * DAY_MS).getUTCDay() };
}

function plusDays(day: CivilDay, days: number): CivilDay {
  const epochDay = day.epochDay + days;
  return { epochDay, weekday: new Date(epochDay * DAY_MS).getUTCDay() };
}

/** The datetime-local value of `time` ("18:00") on `day`. */
function atTime(day: CivilDay, time: string): string {
  const d = new Date(day.epochDay * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${time}`;
}

/** The current minute in `timeZone`, as a datetime-local value: a new session starts now. */
export function defaultStart(now: number, timeZone: string): string {
  return utcIsoToZonedLocal(new Date(now).toISOString(), timeZone);
}

const isWorkingDay = (day: CivilDay) => day.weekday >= 1 && day.weekday <= 5;

/** The end of the next working day (Monday to Friday) after today, at END_OF_DAY. */
export function defaultEnd(now: number, timeZone: string): string {
  let day = plusDays(today(now, timeZone), 1);
  while (!isWorkingDay(day)) day = plusDays(day, 1);
  return atTime(day, END_OF_DAY);
}

export interface EndChoice {
  /** What the button says. */
  label: string;
  /** The datetime-local value it puts in the End field. */
  value: string;
}

/**
 * Quick ends, all at END_OF_DAY: today (while it is still ahead), tomorrow, the coming Friday
 * (next week's when today is Friday, which "today" covers) and a week from today.
 */
export function endChoices(now: number, timeZone: string): EndChoice[] {
  const day = today(now, timeZone);
  const choices: EndChoice[] = [];
  const endOfToday = atTime(day, END_OF_DAY);
  if (endOfToday > defaultStart(now, timeZone))
    choices.push({ label: `Today ${END_OF_DAY}`, value: endOfToday });
  choices.push({ label: `Tomorrow ${END_OF_DAY}`, value: atTime(plusDays(day, 1), END_OF_DAY) });
  const toFriday = (5 - day.weekday + 7) % 7 || 7;
  if (toFriday > 1) {
    choices.push({
      label: `${WEEKDAY_NAMES[5]} ${END_OF_DAY}`,
      value: atTime(plusDays(day, toFriday), END_OF_DAY),
    });
  }
  choices.push({ label: 'In a week', value: atTime(plusDays(day, 7), END_OF_DAY) });
  return choices;
}
