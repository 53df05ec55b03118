import type { createSessionInput } from '@drift/contract';
import { newId, planCreate } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { assertNoOverlap, namingOverlapWinner } from './overlap.ts';
import { detailOf, type SessionDetail } from './session-detail.ts';

/** Schedules a session (active at once when it starts in the past); sessions of one account never overlap. */
export async function createSession(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: z.infer<typeof createSessionInput>,
): Promise<SessionDetail> {
  const now = clock.now();
  const plan = planCreate(
    {
      startDate: input.start_date,
      endDate: input.end_date,
      returnDate: input.return_date ?? null,
      autoReplyMessage: input.auto_reply_message ?? null,
    },
    now,
  );
  const interval = { start: plan.startDate, end: plan.endDate };
  await assertNoOverlap(prisma, accountId, interval);
  const created = await namingOverlapWinner(
    prisma.oooSession.create({
      data: { id: newId('sess'), accountId, ...plan, createdAt: now, updatedAt: now },
    }),
    () => assertNoOverlap(prisma, accountId, interval),
  );
  return detailOf(prisma, created.id, now);
}
