import { checkWithSpamd, SpamdError } from '@drift/mail';
import type { SpamScore } from '@drift/triage';

/** Asks a spam filter about a raw message: its score, or null when it could not answer. */
export type SpamdCheck = (raw: Buffer) => Promise<SpamScore | null>;

/** spamd answers a normal message in well under a second; capture must not wait on a hung one. */
const SPAMD_TIMEOUT_MS = 5_000;

/**
 * The spamd of DRIFT_SPAMD. A spamd that is down, slow or refuses is a warning, never a lost
 * message: triage then decides with its own content model and the upstream verdict headers.
 */
export function spamdCheck(
  address: { host: string; port: number },
  warn: (error: SpamdError) => void,
): SpamdCheck {
  return async (raw) => {
    try {
      const { score, threshold } = await checkWithSpamd(raw, { ...address, timeoutMs: SPAMD_TIMEOUT_MS });
      return { score, threshold };
    } catch (error) {
      if (!(error instanceof SpamdError)) throw error;
      warn(error);
      return null;
    }
  };
}
