/** The hour of the return morning at which the playbook is delivered, in the owner's zone. */
export const RETURN_MORNING_HOUR = 6;

const partFormats = new Map<string, Intl.DateTimeFormat>();

function wallClock(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; utcMs: number } {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return { year, month, day, utcMs: Date.UTC(year, month - 1, day, hour, minute, second) };
}

/** The instant at which the wall clock of `timeZone` shows the given local time (DST-safe). */
function instantOfWallTime(timeZone: string, year: number, month: number, day: number, hour: number): Date {
  const target = Date.UTC(year, month - 1, day, hour);
  let guess = target;
  // Two corrections settle any offset change, including a DST switch between guess and answer.
  for (let i = 0; i < 2; i++) {
    const offset = wallClock(new Date(guess), timeZone).utcMs - Math.floor(guess / 1000) * 1000;
    guess = target - offset;
  }
  return new Date(guess);
}

/**
 * When a return playbook is delivered: 06:00 in the owner's time zone on the (local) calendar day
 * of `returnDate`, but never before the session completed (an early end delivers at once).
 */
export function playbookDeliveryTime(returnDate: Date, timeZone: string, completedAt: Date): Date {
  const { year, month, day } = wallClock(returnDate, timeZone);
  const morning = instantOfWallTime(timeZone, year, month, day, RETURN_MORNING_HOUR);
  return morning > completedAt ? morning : completedAt;
}
