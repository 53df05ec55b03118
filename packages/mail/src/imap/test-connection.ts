import { createImapClient } from './imap-client.ts';
import { describeImapError, noInboxError } from './imap-errors.ts';
import type { ImapClientOptions, ImapSettings } from './imap-settings.ts';

export interface InboxFacts {
  uidValidity: string;
  uidNext: number;
  messages: number;
}

/**
 * Logs in and opens the INBOX read-only, exactly as the sync will; throws ImapConnectionError
 * with a sentence for the owner when anything on the way fails.
 */
export async function testImapConnection(
  settings: ImapSettings,
  options: ImapClientOptions = {},
): Promise<InboxFacts> {
  const client = await createImapClient(settings, options);
  // ImapFlow reports some failures both by rejecting and as an 'error' event; the rejection is enough.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw describeImapError(error, settings);
  }
  try {
    const inbox = await client.mailboxOpen('INBOX', { readOnly: true });
    return { uidValidity: inbox.uidValidity.toString(), uidNext: inbox.uidNext, messages: inbox.exists };
  } catch (error) {
    throw noInboxError(settings, error);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
