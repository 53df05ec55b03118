import { z } from 'zod';
import {
  cursorListOf,
  cursorPageQuery,
  emailCategorySchema,
  oneStartingPoint,
  sessionFilter,
  timestamp,
} from './common.ts';
import { messageFields, urgencyScoreSchema } from './email-fields.ts';

export const emailSchema = z
  .object({
    id: z.string().meta({ example: 'em_abc123' }),
    external_id: z.string(),
    session_id: z.string(),
    ...messageFields,
    category: emailCategorySchema,
    urgency_score: urgencyScoreSchema,
    ai_summary: z.string(),
    auto_replied: z.boolean(),
    received_at: timestamp,
    created_at: timestamp,
  })
  .meta({ id: 'Email' });

export const listEmailsInput = z
  .object({
    session_id: sessionFilter,
    category: emailCategorySchema.optional(),
    ...cursorPageQuery(50, 'em_abc123'),
  })
  .superRefine(oneStartingPoint);
export const emailListSchema = cursorListOf(emailSchema);
