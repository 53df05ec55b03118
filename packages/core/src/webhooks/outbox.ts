import type { WebhookDeliveryEventType } from '@drift/contract';
import type { Prisma, PrismaClient } from '@drift/db';
import { newId, toIso } from '@drift/domain';
import { insertRows, WEBHOOK_DELIVERY_COLUMNS } from '../capture/row-insert.ts';
import type { CoreDeps } from '../deps.ts';
import { kickWebhookWorkers } from './kick.ts';
import { isSlackWebhook, slackMessage } from './slack.ts';

export interface WebhookEventInput {
  accountId: string;
  type: WebhookDeliveryEventType;
  /** The same object the REST API returns for the resource (an email, a session, a playbook). */
  data: unknown;
  /** Only this webhook (the test endpoint); otherwise every enabled webhook subscribed to `type`. */
  webhookId?: string;
}

type OutboxDeps = Pick<CoreDeps, 'prisma' | 'clock'>;
/** The outbox written inside the caller's transaction, so that an event exists exactly when its change does. */
type OutboxWriter = { prisma: PrismaClient | Prisma.TransactionClient; clock: CoreDeps['clock'] };

/** The body a webhook receives for an event: the standard JSON event, or a Slack message. */
function bodyFor(
  webhook: { url: string; format: string },
  event: WebhookEventInput,
  standardBody: string,
): string | null {
  if (!isSlackWebhook(webhook)) return standardBody;
  const message = slackMessage(event.type, event.data);
  return message ? JSON.stringify(message) : null;
}

/**
 * Puts one delivery row per receiving webhook and event into the outbox (webhook_deliveries), in
 * one statement. Events of one call belong to one account. Returns the delivery ids (each is the
 * `webhook-id` header of its delivery). Inside a transaction, call kickWebhookWorkers after it
 * commits; outside one, enqueueWebhookEvents does both.
 */
export async function writeWebhookEvents(
  deps: OutboxWriter,
  accountId: string,
  events: WebhookEventInput[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const { prisma, clock } = deps;
  const targeted = events.flatMap((event) => (event.webhookId ? [event.webhookId] : []));
  const types = [...new Set(events.filter((event) => !event.webhookId).map((event) => event.type))];
  const webhooks = await prisma.webhook.findMany({
    where: {
      accountId,
      // Webhooks are a Team Growth feature: an account that left the plan keeps them, silent.
      account: { plan: 'team_growth' },
      OR: [
        ...(types.length > 0 ? [{ disabledAt: null, events: { hasSome: types } }] : []),
        ...(targeted.length > 0 ? [{ id: { in: targeted } }] : []),
      ],
    },
    select: { id: true, url: true, format: true, events: true },
  });
  if (webhooks.length === 0) return [];
  const now = clock.now();
  const rows = events.flatMap((event) => {
    const standardBody = JSON.stringify({ type: event.type, timestamp: toIso(now), data: event.data });
    const receivers = webhooks.filter((webhook) =>
      event.webhookId ? webhook.id === event.webhookId : webhook.events.includes(event.type),
    );
    return receivers.flatMap((webhook) => {
      const body = bodyFor(webhook, event, standardBody);
      if (body === null) return [];
      return [
        {
          id: newId('msg'),
          accountId,
          webhookId: webhook.id,
          eventType: event.type,
          body,
          status: 'pending' as const,
          attempts: 0,
          nextAttemptAt: now,
          claimedUntil: null,
          deliveredAt: null,
          createdAt: now,
        },
      ];
    });
  });
  if (rows.length === 0) return [];
  // One statement and one parameter however many rows (createMany binds every value of every row).
  const inserted = await insertRows(prisma, 'webhook_deliveries', WEBHOOK_DELIVERY_COLUMNS, rows);
  return inserted.map((row) => row.id);
}

/** writeWebhookEvents, then this process's delivery worker is woken to send them at once. */
export async function enqueueWebhookEvents(
  deps: OutboxDeps,
  accountId: string,
  events: WebhookEventInput[],
): Promise<string[]> {
  const ids = await writeWebhookEvents(deps, accountId, events);
  if (ids.length > 0) kickWebhookWorkers();
  return ids;
}

/** One event (for every subscribed webhook, or for `webhookId` only): see enqueueWebhookEvents. */
export function enqueueWebhookEvent(deps: OutboxDeps, event: WebhookEventInput): Promise<string[]> {
  return enqueueWebhookEvents(deps, event.accountId, [event]);
}
