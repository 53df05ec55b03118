import { z } from 'zod';
import { EMAIL_CATEGORIES, emailCategorySchema, idSchema, listOf, pageQuery, timestamp } from './common.ts';
import { emailSchema } from './emails.ts';

// The dashboard's reading of captured mail (tRPC only, signed-in owner): a sorted, searchable
// list with counts per category, one message in full, and the owner's category corrections.

export const MAIL_SORTS = ['urgency', 'time'] as const;
export type MailSort = (typeof MAIL_SORTS)[number];
export const MAIL_SEARCH_MAX_LENGTH = 200;

export const inboxInput = z.object({
  session_id: idSchema,
  category: emailCategorySchema.optional(),
  /** `urgency`: highest score first, then newest; `time`: newest first. */
  sort: z.enum(MAIL_SORTS, { error: `sort must be one of: ${MAIL_SORTS.join(', ')}` }).default('urgency'),
  /** Matched, case-insensitively, anywhere in the sender's address or name or in the subject. */
  q: z
    .string()
    .trim()
    .max(MAIL_SEARCH_MAX_LENGTH, { error: `search must be at most ${MAIL_SEARCH_MAX_LENGTH} characters` })
    .optional(),
  ...pageQuery(20),
});

/** Messages per category under the list's search (not its category), for the filter chips. */
export const categoryCountsSchema = z.object(
  Object.fromEntries(EMAIL_CATEGORIES.map((c) => [c, z.number().int()])) as Record<
    (typeof EMAIL_CATEGORIES)[number],
    z.ZodNumber
  >,
);

export const inboxSchema = listOf(emailSchema).extend({
  counts: categoryCountsSchema.extend({ all: z.number().int() }),
});

/** Why the auto-reply went or did not: triage's RFC 3834 decision, plus the session's own choice. */
export const AUTO_REPLY_OUTCOMES = [
  'ok',
  'auto_submitted',
  'list_header',
  'precedence',
  'suppressed',
  'robot_sender',
  'empty_return_path',
  'spam',
  'bulk_category',
  'own_address',
  'not_addressed',
  'not_a_person',
  'already_answered',
  'no_sender',
  /** The session was set to send no auto-reply (`auto_reply_message: ""`). */
  'disabled',
  /** One of the owner's custom rules says never to auto-reply to it. */
  'rule',
  /** Captured before Drift kept the reason. */
  'unknown',
] as const;
export type AutoReplyOutcome = (typeof AUTO_REPLY_OUTCOMES)[number];

export const threadMessageSchema = z.object({
  id: z.string(),
  subject: z.string(),
  from_email: z.string(),
  from_name: z.string().nullable(),
  category: emailCategorySchema,
  received_at: timestamp,
});

export const emailDetailSchema = emailSchema.extend({
  to: z.array(z.string()),
  cc: z.array(z.string()),
  /** The headers that matter to a reader (Date, Reply-To, List-Id, Auto-Submitted, …), in order. */
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  body_text: z.string(),
  /** Sanitised HTML (no scripts, handlers, forms, frames or styles that load); null for text-only mail. */
  body_html: z.string().nullable(),
  /** The HTML refers to images on other servers; the dashboard loads them only when asked. */
  has_remote_images: z.boolean(),
  deadline: timestamp.nullable(),
  triage: z.object({
    /** Sentences that say why the message got its category and score, most decisive first. */
    reasons: z.array(z.string()),
    /** Set when the owner corrected the category: what triage had said. */
    corrected_from: emailCategorySchema.nullable(),
    corrected_at: timestamp.nullable(),
    /** The custom rule that decided the category, urgency or auto-reply; null when none did (or it was deleted). */
    rule: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  auto_reply: z.object({
    /** pending and failed are replies Drift decided to send and has not (yet) delivered. */
    status: z.enum(['sent', 'pending', 'failed', 'not_sent']),
    reason: z.enum(AUTO_REPLY_OUTCOMES),
    /** The reason in one sentence. */
    explanation: z.string(),
    sent_at: timestamp.nullable(),
  }),
  /** Every message of its thread, oldest first, this one included. */
  thread: z.array(threadMessageSchema),
});

export const getEmailInput = z.object({ id: idSchema });

export const correctCategoryInput = z.object({ id: idSchema, category: emailCategorySchema });

/** A kept correction, offered as a rule for its sender ("always treat mail from … as …"). */
export const senderRuleOfferSchema = z.object({
  sender: z.string(),
  category: emailCategorySchema,
  /** How many of the owner's corrections say this of this sender. */
  corrections: z.number().int(),
  /** Other captured messages from this sender that triage put elsewhere. */
  other_messages: z.number().int(),
});

export const correctCategoryOutput = z.object({
  email: emailSchema,
  corrected_from: emailCategorySchema,
  rule_offer: senderRuleOfferSchema,
});

export const correctionSchema = z.object({
  id: z.string(),
  email_id: z.string(),
  sender: z.string(),
  from_category: emailCategorySchema,
  to_category: emailCategorySchema,
  created_at: timestamp,
});
export const correctionListSchema = z.object({
  data: z.array(correctionSchema),
  /** One offer per sender and category, most corrections first. */
  rule_offers: z.array(senderRuleOfferSchema),
});
