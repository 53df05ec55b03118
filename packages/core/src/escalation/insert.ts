import type { PrismaClient } from '@drift/db';
import type { Escalation } from './row.ts';

const COLUMNS: { readonly [Field in keyof Escalation]: string } = {
  id: 'id',
  accountId: 'account_id',
  sessionId: 'session_id',
  threadId: 'thread_id',
  emailId: 'email_id',
  contactEmail: 'contact_email',
  status: 'status',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  messageId: 'message_id',
  sentAt: 'sent_at',
  createdAt: 'created_at',
};

/**
 * Inserts the escalations in one statement (the rows travel as one JSON parameter). A row whose
 * (session, thread) is escalated already, by this process or another, is skipped; the ids of the
 * rows inserted come back, and only those may be sent.
 */
export async function insertEscalations(
  db: Pick<PrismaClient, '$queryRaw'>,
  rows: readonly Escalation[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(
    rows.map((row) =>
      Object.fromEntries(
        Object.entries(COLUMNS).map(([field, column]) => [column, row[field as keyof Escalation]]),
      ),
    ),
  );
  const inserted = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO escalations (id, account_id, session_id, thread_id, email_id, contact_email, status,
                             attempts, next_attempt_at, last_error, message_id, sent_at, created_at)
    SELECT id, account_id, session_id, thread_id, email_id, contact_email, status,
           attempts, next_attempt_at, last_error, message_id, sent_at, created_at
    FROM json_populate_recordset(NULL::escalations, ${json}::json)
    ON CONFLICT (session_id, thread_id) DO NOTHING
    RETURNING id`;
  return inserted.map((row) => row.id);
}
