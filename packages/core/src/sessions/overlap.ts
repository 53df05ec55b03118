import { isExclusionViolation, type Prisma, type PrismaClient } from '@drift/db';
import { findOverlap, overlapError } from '@drift/domain';

/** Friendly first check; the exclusion constraint is what holds under concurrency. */
export async function assertNoOverlap(
  prisma: Prisma.TransactionClient | PrismaClient,
  accountId: string,
  interval: { start: Date; end: Date },
  ignoreId?: string,
): Promise<void> {
  const candidates = await prisma.oooSession.findMany({
    where: { accountId, cancelledAt: null, startDate: { lt: interval.end }, endDate: { gt: interval.start } },
    select: { id: true, startDate: true, endDate: true, cancelledAt: true },
    orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
    take: 2,
  });
  const other = findOverlap(interval, candidates, ignoreId);
  if (other) throw overlapError(other);
}

/** When the exclusion constraint refuses a write that raced another, names the session that won. */
export async function namingOverlapWinner<T>(write: Promise<T>, recheck: () => Promise<void>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isExclusionViolation(error)) await recheck();
    throw error;
  }
}
