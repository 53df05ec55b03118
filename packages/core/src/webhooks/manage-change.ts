import { type deletedWebhookSchema, type queuedWebhookTestSchema, WEBHOOK_TEST_EVENT } from '@drift/contract';
import { DomainError, toIso } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { assertWebhooksPlan, findOwnWebhook } from './manage-access.ts';
import { enqueueWebhookEvent } from './outbox.ts';

/** Deletes the webhook with its queued deliveries and its attempt log; nothing more is sent to it. */
export async function deleteWebhook(
  { prisma }: CoreDeps,
  accountId: string,
  id: string,
): Promise<z.infer<typeof deletedWebhookSchema>> {
  const { count } = await prisma.webhook.deleteMany({ where: { id, accountId } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'Webhook not found');
  return { id, deleted: true as const };
}

/**
 * Queues a `webhook.test` event for this webhook alone, signed and retried like any other. A
 * disabled webhook gets it too: it is how its owner checks a repaired receiver.
 */
export async function sendWebhookTest(
  deps: CoreDeps,
  accountId: string,
  id: string,
): Promise<z.infer<typeof queuedWebhookTestSchema>> {
  const webhook = await findOwnWebhook(deps.prisma, accountId, id);
  await assertWebhooksPlan(deps.prisma, accountId);
  const [deliveryId] = await enqueueWebhookEvent(deps, {
    accountId,
    type: WEBHOOK_TEST_EVENT,
    webhookId: webhook.id,
    data: {
      webhook_id: webhook.id,
      message: 'A test event from Drift: this endpoint receives its events.',
      sent_at: toIso(deps.clock.now()),
    },
  });
  if (!deliveryId) throw new Error(`enqueueWebhookEvent queued nothing for webhook ${webhook.id}`);
  return { id: deliveryId, type: WEBHOOK_TEST_EVENT, queued: true as const };
}
