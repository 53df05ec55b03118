import type { PrismaClient } from '@drift/db';

export interface SessionStats {
  emails_received: number;
  emails_filtered: number;
  urgent_count: number;
  total_emails_synced: number;
}

/** Categories of mail that needs no attention from the returning owner. */
const FILTERED = new Set(['newsletter', 'promotional', 'resolved']);

const EMPTY: SessionStats = {
  emails_received: 0,
  emails_filtered: 0,
  urgent_count: 0,
  total_emails_synced: 0,
};

/** Counted from the email rows themselves, so the numbers can never drift from what is listed. */
export async function statsBySession(
  prisma: PrismaClient,
  sessionIds: string[],
): Promise<(sessionId: string) => SessionStats> {
  const stats = new Map<string, SessionStats>(sessionIds.map((id) => [id, { ...EMPTY }]));
  const lookup = (sessionId: string) => stats.get(sessionId) ?? { ...EMPTY };
  if (sessionIds.length === 0) return lookup;
  const groups = await prisma.email.groupBy({
    by: ['sessionId', 'category'],
    where: { sessionId: { in: sessionIds } },
    _count: { _all: true },
  });
  for (const group of groups) {
    const entry = stats.get(group.sessionId);
    if (!entry) continue;
    const count = group._count._all;
    entry.emails_received += count;
    entry.total_emails_synced += count;
    if (FILTERED.has(group.category)) entry.emails_filtered += count;
    if (group.category === 'urgent') entry.urgent_count += count;
  }
  return lookup;
}
