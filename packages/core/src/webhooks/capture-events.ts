import type { Account } from '@drift/db';
import type { StoredEmail } from '../capture/thread-resolution.ts';
import type { MailDeps } from '../deps.ts';
import { toEmail } from '../serializers.ts';
import { enqueueWebhookEvents, type WebhookEventInput } from './outbox.ts';

/** email.captured for every newly stored message, email.urgent for the urgent ones: one insert per batch. */
export async function emitCaptureEvents(
  deps: MailDeps,
  account: Account,
  stored: StoredEmail[],
): Promise<void> {
  const events = stored.flatMap((email): WebhookEventInput[] => {
    const data = toEmail(email);
    const captured: WebhookEventInput = { accountId: account.id, type: 'email.captured', data };
    return email.category === 'urgent'
      ? [captured, { accountId: account.id, type: 'email.urgent', data }]
      : [captured];
  });
  await enqueueWebhookEvents(deps, account.id, events);
}
