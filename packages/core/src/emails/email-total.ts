import type { EmailCategory, PrismaClient } from '@drift/db';

export interface EmailFilter {
  accountId: string;
  sessionId?: string;
  category?: EmailCategory;
}

/**
 * How many emails match a list's filters, summed from email_counts (kept by triggers on emails)
 * instead of counting the rows: a handful of counter rows per session, whatever the mail volume.
 */
export async function emailTotal(prisma: PrismaClient, filter: EmailFilter): Promise<number> {
  const { _sum } = await prisma.emailCount.aggregate({ where: filter, _sum: { count: true } });
  return _sum.count ?? 0;
}
