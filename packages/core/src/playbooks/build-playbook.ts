import { isUniqueViolation, type Playbook, type PrismaClient } from '@drift/db';
import { newId, playbookDeliveryTime } from '@drift/domain';
import { buildPlaybook, type PlaybookEmail } from '@drift/triage';
import type { CoreDeps } from '../deps.ts';

/** Rows are read in pages so that a 100k-email session never needs one giant result set. */
const PAGE_SIZE = 5_000;

async function sessionEmails(prisma: PrismaClient, sessionId: string): Promise<PlaybookEmail[]> {
  const emails: PlaybookEmail[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await prisma.email.findMany({
      where: { sessionId },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      select: {
        id: true,
        threadId: true,
        subject: true,
        fromEmail: true,
        fromName: true,
        aiSummary: true,
        category: true,
        urgencyScore: true,
        receivedAt: true,
        deadline: true,
      },
    });
    for (const row of page) emails.push({ ...row, summary: row.aiSummary });
    if (page.length < PAGE_SIZE) return emails;
    cursor = page.at(-1)?.id;
  }
}

/**
 * Builds the return playbook of a completed session, once: the unique session id on playbooks
 * makes a second builder (another instance, a retry after a crash) find the first one's result.
 * Returns null while the session is not completed (or was cancelled).
 */
export async function buildSessionPlaybook(
  deps: Pick<CoreDeps, 'prisma' | 'clock'>,
  sessionId: string,
): Promise<{ playbook: Playbook; created: boolean } | null> {
  const { prisma, clock } = deps;
  const session = await prisma.oooSession.findUnique({
    where: { id: sessionId },
    include: { account: true, playbook: true },
  });
  if (!session || session.cancelledAt) return null;
  if (session.playbook) return { playbook: session.playbook, created: false };
  const now = clock.now();
  if (session.endDate > now) return null;

  const { account } = session;
  const content = buildPlaybook(await sessionEmails(prisma, session.id), {
    vipSenders: account.vipSenders,
    timeZone: account.timezone,
    now,
    sessionStart: session.startDate,
    sessionEnd: session.endDate,
  });
  // Ended early: the owner is back now, so the playbook goes out at once.
  const deliverAt = session.endedEarlyAt
    ? now
    : playbookDeliveryTime(session.returnDate, account.timezone, now);
  try {
    const playbook = await prisma.playbook.create({
      data: {
        id: newId('pb'),
        accountId: account.id,
        sessionId: session.id,
        summary: content.summary,
        actionItems: content.action_items as object[],
        fyiItems: content.fyi_items as object[],
        resolvedItems: content.resolved_items as object[],
        totalEmails: content.stats.total_emails,
        filteredEmails: content.stats.filtered_emails,
        timeSavedMinutes: content.stats.time_saved_minutes,
        deliverAt,
        createdAt: now,
      },
    });
    return { playbook, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const playbook = await prisma.playbook.findUniqueOrThrow({ where: { sessionId: session.id } });
    return { playbook, created: false };
  }
}
