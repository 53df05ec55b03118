import type { Account, Email, Escalation, OooSession } from '@drift/db';
import { type EmailCategory, sessionStatus } from '@drift/domain';
import { composeEscalationMail, type OutgoingMail } from '@drift/mail';
import type { MailDeps } from '../deps.ts';
import { afterFailedSend, MAIL_CLAIM_LEASE_MS } from '../mail-retry.ts';
import { type BackupContact, backupContactOf } from './contact.ts';

/** What the contact's mail is written from: the message's facts, never its body. */
export type EscalatedEmail = Pick<
  Email,
  'id' | 'subject' | 'fromEmail' | 'fromName' | 'aiSummary' | 'category' | 'deadline' | 'receivedAt'
>;

export const ESCALATED_EMAIL_SELECT = {
  id: true,
  subject: true,
  fromEmail: true,
  fromName: true,
  aiSummary: true,
  category: true,
  deadline: true,
  receivedAt: true,
} as const;

export interface EscalationDelivery {
  escalation: Escalation;
  email: EscalatedEmail;
  session: OooSession;
  account: Account;
}

const CATEGORY_WORDS: Record<EmailCategory, string> = {
  urgent: 'Urgent',
  action_required: 'Action required',
  fyi: 'FYI',
  newsletter: 'Newsletter',
  promotional: 'Promotional',
  resolved: 'Resolved',
};

const formats = new Map<string, Intl.DateTimeFormat>();
/** "Tuesday 10 March 2026 at 13:00 (Europe/Berlin)": in the owner's zone, which the contact is told. */
function inZone(date: Date, timeZone: string): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone });
    formats.set(timeZone, format);
  }
  return `${format.format(date)} (${timeZone})`;
}

/** The dashboard's page of the message: `<public URL>/#/mail/<id>`. */
export function messageLink(publicUrl: string | undefined, emailId: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/#/mail/${encodeURIComponent(emailId)}` : null;
}

export function composeEscalation(
  deps: Pick<MailDeps, 'publicUrl'>,
  account: Account,
  contact: BackupContact,
  email: EscalatedEmail,
): OutgoingMail {
  return composeEscalationMail({
    owner: { address: account.email, name: account.name },
    contact: { address: contact.email, name: contact.name },
    message: {
      fromAddress: email.fromEmail,
      fromName: email.fromName,
      subject: email.subject,
      summary: email.aiSummary,
      category: CATEGORY_WORDS[email.category],
      received: inZone(email.receivedAt, account.timezone),
      deadline: email.deadline ? inZone(email.deadline, account.timezone) : null,
      link: messageLink(deps.publicUrl, email.id),
    },
  });
}

/** Why a queued escalation must not go out any more, or null when it still should. */
function stopReason({ session, account }: EscalationDelivery, now: Date): string | null {
  const status = sessionStatus(session, now);
  if (status !== 'active') return `session ${status} before delivery`;
  if (!backupContactOf(account)) return 'no backup contact on a Team Growth plan before delivery';
  return null;
}

/**
 * One attempt at each delivery the caller has claimed, side by side. A failure is recorded for a
 * retry with backoff (failed after the last attempt); the captured email is never touched. The
 * contact is read from the account at send time, so a contact changed meanwhile gets the mail.
 * Returns how many the transport accepted.
 */
export async function attemptEscalations(deps: MailDeps, deliveries: EscalationDelivery[]): Promise<number> {
  const { prisma, clock, mailer } = deps;
  const now = clock.now();
  const outcomes = await Promise.all(
    deliveries.map(async (delivery) => {
      const { escalation, email, account } = delivery;
      const stopped = stopReason(delivery, now);
      const contact = backupContactOf(account);
      if (stopped || !contact) {
        await prisma.escalation.update({
          where: { id: escalation.id },
          data: { status: 'failed', lastError: stopped },
        });
        return null;
      }
      const mail = composeEscalation(deps, account, contact, email);
      try {
        await mailer.send(mail);
      } catch (error) {
        await prisma.escalation.update({
          where: { id: escalation.id },
          data: afterFailedSend(escalation.attempts, now, error),
        });
        return null;
      }
      return { id: escalation.id, messageId: mail.messageId, contactEmail: contact.email };
    }),
  );
  const sent = outcomes.filter((outcome) => outcome !== null);
  if (sent.length === 0) return 0;
  await prisma.$executeRaw`
    UPDATE escalations AS escalation
    SET status = 'sent', sent_at = ${clock.now()}, message_id = outcome.message_id,
        contact_email = outcome.contact_email, last_error = NULL
    FROM unnest(${sent.map((s) => s.id)}::text[], ${sent.map((s) => s.messageId)}::text[],
                ${sent.map((s) => s.contactEmail)}::text[])
      AS outcome(id, message_id, contact_email)
    WHERE escalation.id = outcome.id`;
  return sent.length;
}

/**
 * Retries one queued escalation that is due. It is claimed first (attempts + 1, hidden for a
 * lease) so that several workers or instances never send it twice.
 */
export async function deliverEscalation(deps: MailDeps, escalationId: string): Promise<boolean> {
  const { prisma, clock } = deps;
  const now = clock.now();
  const pending = await prisma.escalation.findUnique({ where: { id: escalationId } });
  if (pending?.status !== 'pending' || pending.nextAttemptAt > now) return false;
  const claimed = await prisma.escalation.updateMany({
    where: { id: escalationId, status: 'pending', attempts: pending.attempts },
    data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + MAIL_CLAIM_LEASE_MS) },
  });
  if (claimed.count === 0) return false;
  const { account, ...escalation } = await prisma.escalation.findUniqueOrThrow({
    where: { id: escalationId },
    include: { account: true },
  });
  const [email, session] = await Promise.all([
    prisma.email.findUnique({ where: { id: escalation.emailId }, select: ESCALATED_EMAIL_SELECT }),
    prisma.oooSession.findUnique({ where: { id: escalation.sessionId } }),
  ]);
  if (!email || !session) {
    // Deleted with its session or account: nothing left to tell anyone about.
    await prisma.escalation.update({
      where: { id: escalationId },
      data: { status: 'failed', lastError: 'message no longer stored' },
    });
    return false;
  }
  return (await attemptEscalations(deps, [{ escalation, email, session, account }])) === 1;
}

/** One pass of the retry worker: every escalation that is due, oldest first. Returns how many went out. */
export async function deliverDueEscalations(deps: MailDeps, batchSize = 50): Promise<number> {
  const due = await deps.prisma.escalation.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: deps.clock.now() } },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
    select: { id: true },
  });
  let sent = 0;
  for (const { id } of due) {
    if (await deliverEscalation(deps, id)) sent++;
  }
  return sent;
}
