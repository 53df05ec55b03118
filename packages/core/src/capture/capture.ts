import type { Account, Email, OooSession, Prisma } from '@drift/db';
import { DomainError, newId, sendsAutoReply } from '@drift/domain';
import { MailParseError, type ParsedMessage, parseMessage } from '@drift/mail';
import {
  autoReplyDecision,
  normalizeSubject,
  type OwnCategory,
  type PriorMessage,
  relabelThread,
  resolvedUrgencyScore,
  SETTLED_BY_THREAD_REASON,
  SETTLES_THREAD_REASON,
  type TriageMessage,
  triageMessage,
} from '@drift/triage';
import type { MailDeps } from '../deps.ts';
import { applyRules, ruledAutoReply, ruleVerdict } from '../rules/apply.ts';
import { matchRules } from '../rules/match.ts';
import { rulesToApply } from '../rules/rules.ts';
import { afterStore } from './after-store.ts';
import { sendQueuedAutoReplies } from './auto-replies.ts';
import { messageIdOf } from './message-identity.ts';
import { readerHeaders, storedHtml } from './reader-fields.ts';
import { EMAIL_COLUMNS, insertRows } from './row-insert.ts';
import { STORED_EMAIL_OMIT, type StoredEmail, type ThreadKeys, ThreadResolver } from './thread-resolution.ts';
import { triageSettingsOf } from './triage-settings.ts';

/** Inbound mail arrives now; IMAP mail arrived when its server says (INTERNALDATE), maybe earlier. */
export type CaptureSource = { kind: 'inbound' } | { kind: 'imap'; externalId: string; receivedAt: Date };

export type CaptureResult =
  | { captured: false; reason: 'no_active_session' }
  | { captured: true; duplicate: boolean; email: StoredEmail };

/** A message already parsed, waiting in a batch. */
export interface ParsedDelivery {
  raw: Buffer;
  parsed: ParsedMessage;
  source: CaptureSource;
}

/** How much of the thread triage reads: enough for any real conversation, bounded for a runaway one. */
const THREAD_HISTORY_LIMIT = 50;

export async function parseOrRefuse(raw: Buffer): Promise<ParsedMessage> {
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
function asTriageMessage(email: StoredEmail): TriageMessage {
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
function ownOf(email: StoredEmail): { ownCategory: OwnCategory; ownUrgencyScore: number } {
  const own = email.ownCategory ?? email.category;
  return {
    ownCategory: own === 'resolved' ? 'fyi' : own,
    ownUrgencyScore: email.ownUrgencyScore ?? email.urgencyScore,
  };
}

const byArrival = (a: StoredEmail, b: StoredEmail) =>
  a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Longest normalised subject kept for joining threads: far beyond any real subject, and short
 * enough for the (account, thread subject) index, which refuses rows over about 2.7 kB.
 */
const THREAD_SUBJECT_MAX = 400;

function threadKeysOf(parsed: ParsedMessage, messageId: string): ThreadKeys {
  const normalised = normalizeSubject(parsed.subject);
  return {
    messageId,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    threadSubject: normalised.slice(0, THREAD_SUBJECT_MAX),
    subjectIsReply: normalised !== parsed.subject.trim().replace(/\s+/g, ' ').toLowerCase(),
    participants: [
      ...new Set([parsed.from, ...parsed.to, ...parsed.cc].flatMap((a) => (a ? [a.address] : []))),
    ],
  };
}

/** The non-cancelled session whose window holds the instant, among the few that may. */
function sessionAt(sessions: OooSession[], at: Date): OooSession | undefined {
  return sessions.find((s) => s.startDate <= at && at < s.endDate);
}

/** The reasons the thread gives a message; the message's own reasons from triage follow them. */
const THREAD_REASONS = [SETTLED_BY_THREAD_REASON, SETTLES_THREAD_REASON];

/** The message's reasons led by what its thread did to it (null: the thread no longer decides). */
function withThreadReason(reasons: string[], lead: string | null): string[] {
  const own = reasons.filter((reason) => !THREAD_REASONS.includes(reason));
  return lead ? [lead, ...own] : own;
}

interface LabelChange {
  ids: string[];
  data: Pick<StoredEmail, 'category' | 'urgencyScore' | 'settlesThread'>;
  threadReason: string | null;
}

/** Labels of stored rows that a batch changed, grouped so that each distinct change is one update. */
function groupedChanges(changed: Map<StoredEmail, string | null>): LabelChange[] {
  const groups = new Map<string, LabelChange>();
  for (const [email, threadReason] of changed) {
    const data = {
      category: email.category,
      urgencyScore: email.urgencyScore,
      settlesThread: email.settlesThread,
    };
    const key = `${data.category}|${data.urgencyScore}|${data.settlesThread}|${threadReason}`;
    const group = groups.get(key) ?? { ids: [], data, threadReason };
    group.ids.push(email.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * One group of changed labels. The owner's correction wins over the thread: a corrected row is
 * left alone, even one corrected since the batch read it. The reasons keep their order, with the
 * thread's reason (if any) in front.
 */
function labelUpdate(prisma: MailDeps['prisma'], { ids, data, threadReason }: LabelChange) {
  return prisma.$executeRaw`
    UPDATE emails SET
      category = ${data.category}::"EmailCategory",
      urgency_score = ${data.urgencyScore},
      settles_thread = ${data.settlesThread},
      triage_reasons = ${threadReason === null ? [] : [threadReason]}::text[] || ARRAY(
        SELECT reason FROM unnest(triage_reasons) WITH ORDINALITY AS own(reason, position)
        WHERE reason <> ALL(${THREAD_REASONS}::text[]) ORDER BY position)
    WHERE id = ANY(${ids}::text[]) AND corrected_at IS NULL`;
}

/**
 * The one capture path for every source (inbound relay, IMAP), for a batch of one account's
 * messages at once: find the active session, thread, triage, store, settle the threads, then answer
 * the senders when the rules allow. Each step is one set of queries for the whole batch; messages
 * of the batch meet each other in their threads exactly as if they had been stored one by one, in
 * order. Idempotent per account and Message-ID, also under concurrent delivery of the same message
 * (in the batch, or by another process): the unique key (account, Message-ID) decides which
 * delivery stores it. Results are in the order of `deliveries`.
 */
export async function captureBatch(
  deps: MailDeps,
  account: Account,
  deliveries: readonly ParsedDelivery[],
): Promise<CaptureResult[]> {
  const { prisma, clock } = deps;
  const now = clock.now();
  if (deliveries.length === 0) return [];
  const settings = triageSettingsOf(account);
  // Messages of a batch arrive at one instant; ids that sort in arrival order keep the order of a
  // thread (received_at, then id) the same as if they had been stored one by one.
  const ids = deliveries.map(() => newId('em')).sort();
  const items = deliveries.map((delivery, index) => {
    const messageId = messageIdOf(delivery.parsed, delivery.raw);
    return {
      ...delivery,
      index,
      id: ids[index] as string,
      messageId,
      keys: threadKeysOf(delivery.parsed, messageId),
      arrivedAt: delivery.source.kind === 'imap' ? delivery.source.receivedAt : now,
    };
  });

  const times = items.map((item) => item.arrivedAt.getTime());
  // Independent reads, side by side: the sessions the batch may fall in, its threads, the rules.
  const [sessions, resolver, rules] = await Promise.all([
    prisma.oooSession.findMany({
      where: {
        accountId: account.id,
        cancelledAt: null,
        startDate: { lte: new Date(Math.max(...times)) },
        endDate: { gt: new Date(Math.min(...times)) },
      },
    }),
    ThreadResolver.load(
      prisma,
      account.id,
      items.map((item) => item.keys),
      settings.ownAddresses,
    ),
    rulesToApply(prisma, account),
  ]);
  const inSession = items.flatMap((item) => {
    const session = sessionAt(sessions, item.arrivedAt);
    return session ? [{ ...item, session }] : [];
  });
  // The first of the batch with a Message-ID stores it; a stored one, or a repeat, is a duplicate.
  const firstWith = new Map<string, (typeof inSession)[number]>();
  const fresh = inSession.filter((item) => {
    if (resolver.stored(item.messageId) || firstWith.has(item.messageId)) return false;
    firstWith.set(item.messageId, item);
    return true;
  });
  const resolvedThread = new Map<number, string>();
  for (const item of fresh) {
    const threadId = resolver.resolve(item.keys);
    resolvedThread.set(item.index, threadId);
    resolver.add({ id: item.id, keys: item.keys, threadId, receivedAt: item.arrivedAt });
  }
  const threads = await loadThreadHistories(prisma, account.id, resolver);
  const spamdVerdicts = await Promise.all(fresh.map((item) => (deps.spamd ? deps.spamd(item.raw) : null)));

  const created = new Map<string, Email>();
  const wantsReply = new Set<string>();
  // Stored rows the batch relabelled, with the reason their thread now gives them.
  const changedStored = new Map<StoredEmail, string | null>();
  const relabel = (row: StoredEmail, label: Partial<StoredEmail>, threadReason: string | null) => {
    if (row.correctedAt) return;
    Object.assign(row, label);
    row.triageReasons = withThreadReason(row.triageReasons, threadReason);
    if (!created.has(row.id)) changedStored.set(row, threadReason);
  };
  fresh.forEach((item, i) => {
    const threadId = resolver.canonical(resolvedThread.get(item.index) as string);
    const thread = threads.get(threadId) ?? [];
    threads.set(threadId, thread);
    const history = thread.slice(0, THREAD_HISTORY_LIMIT);
    const { parsed, messageId, arrivedAt, keys } = item;
    const prior: PriorMessage[] = history.map((h) => ({
      messageId: h.messageId,
      fromAddress: h.fromEmail,
      category: h.category,
      ownCategory: ownOf(h).ownCategory,
      receivedAt: h.receivedAt,
      subject: h.subject,
      text: h.bodyText,
    }));
    // The owner's rules: matched on the message as parsed, applied over triage's verdict. A rule
    // that marks the sender a VIP counts as deciding only when triage would have said otherwise.
    const ruleOutcome = matchRules(rules, parsed);
    const sender = parsed.from?.address.toLowerCase();
    const ruledVip =
      ruleOutcome.markVip !== null &&
      sender !== undefined &&
      !settings.vipSenders.some((vip) => vip.trim().toLowerCase() === sender);
    const messageSettings = ruledVip
      ? { ...settings, vipSenders: [...settings.vipSenders, sender as string] }
      : settings;
    const triageOf = (asSettings: typeof settings) =>
      triageMessage({ ...parsed, messageId }, asSettings, prior, arrivedAt, {
        spamd: spamdVerdicts[i] ?? null,
      });
    const triage = applyRules(triageOf(messageSettings), ruleOutcome, ruledVip ? triageOf(settings) : null);
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
    const category = settledBy ? 'resolved' : triage.category;
    // Decided as if the sender were new: the unique (session, sender) row is what says "already answered".
    const ruled = ruledAutoReply(
      autoReplyDecision(parsed, category, messageSettings, false, triage),
      ruleOutcome,
      triage.ruleEffects,
    );
    const { decision } = ruled;
    const verdict = ruleVerdict(ruleOutcome, ruled.effects, triage.reasons);
    const replies = sendsAutoReply(item.session.autoReplyMessage);
    if (decision.send && replies) wantsReply.add(item.id);
    const email: Email = {
      id: item.id,
      accountId: account.id,
      sessionId: item.session.id,
      externalId: item.source.kind === 'imap' ? item.source.externalId : messageId,
      messageId,
      threadId,
      subject: parsed.subject,
      fromEmail: parsed.from?.address ?? '',
      fromName: parsed.from?.name ?? null,
      toAddresses: parsed.to.map((a) => a.address),
      ccAddresses: parsed.cc.map((a) => a.address),
      bodyText: parsed.text,
      category,
      urgencyScore: settledBy ? resolvedUrgencyScore(triage.urgencyScore) : triage.urgencyScore,
      aiSummary: triage.summary,
      autoReplied: false,
      deadline: triage.deadline,
      settlesThread: triage.settlesThread,
      ownCategory: triage.ownCategory,
      ownUrgencyScore: triage.ownUrgencyScore,
      source: item.source.kind,
      receivedAt: arrivedAt,
      createdAt: now,
      inReplyTo: parsed.inReplyTo,
      references: parsed.references,
      threadSubject: keys.threadSubject,
      participants: keys.participants,
      bodyHtml: storedHtml(parsed.html),
      headers: readerHeaders(parsed.headers) as unknown as Prisma.JsonArray,
      triageReasons: withThreadReason(verdict.reasons, settledBy ? SETTLED_BY_THREAD_REASON : null),
      autoReplyReason: replies ? decision.reason : 'disabled',
      correctedFrom: null,
      correctedAt: null,
      ruleId: verdict.ruleId,
    };
    if (settledBy && (!settledBy.settlesThread || settledBy.category !== 'resolved')) {
      relabel(
        settledBy,
        {
          settlesThread: true,
          category: 'resolved',
          urgencyScore: resolvedUrgencyScore(settledBy.urgencyScore),
        },
        SETTLES_THREAD_REASON,
      );
    }
    // Settled inside its own thread, everything earlier in it needs nobody any more; re-opened, each
    // earlier message gets back what it was on its own.
    const relabelled = relabelThread(
      triage,
      history.map((h) => ({ ...h, ...ownOf(h) })),
    );
    for (const [j, label] of (relabelled ?? []).entries()) {
      const earlier = history[j];
      if (!earlier || (earlier.category === label.category && earlier.urgencyScore === label.urgencyScore))
        continue;
      relabel(earlier, label, label.category === 'resolved' ? SETTLED_BY_THREAD_REASON : null);
    }
    thread.push(email);
    thread.sort(byArrival);
    created.set(email.id, email);
  });

  const inserted = await storeBatch(deps, account.id, [...created.values()], resolver, changedStored);
  const replies = await sendQueuedAutoReplies(
    deps,
    account,
    fresh.flatMap((item) => {
      const email = created.get(item.id);
      return email && wantsReply.has(email.id) && inserted.has(email.id)
        ? [{ email, session: item.session }]
        : [];
    }),
  );
  await recordAlreadyAnswered(deps, created, wantsReply, inserted, replies.queued);
  const ours = (email: StoredEmail): StoredEmail => ({ ...email, autoReplied: replies.sent.has(email.id) });
  await afterStore(deps, account, [...created.values()].filter((email) => inserted.has(email.id)).map(ours));
  // Stored by another delivery since this batch looked (in another process): read back.
  const lostRace = fresh.filter((item) => !inserted.has(item.id)).map((item) => item.messageId);
  const storedMeanwhile = await storedByMessageId(prisma, account.id, lostRace);

  return items.map((item): CaptureResult => {
    if (!inSession.some((candidate) => candidate.index === item.index))
      return { captured: false, reason: 'no_active_session' };
    const first = firstWith.get(item.messageId);
    if (first?.index === item.index && inserted.has(item.id))
      return { captured: true, duplicate: false, email: ours(created.get(item.id) as Email) };
    const email =
      resolver.stored(item.messageId) ??
      (first && inserted.has(first.id) ? ours(created.get(first.id) as Email) : undefined) ??
      storedMeanwhile.get(item.messageId);
    if (!email) throw new Error(`message ${item.messageId} was neither stored before nor now`);
    return { captured: true, duplicate: true, email };
  });
}

/**
 * A reply was wanted but the sender's one reply of the session was queued already (before this
 * batch, by an earlier message of it, or by a concurrent delivery): say so on the email.
 */
async function recordAlreadyAnswered(
  { prisma }: MailDeps,
  created: Map<string, Email>,
  wanted: Set<string>,
  inserted: Set<string>,
  queued: Set<string>,
): Promise<void> {
  const answered = [...wanted].filter((id) => inserted.has(id) && !queued.has(id));
  if (answered.length === 0) return;
  await prisma.email.updateMany({
    where: { id: { in: answered } },
    data: { autoReplyReason: 'already_answered' },
  });
  for (const id of answered) {
    const email = created.get(id);
    if (email) email.autoReplyReason = 'already_answered';
  }
}

/** The stored rows of these Message-IDs. */
async function storedByMessageId(
  prisma: MailDeps['prisma'],
  accountId: string,
  messageIds: string[],
): Promise<Map<string, StoredEmail>> {
  if (messageIds.length === 0) return new Map();
  const rows = await prisma.email.findMany({
    omit: STORED_EMAIL_OMIT,
    where: { accountId, messageId: { in: messageIds } },
  });
  return new Map(rows.map((row) => [row.messageId, row]));
}

/**
 * The first messages of each stored thread the batch joins, oldest first, keyed by the thread they
 * end up in (threads a batch message links are merged into the oldest).
 */
async function loadThreadHistories(
  prisma: MailDeps['prisma'],
  accountId: string,
  resolver: ThreadResolver,
): Promise<Map<string, StoredEmail[]>> {
  const threads = new Map<string, StoredEmail[]>();
  const storedThreadIds = resolver.storedThreadIds();
  if (storedThreadIds.length === 0) return threads;
  const firstIds = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT id, row_number() OVER (PARTITION BY thread_id ORDER BY received_at, id) AS position
      FROM emails WHERE account_id = ${accountId} AND thread_id = ANY(${storedThreadIds}::text[])
    ) AS firsts WHERE position <= ${THREAD_HISTORY_LIMIT}`;
  const rows = await prisma.email.findMany({
    omit: STORED_EMAIL_OMIT,
    where: { id: { in: firstIds.map((row) => row.id) } },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
  });
  for (const row of rows) {
    const threadId = resolver.canonical(row.threadId);
    row.threadId = threadId;
    const thread = threads.get(threadId) ?? [];
    thread.push(row);
    threads.set(threadId, thread);
  }
  return threads;
}

/**
 * Writes the batch: threads it merged, its new rows (a row whose Message-ID another delivery
 * stored first is skipped), and the labels it changed on stored rows; in one transaction when there
 * is more than the insert. Returns the ids of the rows inserted.
 */
async function storeBatch(
  { prisma }: MailDeps,
  accountId: string,
  rows: Email[],
  resolver: ThreadResolver,
  changedStored: Map<StoredEmail, string | null>,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const insert = insertRows(prisma, 'emails', EMAIL_COLUMNS, rows);
  const others = [
    ...resolver
      .merges()
      .map(({ from, into }) =>
        prisma.email.updateMany({ where: { accountId, threadId: { in: from } }, data: { threadId: into } }),
      ),
    ...groupedChanges(changedStored).map((change) => labelUpdate(prisma, change)),
  ];
  const inserted = others.length === 0 ? await insert : (await prisma.$transaction([insert, ...others]))[0];
  return new Set(inserted.map((row) => row.id));
}

/** One message through the batch path: parsed here, refused with VALIDATION_ERROR when not mail. */
export async function captureMessage(
  deps: MailDeps,
  account: Account,
  raw: Buffer,
  source: CaptureSource = { kind: 'inbound' },
): Promise<CaptureResult> {
  const parsed = await parseOrRefuse(raw);
  const [result] = await captureBatch(deps, account, [{ raw, parsed, source }]);
  return result as CaptureResult;
}
