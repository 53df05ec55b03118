import type { sessionDetailSchema } from '@drift/contract';
import type { PrismaClient } from '@drift/db';
import type { z } from 'zod';
import { toSessionDetail } from '../serializers.ts';
import { statsBySession } from './session-stats.ts';

export type SessionDetail = z.input<typeof sessionDetailSchema>;

/** A session as every single-session answer shows it: with its stats and playbook. */
export async function detailOf(prisma: PrismaClient, sessionId: string, now: Date): Promise<SessionDetail> {
  const session = await prisma.oooSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: { playbook: true },
  });
  const stats = await statsBySession(prisma, [session.id]);
  return toSessionDetail(session, stats(session.id), session.playbook, now);
}
