import { z } from 'zod';
import {
  cursorListOf,
  cursorPageQuery,
  idSchema,
  isoDateInput,
  oneStartingPoint,
  sessionStatusSchema,
  timestamp,
} from './common.ts';
import { AUTO_REPLY_MAX_LENGTH } from './limits.ts';
import { sessionPlaybookSchema } from './playbooks.ts';

export const sessionStatsSchema = z.object({
  emails_received: z.number().int(),
  emails_filtered: z.number().int(),
  urgent_count: z.number().int(),
});

/** What a session is, first in both its list item and its detail. */
const sessionSchedule = {
  id: z.string().meta({ example: 'sess_abc123' }),
  start_date: timestamp,
  end_date: timestamp,
  return_date: timestamp,
  status: sessionStatusSchema,
};

export const sessionListItemSchema = z
  .object({
    ...sessionSchedule,
    stats: sessionStatsSchema,
    playbook_id: z.string().nullable(),
    created_at: timestamp,
  })
  .meta({ id: 'OooSessionSummary' });

export const sessionDetailSchema = z
  .object({
    ...sessionSchedule,
    auto_reply_message: z.string().nullable(),
    stats: sessionStatsSchema.extend({ total_emails_synced: z.number().int() }),
    playbook: sessionPlaybookSchema.nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'OooSession' });

export const sessionListSchema = cursorListOf(sessionListItemSchema);

const sessionId = idSchema.meta({ description: 'OOO session id', example: 'sess_abc123' });
const autoReplyMessage = z.string().max(AUTO_REPLY_MAX_LENGTH, {
  error: `auto_reply_message must be at most ${AUTO_REPLY_MAX_LENGTH} characters`,
});

export const listSessionsInput = z
  .object({ status: sessionStatusSchema.optional(), ...cursorPageQuery(20, 'sess_abc123') })
  .superRefine(oneStartingPoint);
export const sessionIdInput = z.object({ id: sessionId });

export const createSessionInput = z.strictObject({
  start_date: isoDateInput,
  end_date: isoDateInput,
  return_date: isoDateInput.optional(),
  auto_reply_message: autoReplyMessage.nullish(),
});

export const updateSessionInput = z.strictObject({
  id: sessionId,
  start_date: isoDateInput.optional(),
  end_date: isoDateInput.optional(),
  return_date: isoDateInput.optional(),
  auto_reply_message: autoReplyMessage.nullish(),
  // A plain string so that planUpdate answers a wrong value with its own message; documented
  // as the two values planUpdate accepts.
  status: z
    .string()
    .optional()
    .meta({
      enum: ['cancelled', 'completed'],
      description: 'Set to `cancelled` to cancel a scheduled session, `completed` to end an active one now',
    }),
});

export type CreateSession = z.input<typeof createSessionInput>;
export type UpdateSession = z.input<typeof updateSessionInput>;

export const deletedSessionSchema = z.object({ id: z.string(), deleted: z.literal(true) });
