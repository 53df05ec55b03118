import { createHash } from 'node:crypto';
import type { Prisma, PrismaClient } from '@drift/db';
import { threadRootId } from '@drift/triage';

type Db = Prisma.TransactionClient | PrismaClient;

export interface ThreadKeys {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  threadSubject: string;
  /** The subject carries a reply or forward prefix: only then may the subject alone join a thread. */
  subjectIsReply: boolean;
  participants: string[];
}

/** A stable id from the thread's root Message-ID, so replies that arrive first still agree with it. */
function threadIdFromRoot(accountId: string, root: string): string {
  const digest = createHash('sha256').update(`${accountId}\n${root}`).digest('base64url');
  return `thr_${digest.replace(/[-_]/g, '').slice(0, 20)}`;
}

/**
 * The thread a new message belongs to, from the messages already stored:
 * 1. any stored message it names (In-Reply-To/References), or that names it, or that shares a
 *    reference with it: replies arriving in any order meet here;
 * 2. otherwise, for a "Re:"/"Fwd:" whose client dropped those headers, the same normalised subject
 *    between the same people (minus the owner);
 * 3. otherwise a new thread keyed by its root id.
 * When a message links threads that were stored apart, they are merged into the oldest one.
 */
export async function resolveThreadId(
  db: Db,
  accountId: string,
  keys: ThreadKeys,
  ownAddresses: readonly string[],
): Promise<string> {
  const linked = [keys.inReplyTo, ...keys.references].filter((id): id is string => Boolean(id));
  const everyId = [...new Set([keys.messageId, ...linked])];
  const related = await db.email.findMany({
    where: {
      accountId,
      OR: [
        { messageId: { in: linked } },
        { inReplyTo: { in: everyId } },
        { references: { hasSome: everyId } },
      ],
    },
    select: { threadId: true, receivedAt: true },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
  });
  const threadIds = [...new Set(related.map((email) => email.threadId))];
  const [oldest, ...others] = threadIds;
  if (oldest) {
    if (others.length > 0) {
      await db.email.updateMany({
        where: { accountId, threadId: { in: others } },
        data: { threadId: oldest },
      });
    }
    return oldest;
  }

  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const people = keys.participants.filter((address) => !own.has(address));
  if (keys.subjectIsReply && keys.threadSubject && people.length > 0) {
    const sameConversation = await db.email.findFirst({
      where: { accountId, threadSubject: keys.threadSubject, participants: { hasSome: people } },
      select: { threadId: true },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    });
    if (sameConversation) return sameConversation.threadId;
  }
  return threadIdFromRoot(accountId, threadRootId(keys) ?? keys.messageId);
}
