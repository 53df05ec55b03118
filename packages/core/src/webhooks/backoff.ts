const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after the n-th failed attempt (1-based); the last one repeats. */
const RETRY_DELAYS_MS = [
  5 * SECOND,
  30 * SECOND,
  2 * MINUTE,
  10 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
];

/** A delivery is retried for this long after its event, then it is `failed`. */
export const GIVE_UP_AFTER_MS = 24 * HOUR;
/** A webhook failing without a success for this long is disabled (at its next failure). */
export const DISABLE_AFTER_MS = 3 * 24 * HOUR;

/**
 * When to try again after `attempts` failed attempts, or null to give up. ±10 % jitter spreads a
 * receiver's retries after an outage; the last retry lands at the end of the retry window.
 */
export function nextAttemptAt(
  attempts: number,
  createdAt: Date,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  const deadline = createdAt.getTime() + GIVE_UP_AFTER_MS;
  if (now.getTime() >= deadline) return null;
  const base =
    RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0] ?? SECOND;
  const delay = base * (0.9 + 0.2 * random());
  return new Date(Math.min(now.getTime() + delay, deadline));
}
