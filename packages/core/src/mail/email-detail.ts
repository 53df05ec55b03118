import type { emailDetailSchema } from '@drift/contract';
import type { Prisma } from '@drift/db';
import { DomainError, toIso } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { toEmail } from '../serializers.ts';
import { type Addressed, autoReplyView } from './auto-reply-outcome.ts';
import { sanitizeMailHtml } from './sanitize-html.ts';

export const EMAIL_NOT_FOUND = 'Email not found';
/** A thread longer than this is a runaway (a bot answering a bot); the first messages tell its story. */
const THREAD_MAX = 200;

const isoOrNull = (date: Date | null) => (date ? toIso(date) : null);

/** The stored headers as the contract shows them; anything else in the column is skipped. */
function headersOf(value: Prisma.JsonValue): { name: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) =>
    entry &&
    typeof entry === 'object' &&
    !Array.isArray(entry) &&
    typeof entry.name === 'string' &&
    typeof entry.value === 'string'
      ? [{ name: entry.name, value: entry.value }]
      : [],
  );
}

/** Whether the owner (any of their addresses) was in To, else in Cc. */
function addressedAs(own: string[], to: string[], cc: string[]): Addressed {
  const mine = new Set(own.map((a) => a.trim().toLowerCase()));
  const has = (list: string[]) => list.some((a) => mine.has(a.trim().toLowerCase()));
  return has(to) ? 'to' : has(cc) ? 'cc' : null;
}

/** One of the account's emails in full: sanitised body, why triage and the auto-reply did what they did, its thread. */
export async function getEmailDetail(
  { prisma }: CoreDeps,
  accountId: string,
  id: string,
): Promise<z.input<typeof emailDetailSchema>> {
  const email = await prisma.email.findFirst({
    where: { id, accountId },
    include: { autoReply: true, account: { select: { email: true, aliases: true } } },
  });
  if (!email) throw new DomainError('NOT_FOUND', EMAIL_NOT_FOUND);
  const thread = await prisma.email.findMany({
    where: { accountId, threadId: email.threadId },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    take: THREAD_MAX,
    select: { id: true, subject: true, fromEmail: true, fromName: true, category: true, receivedAt: true },
  });
  // The rule may have been deleted since: then no rule is named (its sentence stays in the reasons).
  const rule = email.ruleId
    ? await prisma.rule.findFirst({
        where: { id: email.ruleId, accountId },
        select: { id: true, name: true },
      })
    : null;
  const html = email.bodyHtml === null ? null : sanitizeMailHtml(email.bodyHtml);
  return {
    ...toEmail(email),
    to: email.toAddresses,
    cc: email.ccAddresses,
    headers: headersOf(email.headers),
    body_text: email.bodyText,
    body_html: html?.html ?? null,
    has_remote_images: html?.hasRemoteImages ?? false,
    deadline: isoOrNull(email.deadline),
    triage: {
      reasons: email.triageReasons,
      corrected_from: email.correctedFrom,
      corrected_at: isoOrNull(email.correctedAt),
      rule,
    },
    auto_reply: autoReplyView(
      email.autoReplyReason,
      email.autoReply,
      addressedAs([email.account.email, ...email.account.aliases], email.toAddresses, email.ccAddresses),
    ),
    thread: thread.map((message) => ({
      id: message.id,
      subject: message.subject,
      from_email: message.fromEmail,
      from_name: message.fromName,
      category: message.category,
      received_at: toIso(message.receivedAt),
    })),
  };
}
