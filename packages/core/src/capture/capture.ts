import { type Account, type Email, isUniqueViolation, type PrismaClient } from '@drift/db';
import { DomainError, newId } from '@drift/domain';
import { MailParseError, type ParsedMessage, parseMessage } from '@drift/mail';
import {
  autoReplyDecision,
  normalizeSubject,
  type OwnCategory,
  type PriorMessage,
  relabelThread,
  resolvedUrgencyScore,
  type TriageMessage,
  triageMessage,
} from '@drift/triage';
import type { MailDeps } from '../deps.ts';
import { sendQueuedAutoReply } from './auto-replies.ts';
import { messageIdOf } from './message-identity.ts';
import { resolveThreadId } from './thread-resolution.ts';
import { triageSettingsOf } from './triage-settings.ts';

/** Inbound mail arrives now; IMAP mail arrived when its server says (INTERNALDATE), maybe earlier. */
export type CaptureSource = { kind: 'inbound' } | { kind: 'imap'; externalId: string; receivedAt: Date };

export type CaptureResult =
  | { captured: false; reason: 'no_active_session' }
  | { captured: true; duplicate: boolean; email: Email };

/** How much of the thread triage reads: enough for any real conversation, bounded for a runaway one. */
const THREAD_HISTORY_LIMIT = 50;

async function parseOrRefuse(raw: Buffer): Promise<ParsedMessage> {
  try {
    return await parseMessage(raw);
  } catch (error) {
    if (error instanceof MailParseError) {
      throw new DomainError('VALIDATION_ERROR', `The body is not an email message: ${error.message}`);
    }
    throw error;
  }
}

/** A stored message as triage reads it; its headers are not kept, so header-only signals are absent. */
function asTriageMessage(email: Email): TriageMessage {
  const address = (a: string) => ({ address: a, name: null });
  return {
    messageId: email.messageId,
    inReplyTo: email.inReplyTo,
    references: email.references,
    subject: email.subject,
    from: email.fromEmail ? { address: email.fromEmail, name: email.fromName } : null,
    replyTo: [],
    to: email.toAddresses.map(address),
    cc: email.ccAddresses.map(address),
    date: email.receivedAt,
    returnPath: null,
    headers: {},
    text: email.bodyText,
  };
}

/** What triage made of a stored message on its own (older rows kept only the category). */
function ownOf(email: Email): { ownCategory: OwnCategory; ownUrgencyScore: number } {
  const own = email.ownCategory ?? email.category;
  return {
    ownCategory: own === 'resolved' ? 'fyi' : own,
    ownUrgencyScore: email.ownUrgencyScore ?? email.urgencyScore,
  };
}

async function storedDuplicate(
  prisma: PrismaClient,
  accountId: string,
  messageId: string,
): Promise<CaptureResult> {
  const email = await prisma.email.findUniqueOrThrow({
    where: { accountId_messageId: { accountId, messageId } },
  });
  return { captured: true, duplicate: true, email };
}

/**
 * The one capture path for every source (inbound relay, IMAP): parse, find the active session,
 * thread, triage, store, settle the thread, then answer the sender when the rules allow.
 * Idempotent per account and Message-ID, also under concurrent delivery of the same message:
 * the unique key (account, Message-ID) decides which delivery stores it.
 */
export async function captureMessage(
  deps: MailDeps,
  account: Account,
  raw: Buffer,
  source: CaptureSource = { kind: 'inbound' },
): Promise<CaptureResult> {
  const { prisma, clock } = deps;
  const parsed = await parseOrRefuse(raw);
  const arrivedAt = source.kind === 'imap' ? source.receivedAt : clock.now();
  const session = await prisma.oooSession.findFirst({
    where: {
      accountId: account.id,
      cancelledAt: null,
      startDate: { lte: arrivedAt },
      endDate: { gt: arrivedAt },
    },
  });
  if (!session) return { captured: false, reason: 'no_active_session' };

  const messageId = messageIdOf(parsed, raw);
  const settings = triageSettingsOf(account);
  const threadSubject = normalizeSubject(parsed.subject);
  const participants = [
    ...new Set([parsed.from, ...parsed.to, ...parsed.cc].flatMap((a) => (a ? [a.address] : []))),
  ];
  const threadId = await resolveThreadId(
    prisma,
    account.id,
    {
      messageId,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      threadSubject,
      subjectIsReply: threadSubject !== parsed.subject.trim().replace(/\s+/g, ' ').toLowerCase(),
      participants,
    },
    settings.ownAddresses,
  );
  const history = await prisma.email.findMany({
    where: { accountId: account.id, threadId },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    take: THREAD_HISTORY_LIMIT,
  });
  if (history.some((earlier) => earlier.messageId === messageId)) {
    return storedDuplicate(prisma, account.id, messageId);
  }
  const prior: PriorMessage[] = history.map((h) => ({
    messageId: h.messageId,
    fromAddress: h.fromEmail,
    category: h.category,
    ownCategory: ownOf(h).ownCategory,
    receivedAt: h.receivedAt,
    subject: h.subject,
    text: h.bodyText,
  }));
  const spamd = deps.spamd ? await deps.spamd(raw) : null;
  const triage = triageMessage({ ...parsed, messageId }, settings, prior, arrivedAt, { spamd });
  // Mail does not always come in order: a reply to this message may be stored already, and may
  // settle it. It is judged again now that the message it answers is known.
  const self: PriorMessage = {
    messageId,
    fromAddress: parsed.from?.address ?? '',
    category: triage.category,
    ownCategory: triage.ownCategory,
    receivedAt: arrivedAt,
    subject: parsed.subject,
    text: parsed.text,
  };
  const settledBy = triage.settlesThread
    ? undefined
    : history.find(
        (h) =>
          (h.inReplyTo === messageId || h.references.includes(messageId)) &&
          (h.settlesThread ||
            triageMessage(asTriageMessage(h), settings, [self], h.receivedAt).settlesThread),
      );
  const alreadySettled = settledBy !== undefined;
  const category = alreadySettled ? 'resolved' : triage.category;
  const urgencyScore = alreadySettled ? resolvedUrgencyScore(triage.urgencyScore) : triage.urgencyScore;

  let email: Email;
  try {
    email = await prisma.email.create({
      data: {
        id: newId('em'),
        accountId: account.id,
        sessionId: session.id,
        externalId: source.kind === 'imap' ? source.externalId : messageId,
        messageId,
        threadId,
        subject: parsed.subject,
        fromEmail: parsed.from?.address ?? '',
        fromName: parsed.from?.name ?? null,
        toAddresses: parsed.to.map((a) => a.address),
        ccAddresses: parsed.cc.map((a) => a.address),
        bodyText: parsed.text,
        category,
        urgencyScore,
        aiSummary: triage.summary,
        deadline: triage.deadline,
        settlesThread: triage.settlesThread,
        ownCategory: triage.ownCategory,
        ownUrgencyScore: triage.ownUrgencyScore,
        source: source.kind,
        receivedAt: arrivedAt,
        createdAt: clock.now(),
        inReplyTo: parsed.inReplyTo,
        references: parsed.references,
        threadSubject,
        participants,
      },
    });
  } catch (error) {
    // The same message delivered twice at once: the other delivery stored it first.
    if (isUniqueViolation(error)) return storedDuplicate(prisma, account.id, messageId);
    throw error;
  }

  if (settledBy && (!settledBy.settlesThread || settledBy.category !== 'resolved')) {
    await prisma.email.update({
      where: { id: settledBy.id },
      data: {
        settlesThread: true,
        category: 'resolved',
        urgencyScore: resolvedUrgencyScore(settledBy.urgencyScore),
      },
    });
  }
  // Settled inside its own thread, everything earlier in it needs nobody any more; re-opened, each
  // earlier message gets back what it was on its own.
  const relabelled = relabelThread(
    triage,
    history.map((h) => ({ ...h, ...ownOf(h) })),
  );
  for (const [i, label] of (relabelled ?? []).entries()) {
    const earlier = history[i];
    if (!earlier || (earlier.category === label.category && earlier.urgencyScore === label.urgencyScore))
      continue;
    await prisma.email.update({ where: { id: earlier.id }, data: label });
  }

  // Decided as if the sender were new: the unique (session, sender) row is what says "already answered".
  const decision = autoReplyDecision(parsed, email.category, settings, false, triage);
  if (!decision.send) return { captured: true, duplicate: false, email };
  const autoReplied = await sendQueuedAutoReply(deps, { email, session, account });
  return { captured: true, duplicate: false, email: { ...email, autoReplied } };
}
