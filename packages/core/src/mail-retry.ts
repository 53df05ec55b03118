import { toIso } from '@drift/domain';

// Mail Drift sends on the owner's behalf (auto-replies, escalations) is queued in the database,
// claimed before each attempt, and retried on one schedule: 30 s doubling up to an hour.

/** Attempts before a queued mail is given up: with the backoff below, about four hours of retrying. */
export const MAIL_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;
/** How long a claimed mail is hidden from other workers; longer than any SMTP timeout. */
export const MAIL_CLAIM_LEASE_MS = 5 * 60_000;

/** The wait after the n-th failed attempt (1-based). */
export function mailBackoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** A queued mail's row after a failed send: due again after the backoff, or failed after the last attempt. */
export function afterFailedSend(attempts: number, now: Date, error: unknown) {
  return {
    status: attempts >= MAIL_MAX_ATTEMPTS ? ('failed' as const) : ('pending' as const),
    nextAttemptAt: new Date(now.getTime() + mailBackoffMs(attempts)),
    lastError: `${toIso(now)} ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
  };
}
