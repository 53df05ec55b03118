import { z } from 'zod';
import { emailCategorySchema, idSchema, listOf, pageQuery, sessionFilter, timestamp } from './common.ts';
import { messageFields, urgencyScoreSchema } from './email-fields.ts';

export const playbookItemSchema = z
  .object({
    email_id: z.string().meta({ example: 'em_abc123' }),
    ...messageFields,
    summary: z.string(),
    category: emailCategorySchema,
    urgency_score: urgencyScoreSchema,
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

export const listPlaybooksInput = z.object({ session_id: sessionFilter, ...pageQuery(20) });
export const getPlaybookInput = z.object({ id: idSchema });
export const playbookListSchema = listOf(playbookSchema);
