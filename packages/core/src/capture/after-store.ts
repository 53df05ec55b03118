import type { Account } from '@drift/db';
import type { MailDeps } from '../deps.ts';
import { queueEscalations } from '../escalation/queue.ts';
import { rulesEscalate } from '../rules/apply.ts';
import { emitCaptureEvents } from '../webhooks/capture-events.ts';
import type { StoredEmail } from './thread-resolution.ts';

/** What follows a batch's newly stored messages besides auto-replies: webhook events and escalations. */
export async function afterStore(deps: MailDeps, account: Account, stored: StoredEmail[]): Promise<void> {
  if (stored.length === 0) return;
  const flaggedByRule = new Set(stored.filter(rulesEscalate).map((email) => email.id));
  await Promise.all([
    emitCaptureEvents(deps, account, stored),
    queueEscalations(deps, account, stored, flaggedByRule),
  ]);
}
