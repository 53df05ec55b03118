import type { Account, AutoReply, Email, OooSession } from '@drift/db';
import { defaultAutoReplyMessage, newId, sendsAutoReply, sessionStatus } from '@drift/domain';
import { composeAutoReply } from '@drift/mail';
import type { MailDeps } from '../deps.ts';
import { withBackupContact } from '../escalation/contact.ts';
import { afterFailedSend, MAIL_CLAIM_LEASE_MS } from '../mail-retry.ts';
import { senderMessageId } from './message-identity.ts';
import { AUTO_REPLY_COLUMNS, insertRows } from './row-insert.ts';

interface Delivery {
  reply: AutoReply;
  email: Email;
  session: OooSession;
  account: Account;
}

/**
 * One attempt at each delivery the caller has claimed, sent side by side. A failure is recorded
 * for a retry with backoff; the captured email, already stored, is never touched by a failure.
 * The successes are recorded together. Returns the ids of the emails answered.
 */
async function attempt(deps: MailDeps, deliveries: Delivery[]): Promise<Set<string>> {
  const { prisma, clock, mailer } = deps;
  const now = clock.now();
  const outcomes = await Promise.all(
    deliveries.map(async ({ reply, email, session, account }) => {
      // Auto-replies stop at the session's end, even for a retry that was already queued.
      const status = sessionStatus(session, now);
      // So do retries of a session the owner has since set to send none.
      const stopped =
        status !== 'active'
          ? `session ${status} before delivery`
          : sendsAutoReply(session.autoReplyMessage)
            ? null
            : 'session set to send no auto-reply before delivery';
      if (stopped) {
        await prisma.autoReply.update({
          where: { id: reply.id },
          data: { status: 'failed', lastError: stopped },
        });
        return null;
      }
      const mail = composeAutoReply({
        original: {
          messageId: senderMessageId(email),
          references: email.references,
          subject: email.subject,
          fromAddress: email.fromEmail,
        },
        owner: { address: account.email, name: account.name },
        message: withBackupContact(
          account,
          session.autoReplyMessage ??
            defaultAutoReplyMessage(account.name, session.returnDate, account.timezone),
        ),
      });
      try {
        await mailer.send(mail);
      } catch (error) {
        await prisma.autoReply.update({
          where: { id: reply.id },
          data: afterFailedSend(reply.attempts, now, error),
        });
        return null;
      }
      return { replyId: reply.id, emailId: email.id, messageId: mail.messageId };
    }),
  );
  const sent = outcomes.filter((outcome) => outcome !== null);
  if (sent.length === 0) return new Set();
  // One statement records both, so a reply is never marked sent without its email saying so.
  await prisma.$executeRaw`
    WITH sent AS (
      UPDATE auto_replies AS reply
      SET status = 'sent', sent_at = ${clock.now()}, message_id = outcome.message_id, last_error = NULL
      FROM unnest(${sent.map((s) => s.replyId)}::text[], ${sent.map((s) => s.messageId)}::text[])
        AS outcome(id, message_id)
      WHERE reply.id = outcome.id
      RETURNING reply.email_id
    )
    UPDATE emails SET auto_replied = true WHERE id IN (SELECT email_id FROM sent)`;
  return new Set(sent.map((s) => s.emailId));
}

/** The emails a reply was queued for (the first of their sender), and those the transport accepted. */
export interface QueuedAutoReplies {
  queued: Set<string>;
  sent: Set<string>;
}

/**
 * Queues the session's one reply to each sender and sends them at once. The rows are created
 * already claimed (attempt 1, hidden for a lease), and their unique (session, sender) key makes a
 * second message from the same sender, even a concurrent one, find the sender answered.
 */
export async function sendQueuedAutoReplies(
  deps: MailDeps,
  account: Account,
  answers: { email: Email; session: OooSession }[],
): Promise<QueuedAutoReplies> {
  if (answers.length === 0) return { queued: new Set(), sent: new Set() };
  const now = deps.clock.now();
  const firstPerSender = new Map<string, { email: Email; session: OooSession }>();
  for (const answer of answers) {
    const key = `${answer.session.id}\n${answer.email.fromEmail}`;
    if (!firstPerSender.has(key)) firstPerSender.set(key, answer);
  }
  const byEmailId = new Map(answers.map((answer) => [answer.email.id, answer]));
  const rows: AutoReply[] = [...firstPerSender.values()].map(({ email, session }) => ({
    id: newId('ar'),
    accountId: account.id,
    sessionId: session.id,
    emailId: email.id,
    senderAddress: email.fromEmail,
    status: 'pending',
    attempts: 1,
    nextAttemptAt: new Date(now.getTime() + MAIL_CLAIM_LEASE_MS),
    lastError: null,
    messageId: null,
    sentAt: null,
    createdAt: now,
  }));
  const inserted = new Set(
    (await insertRows(deps.prisma, 'auto_replies', AUTO_REPLY_COLUMNS, rows)).map((r) => r.id),
  );
  const claimed = rows.filter((row) => inserted.has(row.id));
  const sent = await attempt(
    deps,
    claimed.flatMap((reply) => {
      const answer = byEmailId.get(reply.emailId);
      return answer ? [{ reply, ...answer, account }] : [];
    }),
  );
  return { queued: new Set(claimed.map((reply) => reply.emailId)), sent };
}

/**
 * Retries one queued auto-reply that is due. It is claimed first (attempts + 1, hidden for a
 * lease) so that several workers or instances never send it twice.
 */
export async function deliverAutoReply(deps: MailDeps, autoReplyId: string): Promise<boolean> {
  const { prisma, clock } = deps;
  const now = clock.now();
  const pending = await prisma.autoReply.findUnique({ where: { id: autoReplyId } });
  if (pending?.status !== 'pending' || pending.nextAttemptAt > now) return false;
  const claimed = await prisma.autoReply.updateMany({
    where: { id: autoReplyId, status: 'pending', attempts: pending.attempts },
    data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + MAIL_CLAIM_LEASE_MS) },
  });
  if (claimed.count === 0) return false;
  const { email, session, account, ...reply } = await prisma.autoReply.findUniqueOrThrow({
    where: { id: autoReplyId },
    include: { email: true, session: true, account: true },
  });
  return (await attempt(deps, [{ reply, email, session, account }])).has(email.id);
}

/** One pass of the retry worker: every delivery that is due, oldest first. */
export async function deliverDueAutoReplies(deps: MailDeps, batchSize = 50): Promise<number> {
  const due = await deps.prisma.autoReply.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: deps.clock.now() } },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
    select: { id: true },
  });
  let sent = 0;
  for (const { id } of due) {
    if (await deliverAutoReply(deps, id)) sent++;
  }
  return sent;
}
