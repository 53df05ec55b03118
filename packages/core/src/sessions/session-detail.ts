import type { sessionDetailSchema } from '@drift/contract';
import type { Prisma, PrismaClient } from '@drift/db';
import type { z } from 'zod';
import { toSessionDetail } from '../serializers.ts';
import { statsBySession } from './session-stats.ts';

export type SessionDetail = z.input<typeof sessionDetailSchema>;

/**
 * A session as every single-session answer shows it: with its stats and playbook. The three reads
 * go out together (one round trip of waiting instead of three); the caller has checked that the
 * session is the account's.
 */
export async function detailOf(
  prisma: PrismaClient | Prisma.TransactionClient,
  sessionId: string,
  now: Date,
): Promise<SessionDetail> {
  const [session, playbook, stats] = await Promise.all([
    prisma.oooSession.findUniqueOrThrow({ where: { id: sessionId } }),
    prisma.playbook.findUnique({ where: { sessionId } }),
    statsBySession(prisma, [sessionId]),
  ]);
  return toSessionDetail(session, stats(session.id), playbook, now);
}
