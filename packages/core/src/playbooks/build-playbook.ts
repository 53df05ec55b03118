import { type Account, isUniqueViolation, type OooSession, type Playbook, type Prisma } from '@drift/db';
import { newId, playbookDeliveryTime } from '@drift/domain';
import { buildPlaybook, type PlaybookEmail } from '@drift/triage';
import type { CoreDeps } from '../deps.ts';
import { toPlaybook } from '../serializers.ts';
import { kickWebhookWorkers } from '../webhooks/kick.ts';
import { writeWebhookEvents } from '../webhooks/outbox.ts';

/** Rows are read in pages so that a 100k-email session never needs one giant result set. */
const PAGE_SIZE = 5_000;

type EmailReader = Pick<Prisma.TransactionClient, 'email'>;

async function sessionEmails(prisma: EmailReader, sessionId: string): Promise<PlaybookEmail[]> {
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

/** The playbook columns that follow from the session's mail (not its id or delivery state). */
export interface PlaybookContentColumns
  extends Pick<Playbook, 'summary' | 'totalEmails' | 'filteredEmails' | 'timeSavedMinutes'> {
  actionItems: Prisma.InputJsonArray;
  fyiItems: Prisma.InputJsonArray;
  resolvedItems: Prisma.InputJsonArray;
}

/** What the session's mail says now, as playbook columns: shared by the first build and a rebuild. */
export async function sessionPlaybookContent(
  prisma: EmailReader,
  session: OooSession & { account: Account },
  now: Date,
): Promise<PlaybookContentColumns> {
  const { account } = session;
  const content = buildPlaybook(await sessionEmails(prisma, session.id), {
    vipSenders: account.vipSenders,
    timeZone: account.timezone,
    now,
    sessionStart: session.startDate,
    sessionEnd: session.endDate,
  });
  return {
    summary: content.summary,
    actionItems: content.action_items as object[],
    fyiItems: content.fyi_items as object[],
    resolvedItems: content.resolved_items as object[],
    totalEmails: content.stats.total_emails,
    filteredEmails: content.stats.filtered_emails,
    timeSavedMinutes: content.stats.time_saved_minutes,
  };
}

/**
 * Builds the session's playbook again in place, after its mail changed (the owner corrected a
 * category): same id, same delivery and viewing state. Null when the session has none yet. Meant
 * to run in the transaction that changed the mail.
 */
export async function rebuildSessionPlaybook(
  prisma: Prisma.TransactionClient,
  sessionId: string,
  now: Date,
): Promise<Playbook | null> {
  const session = await prisma.oooSession.findUnique({
    where: { id: sessionId },
    include: { account: true, playbook: { select: { id: true } } },
  });
  if (!session?.playbook) return null;
  // Rebuilds of one playbook take turns: each then reads the mail the one before it committed.
  await prisma.$queryRaw`SELECT id FROM playbooks WHERE id = ${session.playbook.id} FOR UPDATE`;
  const content = await sessionPlaybookContent(prisma, session, now);
  return prisma.playbook.update({ where: { id: session.playbook.id }, data: content });
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
  const content = await sessionPlaybookContent(prisma, session, now);
  // Ended early: the owner is back now, so the playbook goes out at once.
  const deliverAt = session.endedEarlyAt
    ? now
    : playbookDeliveryTime(session.returnDate, account.timezone, now);
  try {
    // The playbook and its playbook.ready event are stored together: only the builder that
    // created the row announces it, and a crash leaves neither or both.
    const playbook = await prisma.$transaction(async (tx) => {
      const created = await tx.playbook.create({
        data: {
          id: newId('pb'),
          accountId: account.id,
          sessionId: session.id,
          ...content,
          deliverAt,
          createdAt: now,
        },
      });
      await writeWebhookEvents({ prisma: tx, clock }, account.id, [
        { accountId: account.id, type: 'playbook.ready', data: toPlaybook(created) },
      ]);
      return created;
    });
    kickWebhookWorkers();
    return { playbook, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const playbook = await prisma.playbook.findUniqueOrThrow({ where: { sessionId: session.id } });
    return { playbook, created: false };
  }
}
