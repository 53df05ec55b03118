import type {
  emailSchema,
  playbookItemSchema,
  playbookSchema,
  sessionDetailSchema,
  sessionListItemSchema,
  sessionPlaybookSchema,
} from '@drift/contract';
import type { Email, OooSession, Playbook } from '@drift/db';
import { sessionStatus, toIso } from '@drift/domain';
import type { z } from 'zod';
import type { SessionStats } from './sessions/session-stats.ts';

type PlaybookItem = z.infer<typeof playbookItemSchema>;

const isoOrNull = (date: Date | null) => (date ? toIso(date) : null);

/** The fields every view of a session starts with, in the reference's order. */
function sessionHead(session: OooSession, now: Date) {
  return {
    id: session.id,
    start_date: toIso(session.startDate),
    end_date: toIso(session.endDate),
    return_date: toIso(session.returnDate),
    status: sessionStatus(session, now),
  };
}

export function toSessionListItem(
  session: OooSession,
  stats: SessionStats,
  playbookId: string | null,
  now: Date,
): z.input<typeof sessionListItemSchema> {
  return {
    ...sessionHead(session, now),
    stats: {
      emails_received: stats.emails_received,
      emails_filtered: stats.emails_filtered,
      urgent_count: stats.urgent_count,
    },
    playbook_id: playbookId,
    created_at: toIso(session.createdAt),
  };
}

function playbookCore(playbook: Playbook): z.input<typeof sessionPlaybookSchema> {
  return {
    id: playbook.id,
    summary: playbook.summary,
    action_items: playbook.actionItems as PlaybookItem[],
    fyi_items: playbook.fyiItems as PlaybookItem[],
    resolved_items: playbook.resolvedItems as PlaybookItem[],
    stats: {
      total_emails: playbook.totalEmails,
      filtered_emails: playbook.filteredEmails,
      time_saved_minutes: playbook.timeSavedMinutes,
    },
    delivered_at: isoOrNull(playbook.deliveredAt),
    viewed_at: isoOrNull(playbook.viewedAt),
  };
}

export function toSessionDetail(
  session: OooSession,
  stats: SessionStats,
  playbook: Playbook | null,
  now: Date,
): z.input<typeof sessionDetailSchema> {
  return {
    ...sessionHead(session, now),
    auto_reply_message: session.autoReplyMessage,
    stats,
    playbook: playbook ? playbookCore(playbook) : null,
    created_at: toIso(session.createdAt),
    updated_at: toIso(session.updatedAt),
  };
}

export function toPlaybook(playbook: Playbook): z.input<typeof playbookSchema> {
  const { id, ...core } = playbookCore(playbook);
  return { id, ooo_session_id: playbook.sessionId, ...core, created_at: toIso(playbook.createdAt) };
}

/**
 * The columns `toEmail` reads. A list that selects only these skips the bodies, addresses and
 * headers it never shows: about half the database client's work per 100-row page.
 */
export const EMAIL_FIELDS = {
  id: true,
  externalId: true,
  sessionId: true,
  threadId: true,
  subject: true,
  fromEmail: true,
  fromName: true,
  category: true,
  urgencyScore: true,
  aiSummary: true,
  autoReplied: true,
  receivedAt: true,
  createdAt: true,
} as const satisfies Partial<Record<keyof Email, true>>;

export type EmailFields = Pick<Email, keyof typeof EMAIL_FIELDS>;

export function toEmail(email: EmailFields): z.input<typeof emailSchema> {
  return {
    id: email.id,
    external_id: email.externalId,
    session_id: email.sessionId,
    thread_id: email.threadId,
    subject: email.subject,
    from_email: email.fromEmail,
    from_name: email.fromName,
    category: email.category,
    urgency_score: email.urgencyScore,
    ai_summary: email.aiSummary,
    auto_replied: email.autoReplied,
    received_at: toIso(email.receivedAt),
    created_at: toIso(email.createdAt),
  };
}
