import { createHash } from 'node:crypto';
import type { Email, PrismaClient } from '@drift/db';

/**
 * What capture reads of a stored email: everything but the HTML and the reader's headers, which
 * only the dashboard shows (a thread of newsletters would otherwise read megabytes per message).
 */
export type StoredEmail = Omit<Email, 'bodyHtml' | 'headers'>;
export const STORED_EMAIL_OMIT = { bodyHtml: true, headers: true } as const;

import { threadRootId } from '@drift/triage';

export interface ThreadKeys {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  threadSubject: string;
  /** The subject carries a reply or forward prefix: only then may the subject alone join a thread. */
  subjectIsReply: boolean;
  participants: string[];
}

/** What thread resolution reads of a message, stored or earlier in the same batch. */
interface Member {
  id: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  threadId: string;
  threadSubject: string;
  participants: string[];
  receivedAt: Date;
}

/** A stable id from the thread's root Message-ID, so replies that arrive first still agree with it. */
function threadIdFromRoot(accountId: string, root: string): string {
  const digest = createHash('sha256').update(`${accountId}\n${root}`).digest('base64url');
  return `thr_${digest.replace(/[-_]/g, '').slice(0, 20)}`;
}

const linkedIds = (keys: ThreadKeys) =>
  [keys.inReplyTo, ...keys.references].filter((id): id is string => Boolean(id));
const oldestFirst = (a: Member, b: Member) =>
  a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The threads of a batch of new messages, from the messages already stored and those earlier in
 * the batch, read with one query (two when a reply lost its headers):
 * 1. any message it names (In-Reply-To/References), or that names it, or that shares a reference
 *    with it: replies arriving in any order meet here;
 * 2. otherwise, for a "Re:"/"Fwd:" whose client dropped those headers, the same normalised subject
 *    between the same people (minus the owner);
 * 3. otherwise a new thread keyed by its root id.
 * When a message links threads that were stored apart, they are merged into the oldest one
 * (`merges` says which stored threads to rewrite).
 */
export class ThreadResolver {
  private readonly members: Member[];
  private readonly storedByMessageId: Map<string, StoredEmail>;
  private readonly mergedInto = new Map<string, string>();
  private readonly storedThreads: Set<string>;

  private constructor(
    private readonly accountId: string,
    stored: StoredEmail[],
    private readonly own: Set<string>,
  ) {
    this.members = [...stored].sort(oldestFirst);
    this.storedByMessageId = new Map(stored.map((row) => [row.messageId, row]));
    this.storedThreads = new Set(stored.map((row) => row.threadId));
  }

  static async load(
    prisma: PrismaClient,
    accountId: string,
    batch: ThreadKeys[],
    ownAddresses: readonly string[],
  ): Promise<ThreadResolver> {
    const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
    if (batch.length === 0) return new ThreadResolver(accountId, [], own);
    const named = [...new Set(batch.flatMap((keys) => [keys.messageId, ...linkedIds(keys)]))];
    const bySubject = batch.filter((keys) => keys.subjectIsReply && keys.threadSubject);
    const people = [...new Set(bySubject.flatMap((keys) => keys.participants).filter((a) => !own.has(a)))];
    const [related, sameSubject] = await Promise.all([
      prisma.email.findMany({
        omit: STORED_EMAIL_OMIT,
        where: {
          accountId,
          OR: [
            { messageId: { in: named } },
            { inReplyTo: { in: named } },
            { references: { hasSome: named } },
          ],
        },
      }),
      people.length === 0
        ? []
        : prisma.email.findMany({
            omit: STORED_EMAIL_OMIT,
            where: {
              accountId,
              threadSubject: { in: [...new Set(bySubject.map((keys) => keys.threadSubject))] },
              participants: { hasSome: people },
            },
          }),
    ]);
    const rows = new Map([...related, ...sameSubject].map((row) => [row.id, row]));
    return new ThreadResolver(accountId, [...rows.values()], own);
  }

  /** The stored row with this Message-ID, when the batch's query found one. */
  stored(messageId: string): StoredEmail | undefined {
    return this.storedByMessageId.get(messageId);
  }

  /** The thread of a new message, merging the threads it links. */
  resolve(keys: ThreadKeys): string {
    const linked = linkedIds(keys);
    const everyId = new Set([keys.messageId, ...linked]);
    const related = this.members.filter(
      (m) =>
        linked.includes(m.messageId) ||
        (m.inReplyTo !== null && everyId.has(m.inReplyTo)) ||
        m.references.some((ref) => everyId.has(ref)),
    );
    const threadIds = [...new Set(related.map((m) => this.canonical(m.threadId)))];
    const [oldest, ...others] = threadIds;
    if (oldest) {
      for (const other of others) this.mergedInto.set(other, oldest);
      return oldest;
    }
    const people = keys.participants.filter((address) => !this.own.has(address));
    if (keys.subjectIsReply && keys.threadSubject && people.length > 0) {
      const sameConversation = this.members.find(
        (m) => m.threadSubject === keys.threadSubject && m.participants.some((p) => people.includes(p)),
      );
      if (sameConversation) return this.canonical(sameConversation.threadId);
    }
    return threadIdFromRoot(this.accountId, threadRootId(keys) ?? keys.messageId);
  }

  /** A message of the batch, visible to the batch's later messages. */
  add(member: { id: string; keys: ThreadKeys; threadId: string; receivedAt: Date }): void {
    const { keys } = member;
    this.members.push({
      id: member.id,
      messageId: keys.messageId,
      inReplyTo: keys.inReplyTo,
      references: keys.references,
      threadId: member.threadId,
      threadSubject: keys.threadSubject,
      participants: keys.participants,
      receivedAt: member.receivedAt,
    });
    this.members.sort(oldestFirst);
  }

  /** The thread a thread id ends up in after the batch's merges. */
  canonical(threadId: string): string {
    let current = threadId;
    for (let next = this.mergedInto.get(current); next; next = this.mergedInto.get(current)) current = next;
    return current;
  }

  /** Stored threads the batch joins or merges, as stored (before any merge). */
  storedThreadIds(): string[] {
    return [...this.storedThreads];
  }

  /** Stored threads to rewrite into the one they were merged with. */
  merges(): { from: string[]; into: string }[] {
    const into = new Map<string, string[]>();
    for (const from of this.mergedInto.keys()) {
      const target = this.canonical(from);
      into.set(target, [...(into.get(target) ?? []), from]);
    }
    return [...into].map(([target, from]) => ({ from, into: target }));
  }
}
