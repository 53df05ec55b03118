import { type Account, type AutoReply, type Email, isUniqueViolation, type OooSession } from '@drift/db';
import { newId, sessionStatus, toIso } from '@drift/domain';
import { composeAutoReply } from '@drift/mail';
import type { MailDeps } from '../deps.ts';
import { senderMessageId } from './message-identity.ts';

/** Attempts before giving up; with the backoff below that is about four hours of retrying. */
export const AUTO_REPLY_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;
/** How long a claimed delivery is hidden from other workers; longer than any SMTP timeout. */
const CLAIM_LEASE_MS = 5 * 60_000;

export function autoReplyBackoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

const returnDayFormats = new Map<string, Intl.DateTimeFormat>();

export function defaultAutoReplyMessage(ownerName: string, returnDate: Date, timeZone: string): string {
  let format = returnDayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone });
    returnDayFormats.set(timeZone, format);
  }
  return `Hello,\n\nI am out of office and will be back on ${format.format(returnDate)}. I will read your message when I return.\n\n${ownerName}`;
}

interface Delivery {
  reply: AutoReply;
  email: Email;
  session: OooSession;
  account: Account;
}

/**
 * One attempt at a delivery the caller has claimed. A failure is recorded for a retry with
 * backoff; the captured email, already stored, is never touched by a failure.
 */
async function attempt(deps: MailDeps, { reply, email, session, account }: Delivery): Promise<boolean> {
  const { prisma, clock, mailer } = deps;
  const now = clock.now();
  // Auto-replies stop at the session's end, even for a retry that was already queued.
  const status = sessionStatus(session, now);
  if (status !== 'active') {
    await prisma.autoReply.update({
      where: { id: reply.id },
      data: { status: 'failed', lastError: `session ${status} before delivery` },
    });
    return false;
  }
  const mail = composeAutoReply({
    original: {
      messageId: senderMessageId(email),
      references: email.references,
      subject: email.subject,
      fromAddress: email.fromEmail,
    },
    owner: { address: account.email, name: account.name },
    message:
      session.autoReplyMessage ?? defaultAutoReplyMessage(account.name, session.returnDate, account.timezone),
  });
  try {
    await mailer.send(mail);
  } catch (error) {
    const exhausted = reply.attempts >= AUTO_REPLY_MAX_ATTEMPTS;
    await prisma.autoReply.update({
      where: { id: reply.id },
      data: {
        status: exhausted ? 'failed' : 'pending',
        nextAttemptAt: new Date(now.getTime() + autoReplyBackoffMs(reply.attempts)),
        lastError: `${toIso(now)} ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
      },
    });
    return false;
  }
  await prisma.$transaction([
    prisma.autoReply.update({
      where: { id: reply.id },
      data: { status: 'sent', sentAt: clock.now(), messageId: mail.messageId, lastError: null },
    }),
    prisma.email.update({ where: { id: email.id }, data: { autoReplied: true } }),
  ]);
  return true;
}

/**
 * Queues the session's one reply to this sender and sends it at once. The row is created already
 * claimed (attempt 1, hidden for a lease), and its unique (session, sender) key makes a second
 * message from the same sender, even a concurrent one, find the sender answered.
 * Returns whether the transport accepted the reply.
 */
export async function sendQueuedAutoReply(
  deps: MailDeps,
  context: { email: Email; session: OooSession; account: Account },
): Promise<boolean> {
  const now = deps.clock.now();
  let reply: AutoReply;
  try {
    reply = await deps.prisma.autoReply.create({
      data: {
        id: newId('ar'),
        accountId: context.account.id,
        sessionId: context.session.id,
        emailId: context.email.id,
        senderAddress: context.email.fromEmail,
        attempts: 1,
        nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  return attempt(deps, { reply, ...context });
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
    data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + CLAIM_LEASE_MS) },
  });
  if (claimed.count === 0) return false;
  const { email, session, account, ...reply } = await prisma.autoReply.findUniqueOrThrow({
    where: { id: autoReplyId },
    include: { email: true, session: true, account: true },
  });
  return attempt(deps, { reply, email, session, account });
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
