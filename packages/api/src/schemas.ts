import { SESSION_STATUSES } from '@drift/domain';
import { z } from 'zod';

export const EMAIL_CATEGORIES = [
  'urgent',
  'action_required',
  'fyi',
  'newsletter',
  'promotional',
  'resolved',
] as const;

const timestamp = z.iso.datetime().meta({ example: '2026-03-20T00:00:00.000Z' });

/** ISO 8601 date-time with `Z` or an offset; a bare date means midnight UTC. */
export const isoDateInput = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : 'must be an ISO 8601 date-time such as 2026-03-20T00:00:00.000Z',
  })
  .transform((value) => new Date(value));

/**
 * trpc-to-openapi would coerce query strings with `Number()`, accepting `0x10` or `1e1`; a pipe is
 * left alone by it, so REST strings are parsed here, strictly: decimal digits only.
 */
const strictInteger = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** The preprocess pipe hides the default from the OpenAPI generator, so it is put back here. */
const withDefault =
  (value: number) =>
  ({ jsonSchema }: { jsonSchema: Record<string, unknown> }) => {
    jsonSchema.default = value;
  };

function limitSchema(defaultLimit: number) {
  const message = 'limit must be an integer between 1 and 100';
  const limit = z
    .number({ error: message })
    .int({ error: message })
    .min(1, { error: message })
    .max(100, { error: message });
  return z
    .preprocess(strictInteger, limit)
    .default(defaultLimit)
    .meta({
      description: `Results per page (max 100, default ${defaultLimit})`,
      override: withDefault(defaultLimit),
    });
}

// Postgres OFFSET beyond int4 is pointless here and some drivers reject it, so the bound is explicit.
const OFFSET_MAX = 2_147_483_647;
const offsetMessage = `offset must be an integer between 0 and ${OFFSET_MAX}`;
const offsetSchema = z
  .preprocess(
    strictInteger,
    z
      .number({ error: offsetMessage })
      .int({ error: offsetMessage })
      .min(0, { error: offsetMessage })
      .max(OFFSET_MAX, { error: offsetMessage }),
  )
  .default(0)
  .meta({ description: 'Number of results to skip', override: withDefault(0) });

export function pageQuery(defaultLimit: number) {
  return { limit: limitSchema(defaultLimit), offset: offsetSchema };
}

export const paginationSchema = z.object({
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
});

export const sessionStatusSchema = z.enum(SESSION_STATUSES, {
  error: `status must be one of: ${SESSION_STATUSES.join(', ')}`,
});
export const emailCategorySchema = z.enum(EMAIL_CATEGORIES, {
  error: `category must be one of: ${EMAIL_CATEGORIES.join(', ')}`,
});

export const sessionStatsSchema = z.object({
  emails_received: z.number().int(),
  emails_filtered: z.number().int(),
  urgent_count: z.number().int(),
});

export const playbookItemSchema = z
  .object({
    email_id: z.string().meta({ example: 'em_abc123' }),
    thread_id: z.string(),
    subject: z.string(),
    from_email: z.string(),
    from_name: z.string().nullable(),
    summary: z.string(),
    category: emailCategorySchema,
    urgency_score: z.number().int().min(0).max(10),
    received_at: timestamp,
    deadline: timestamp.nullable().meta({ description: 'A deadline found in the text, if any' }),
    message_count: z.number().int().min(1).meta({ description: 'Messages of the thread during the session' }),
  })
  .meta({ id: 'PlaybookItem' });

export const playbookStatsSchema = z.object({
  total_emails: z.number().int(),
  filtered_emails: z.number().int(),
  time_saved_minutes: z.number().int(),
});

const playbookCore = {
  id: z.string().meta({ example: 'pb_xyz789' }),
  summary: z.string(),
  action_items: z.array(playbookItemSchema),
  fyi_items: z.array(playbookItemSchema),
  resolved_items: z.array(playbookItemSchema),
  stats: playbookStatsSchema,
  delivered_at: timestamp.nullable(),
  viewed_at: timestamp.nullable(),
};

export const sessionPlaybookSchema = z.object(playbookCore).meta({ id: 'SessionPlaybook' });

export const playbookSchema = z
  .object({
    id: playbookCore.id,
    ooo_session_id: z.string(),
    summary: playbookCore.summary,
    action_items: playbookCore.action_items,
    fyi_items: playbookCore.fyi_items,
    resolved_items: playbookCore.resolved_items,
    stats: playbookCore.stats,
    delivered_at: playbookCore.delivered_at,
    viewed_at: playbookCore.viewed_at,
    created_at: timestamp,
  })
  .meta({ id: 'Playbook' });

export const sessionListItemSchema = z
  .object({
    id: z.string().meta({ example: 'sess_abc123' }),
    start_date: timestamp,
    end_date: timestamp,
    return_date: timestamp,
    status: sessionStatusSchema,
    stats: sessionStatsSchema,
    playbook_id: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'OooSessionSummary' });

export const sessionDetailSchema = z
  .object({
    id: z.string().meta({ example: 'sess_abc123' }),
    start_date: timestamp,
    end_date: timestamp,
    return_date: timestamp,
    status: sessionStatusSchema,
    auto_reply_message: z.string().nullable(),
    stats: sessionStatsSchema.extend({ total_emails_synced: z.number().int() }),
    playbook: sessionPlaybookSchema.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'OooSession' });

export const emailSchema = z
  .object({
    id: z.string().meta({ example: 'em_abc123' }),
    external_id: z.string(),
    session_id: z.string(),
    thread_id: z.string(),
    subject: z.string(),
    from_email: z.string(),
    from_name: z.string().nullable(),
    category: emailCategorySchema,
    urgency_score: z.number().int().min(0).max(10),
    ai_summary: z.string(),
    auto_replied: z.boolean(),
    received_at: timestamp,
    created_at: timestamp,
  })
  .meta({ id: 'Email' });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), pagination: paginationSchema });
}
