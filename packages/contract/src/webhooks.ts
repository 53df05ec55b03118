import { z } from 'zod';
import { idSchema, listOf, pageQuery, timestamp } from './common.ts';
import { ID_MAX_LENGTH } from './limits.ts';
import { WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT } from './webhook-events.ts';

export const WEBHOOK_FORMATS = ['standard', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const WEBHOOK_URL_MAX_LENGTH = 2048;
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 500;
/** Each account's receivers are bounded: every event fans out to all of them. */
export const WEBHOOKS_PER_ACCOUNT_MAX = 20;

const webhookId = z
  .string()
  .min(1, { error: 'id must not be empty' })
  .max(ID_MAX_LENGTH, { error: `id must be at most ${ID_MAX_LENGTH} characters` })
  .meta({ description: 'Webhook id', example: 'wh_abc123' });

const webhookEvent = z.enum(WEBHOOK_EVENTS, {
  error: `must be one of: ${WEBHOOK_EVENTS.join(', ')}`,
});

const webhookFormat = z.enum(WEBHOOK_FORMATS, {
  error: `format must be one of: ${WEBHOOK_FORMATS.join(', ')}`,
});

/** A list of events without repeats: each is named once, so each event is sent once. */
const webhookEvents = z
  .array(webhookEvent, {
    error: (issue) => (issue.input === undefined ? 'is required' : 'events must be an array of event names'),
  })
  .min(1, { error: 'events must name at least one event' })
  .superRefine((events, ctx) => {
    events.forEach((event, index) => {
      if (events.indexOf(event) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `events.${index} repeats ${event}; name each event once`,
        });
      }
    });
  })
  .meta({
    description: `The events to receive: one or more of ${WEBHOOK_EVENTS.map((e) => `\`${e}\``).join(', ')}`,
    example: ['email.urgent', 'playbook.ready'],
  });

/** The fields of a new webhook; the operator's variant adds `account_id`. */
export const createWebhookFields = {
  url: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'url must be a string') })
    .trim()
    .min(1, { error: 'url is required' })
    .max(WEBHOOK_URL_MAX_LENGTH, { error: `url must be at most ${WEBHOOK_URL_MAX_LENGTH} characters` })
    .meta({
      description:
        'Where events are POSTed: an `https://` URL on the public internet (a Slack incoming-webhook URL gets Slack messages)',
      example: 'https://example.com/hooks/drift',
    }),
  events: webhookEvents,
  description: z
    .string({ error: 'description must be a string' })
    .trim()
    .max(WEBHOOK_DESCRIPTION_MAX_LENGTH, {
      error: `description must be at most ${WEBHOOK_DESCRIPTION_MAX_LENGTH} characters`,
    })
    .nullish()
    .meta({ description: 'A note for you, e.g. what receives the events', example: 'HR system' }),
  format: webhookFormat.optional().meta({
    description:
      '`standard`: the signed JSON event; `slack`: a Slack message for `email.urgent` and `playbook.ready`. Defaults to `standard`; a Slack incoming-webhook URL (`https://hooks.slack.com/services/...`) is always `slack`',
  }),
};
export const createWebhookInput = z.strictObject(createWebhookFields);
export type CreateWebhook = z.input<typeof createWebhookInput>;

export const webhookIdInput = z.object({ id: webhookId });
export const listWebhooksInput = z.object(pageQuery(20));
export const listWebhookDeliveriesInput = z.object({ id: webhookId, ...pageQuery(20) });

const webhookCore = {
  id: z.string().meta({ example: 'wh_abc123' }),
  url: z.string(),
  events: z.array(webhookEvent),
  description: z.string().nullable(),
  format: webhookFormat,
};

export const webhookSchema = z
  .object({
    ...webhookCore,
    disabled_at: timestamp.nullable().meta({
      description: 'When Drift stopped sending to it after failing deliveries for 3 days; null while enabled',
    }),
    disabled_reason: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'Webhook' });

export const createdWebhookSchema = z
  .object({
    ...webhookCore,
    secret: z.string().meta({
      description:
        'Signs every delivery (Standard Webhooks, `webhook-signature`). Shown only in this response: store it now',
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    }),
    created_at: timestamp,
  })
  .meta({ id: 'CreatedWebhook' });

export const webhookListSchema = listOf(webhookSchema);

export const deletedWebhookSchema = z.object({ id: z.string(), deleted: z.literal(true) });

export const queuedWebhookTestSchema = z
  .object({
    id: z.string().meta({
      description: 'The delivery id: the `webhook-id` header the receiver gets',
      example: 'msg_abc123',
    }),
    type: z.literal(WEBHOOK_TEST_EVENT),
    queued: z.literal(true),
  })
  .meta({ id: 'QueuedWebhookTest' });

export const webhookAttemptSchema = z
  .object({
    id: z.string().meta({ example: 'wha_abc123' }),
    delivery_id: z.string().meta({
      description: 'The delivery this attempt belongs to: the `webhook-id` header, the same on every retry',
      example: 'msg_abc123',
    }),
    event: z.string().meta({ example: 'email.urgent' }),
    status_code: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The receiver's HTTP status; null when it did not answer" }),
    duration_ms: z.number().int(),
    error: z.string().nullable().meta({ description: 'Why the attempt failed; null when it succeeded' }),
    created_at: timestamp,
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookAttemptListSchema = listOf(webhookAttemptSchema);

// The operator's (CLI) variants: `account_id` names the account.
export const accountWebhooksInput = z.strictObject({ account_id: idSchema, ...pageQuery(20) });
export const createAccountWebhookInput = z.strictObject({ account_id: idSchema, ...createWebhookFields });
