import type { Account } from '@drift/db';
import type { TriageSettings } from '@drift/triage';

/** What triage needs to know of the mailbox owner. */
export function triageSettingsOf(account: Account): TriageSettings {
  return {
    ownAddresses: [account.email, ...account.aliases],
    vipSenders: account.vipSenders,
    urgentKeywords: account.urgentKeywords,
    timeZone: account.timezone,
  };
}
