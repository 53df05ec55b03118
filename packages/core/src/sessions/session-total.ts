import type { Prisma, PrismaClient } from '@drift/db';
import type { SessionStatus } from '@drift/domain';

/**
 * How many sessions of the account a list shows. All and cancelled come from session_counts (kept
 * by triggers on ooo_sessions). Scheduled, active and completed depend on the clock, so no stored
 * counter can hold them: those are counted, over the account's rows only (the
 * (account_id, start_date, end_date) index), which stays cheap because an account has few sessions.
 */
export async function sessionTotal(
  prisma: PrismaClient,
  accountId: string,
  status: SessionStatus | undefined,
  where: Prisma.OooSessionWhereInput,
): Promise<number> {
  if (status === undefined || status === 'cancelled') {
    const counts = await prisma.sessionCount.findUnique({ where: { accountId } });
    if (!counts) return 0;
    return status === 'cancelled' ? counts.cancelled : counts.total;
  }
  return prisma.oooSession.count({ where });
}
