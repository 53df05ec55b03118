import type { Account, Escalation } from '@drift/db';
import { newId } from '@drift/domain';
import { ESCALATION_COLUMNS, insertRows } from '../capture/row-insert.ts';
import type { StoredEmail } from '../capture/thread-resolution.ts';
import type { MailDeps } from '../deps.ts';
import { MAIL_CLAIM_LEASE_MS } from '../mail-retry.ts';
import { backupContactOf } from './contact.ts';
import { attemptEscalations } from './deliver.ts';

const oldestFirst = (a: StoredEmail, b: StoredEmail) =>
  a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Queues one mail to the backup contact per thread and session for the batch's newly stored
 * messages that are escalated (their category is one the owner chose, or `flagged`: a custom
 * rule's escalate action), and sends them at once. The rows are created already claimed (attempt
 * 1, hidden for a lease); their unique (session, thread) key makes a later message of the thread,
 * even a concurrent one in another process, find it escalated. What fails here is retried by
 * `deliverDueEscalations`.
 */
export async function queueEscalations(
  deps: MailDeps,
  account: Account,
  stored: StoredEmail[],
  flagged: ReadonlySet<string> = new Set(),
): Promise<void> {
  const contact = backupContactOf(account);
  if (!contact || stored.length === 0) return;
  const categories = new Set<string>(account.escalateCategories);
  const firstPerThread = new Map<string, StoredEmail>();
  for (const email of [...stored].sort(oldestFirst)) {
    if (!categories.has(email.category) && !flagged.has(email.id)) continue;
    // The contact's own mail to the owner would only come back to them.
    if (email.fromEmail.toLowerCase() === contact.email.toLowerCase()) continue;
    const key = `${email.sessionId}\n${email.threadId}`;
    if (!firstPerThread.has(key)) firstPerThread.set(key, email);
  }
  if (firstPerThread.size === 0) return;

  const now = deps.clock.now();
  const rows: Escalation[] = [...firstPerThread.values()].map((email) => ({
    id: newId('esc'),
    accountId: account.id,
    sessionId: email.sessionId,
    threadId: email.threadId,
    emailId: email.id,
    contactEmail: contact.email,
    status: 'pending',
    attempts: 1,
    nextAttemptAt: new Date(now.getTime() + MAIL_CLAIM_LEASE_MS),
    lastError: null,
    messageId: null,
    sentAt: null,
    createdAt: now,
  }));
  // A thread escalated already, by this process or another, is skipped by its unique key.
  const inserted = new Set(
    (await insertRows(deps.prisma, 'escalations', ESCALATION_COLUMNS, rows)).map((row) => row.id),
  );
  const claimed = rows.filter((row) => inserted.has(row.id));
  if (claimed.length === 0) return;
  const sessions = new Map(
    (
      await deps.prisma.oooSession.findMany({
        where: { id: { in: [...new Set(claimed.map((row) => row.sessionId))] } },
      })
    ).map((session) => [session.id, session]),
  );
  const byEmailId = new Map(stored.map((email) => [email.id, email]));
  await attemptEscalations(
    deps,
    claimed.flatMap((escalation) => {
      const email = byEmailId.get(escalation.emailId);
      const session = sessions.get(escalation.sessionId);
      return email && session ? [{ escalation, email, session, account }] : [];
    }),
  );
}
