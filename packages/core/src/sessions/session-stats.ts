import type { Prisma, PrismaClient } from '@drift/db';

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

/**
 * Read from email_counts, which triggers on emails keep exact in the same transaction as the rows:
 * a few counter rows per session instead of a scan of its mail.
 */
export async function statsBySession(
  prisma: PrismaClient | Prisma.TransactionClient,
  sessionIds: string[],
): Promise<(sessionId: string) => SessionStats> {
  const stats = new Map<string, SessionStats>(sessionIds.map((id) => [id, { ...EMPTY }]));
  const lookup = (sessionId: string) => stats.get(sessionId) ?? { ...EMPTY };
  if (sessionIds.length === 0) return lookup;
  const counters = await prisma.emailCount.findMany({
    where: { sessionId: { in: sessionIds } },
    select: { sessionId: true, category: true, count: true },
  });
  for (const { sessionId, category, count } of counters) {
    const entry = stats.get(sessionId);
    if (!entry) continue;
    entry.emails_received += count;
    entry.total_emails_synced += count;
    if (FILTERED.has(category)) entry.emails_filtered += count;
    if (category === 'urgent') entry.urgent_count += count;
  }
  return lookup;
}
