import { z } from 'zod';

// The parts of a captured email that both an email and a playbook item show, in the same order.

export const messageFields = {
  thread_id: z.string(),
  subject: z.string(),
  from_email: z.string(),
  from_name: z.string().nullable(),
};

export const urgencyScoreSchema = z.number().int().min(0).max(10);
