import { backupContactSentence, withContactSentence } from '@drift/contract';
import type { Account } from '@drift/db';

export interface BackupContact {
  name: string;
  email: string;
}

/**
 * The contact escalations go to and the auto-reply may name: only on Team Growth, so a contact
 * stored before a downgrade is kept but ignored.
 */
export function backupContactOf(
  account: Pick<Account, 'plan' | 'backupContactName' | 'backupContactEmail'>,
): BackupContact | null {
  if (account.plan !== 'team_growth' || !account.backupContactEmail) return null;
  return { name: account.backupContactName || account.backupContactEmail, email: account.backupContactEmail };
}

/** The auto-reply's text, with the contact named when the owner opted in and has one. */
export function withBackupContact(
  account: Pick<Account, 'plan' | 'backupContactName' | 'backupContactEmail' | 'autoReplyNamesContact'>,
  message: string,
): string {
  const contact = account.autoReplyNamesContact ? backupContactOf(account) : null;
  return withContactSentence(message, contact && backupContactSentence(contact));
}
