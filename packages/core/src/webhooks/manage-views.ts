import type { createdWebhookSchema, webhookAttemptSchema, webhookSchema } from '@drift/contract';
import type { PrismaClient } from '@drift/db';
import { toIso } from '@drift/domain';
import type { z } from 'zod';

// The rows as Prisma reads them (@drift/db does not re-export these model types).
type Webhook = NonNullable<Awaited<ReturnType<PrismaClient['webhook']['findUnique']>>>;
type WebhookAttempt = NonNullable<Awaited<ReturnType<PrismaClient['webhookAttempt']['findUnique']>>>;

const isoOrNull = (date: Date | null) => (date ? toIso(date) : null);

/** What a webhook is, in the API's field order; never its secret. */
export function toWebhook(webhook: Webhook): z.input<typeof webhookSchema> {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events as z.input<typeof webhookSchema>['events'],
    description: webhook.description,
    format: webhook.format,
    disabled_at: isoOrNull(webhook.disabledAt),
    disabled_reason: webhook.disabledReason,
    created_at: toIso(webhook.createdAt),
  };
}

/** The answer to a create: the only time the secret leaves the server. */
export function toCreatedWebhook(webhook: Webhook): z.input<typeof createdWebhookSchema> {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events as z.input<typeof createdWebhookSchema>['events'],
    description: webhook.description,
    format: webhook.format,
    secret: webhook.secret,
    created_at: toIso(webhook.createdAt),
  };
}

export function toWebhookAttempt(attempt: WebhookAttempt): z.input<typeof webhookAttemptSchema> {
  return {
    id: attempt.id,
    delivery_id: attempt.deliveryId,
    event: attempt.eventType,
    status_code: attempt.statusCode,
    duration_ms: attempt.durationMs,
    error: attempt.error,
    created_at: toIso(attempt.createdAt),
  };
}
