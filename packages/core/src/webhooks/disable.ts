import { newMessageId, type OutgoingMail } from '@drift/mail';
import type { CoreDeps } from '../deps.ts';
import { DISABLE_AFTER_MS } from './backoff.ts';

type DisableDeps = Pick<CoreDeps, 'prisma' | 'clock' | 'mailer'>;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The owner's notice: which webhook, since when, the last error; never its secret. */
export function composeWebhookDisabledEmail(
  owner: { address: string; name: string | null },
  webhook: { id: string; url: string },
  failingSince: Date,
  lastError: string,
): OutgoingMail {
  const host = hostOf(webhook.url);
  const text = [
    `Hello${owner.name ? ` ${owner.name}` : ''},`,
    '',
    `Drift has disabled your webhook ${webhook.id} to ${host}: every delivery to it has failed since ${failingSince.toISOString()}.`,
    `The last attempt failed with: ${lastError}`,
    '',
    "No more events are sent to it. Once the receiver works again, send it a test event (the dashboard's Webhooks page, or POST /api/v1/webhooks/{id}/test): when the receiver accepts it, Drift enables the webhook again.",
    '',
    'Drift',
  ].join('\n');
  return {
    from: { address: owner.address, name: 'Drift' },
    to: owner.address,
    subject: `Drift disabled your webhook to ${host}`,
    text,
    messageId: newMessageId(owner.address),
    headers: { 'Auto-Submitted': 'auto-generated' },
    envelopeFrom: '',
  };
}

/**
 * After a failed attempt: starts the webhook's run of failures, and once it has lasted
 * DISABLE_AFTER_MS disables it (a conditional update, so one instance does it and mails the owner
 * once) and fails its pending deliveries. Returns whether this call disabled it.
 */
export async function noteWebhookFailure(
  deps: DisableDeps,
  webhookId: string,
  lastError: string,
): Promise<boolean> {
  const { prisma, clock, mailer } = deps;
  const now = clock.now();
  await prisma.webhook.updateMany({
    where: { id: webhookId, failingSince: null },
    data: { failingSince: now },
  });
  const disabled = await prisma.webhook.updateMany({
    where: {
      id: webhookId,
      disabledAt: null,
      failingSince: { lte: new Date(now.getTime() - DISABLE_AFTER_MS) },
    },
    data: {
      disabledAt: now,
      disabledReason: `Every delivery failed for 3 days; last error: ${lastError}`.slice(0, 500),
    },
  });
  if (disabled.count === 0) return false;
  await prisma.webhookDelivery.updateMany({
    where: { webhookId, status: 'pending', eventType: { not: 'webhook.test' } },
    data: { status: 'failed', claimedUntil: null },
  });
  const webhook = await prisma.webhook.findUniqueOrThrow({
    where: { id: webhookId },
    select: { id: true, url: true, failingSince: true, account: { select: { email: true, name: true } } },
  });
  await mailer.send(
    composeWebhookDisabledEmail(
      { address: webhook.account.email, name: webhook.account.name },
      webhook,
      webhook.failingSince ?? now,
      lastError,
    ),
  );
  return true;
}
