import { wallClockAt, wallClockToInstant } from './time-zone.ts';

/** The hour of the return morning at which the playbook is delivered, in the owner's zone. */
export const RETURN_MORNING_HOUR = 6;

/**
 * When a return playbook is delivered: 06:00 in the owner's time zone on the (local) calendar day
 * of `returnDate`, but never before the session completed (an early end delivers at once).
 */
export function playbookDeliveryTime(returnDate: Date, timeZone: string, completedAt: Date): Date {
  const { year, month, day } = wallClockAt(returnDate, timeZone);
  const morning = wallClockToInstant(
    { year, month, day, hour: RETURN_MORNING_HOUR, minute: 0, second: 0 },
    timeZone,
  );
  return morning > completedAt ? morning : completedAt;
}
