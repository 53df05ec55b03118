import {
  type AutoReply,
  type Email,
  type Escalation,
  Prisma,
  type PrismaClient,
  type WebhookDelivery,
} from '@drift/db';

type Columns<Row> = { readonly [Field in keyof Row]: string };

/** Every column of `emails`, by Prisma field: a field added to the model fails typecheck here. */
export const EMAIL_COLUMNS: Columns<Email> = {
  id: 'id',
  accountId: 'account_id',
  sessionId: 'session_id',
  externalId: 'external_id',
  messageId: 'message_id',
  threadId: 'thread_id',
  subject: 'subject',
  fromEmail: 'from_email',
  fromName: 'from_name',
  toAddresses: 'to_addresses',
  ccAddresses: 'cc_addresses',
  bodyText: 'body_text',
  category: 'category',
  urgencyScore: 'urgency_score',
  aiSummary: 'ai_summary',
  autoReplied: 'auto_replied',
  source: 'source',
  receivedAt: 'received_at',
  createdAt: 'created_at',
  inReplyTo: 'in_reply_to',
  references: 'references',
  threadSubject: 'thread_subject',
  participants: 'participants',
  deadline: 'deadline',
  settlesThread: 'settles_thread',
  ownCategory: 'own_category',
  ownUrgencyScore: 'own_urgency_score',
  bodyHtml: 'body_html',
  headers: 'headers',
  triageReasons: 'triage_reasons',
  autoReplyReason: 'auto_reply_reason',
  correctedFrom: 'corrected_from',
  correctedAt: 'corrected_at',
  ruleId: 'rule_id',
};

export const AUTO_REPLY_COLUMNS: Columns<AutoReply> = {
  id: 'id',
  accountId: 'account_id',
  sessionId: 'session_id',
  emailId: 'email_id',
  senderAddress: 'sender_address',
  status: 'status',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  messageId: 'message_id',
  sentAt: 'sent_at',
  createdAt: 'created_at',
};

export const ESCALATION_COLUMNS: Columns<Escalation> = {
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

export const WEBHOOK_DELIVERY_COLUMNS: Columns<WebhookDelivery> = {
  id: 'id',
  accountId: 'account_id',
  webhookId: 'webhook_id',
  eventType: 'event_type',
  body: 'body',
  status: 'status',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  claimedUntil: 'claimed_until',
  deliveredAt: 'delivered_at',
  createdAt: 'created_at',
};

/**
 * Inserts many rows with one statement and one parameter: the rows travel as a JSON array that
 * PostgreSQL unpacks into the table's own column types (`json_populate_recordset`). Prisma's
 * createMany binds every value of every row, about a millisecond a row here; this costs the same
 * for one row or a hundred. A row that collides with a unique key is skipped, as the other writer
 * got there first; the ids of the rows inserted come back.
 */
export function insertRows<Row extends { id: string }>(
  db: Pick<PrismaClient | Prisma.TransactionClient, '$queryRaw'>,
  table: 'emails' | 'auto_replies' | 'escalations' | 'webhook_deliveries',
  columns: Columns<Row>,
  rows: readonly Row[],
) {
  const fields = Object.keys(columns) as (keyof Row)[];
  const names = Prisma.raw(fields.map((field) => `"${columns[field]}"`).join(', '));
  const json = JSON.stringify(
    rows.map((row) => Object.fromEntries(fields.map((field) => [columns[field], row[field]]))),
  );
  return db.$queryRaw<{ id: string }[]>`
    INSERT INTO ${Prisma.raw(`"${table}"`)} (${names})
    SELECT ${names} FROM json_populate_recordset(NULL::${Prisma.raw(`"${table}"`)}, ${json}::json)
    ON CONFLICT DO NOTHING
    RETURNING id`;
}
