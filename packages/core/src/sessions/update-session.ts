import type { updateSessionInput } from '@drift/contract';
import { DomainError, planUpdate } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { buildSessionPlaybook } from '../playbooks/build-playbook.ts';
import { deliverPlaybook } from '../playbooks/deliver-playbook.ts';
import { assertNoOverlap, namingOverlapWinner } from './overlap.ts';
import { findOwnSession } from './session-access.ts';
import { detailOf, type SessionDetail } from './session-detail.ts';

/** Ended early: the owner is back, so the playbook follows at once. */
async function sendPlaybookNow(core: CoreDeps, sessionId: string): Promise<void> {
  // The session is already ended whatever happens here; the scheduler builds or delivers
  // whatever fails now.
  try {
    const built = await buildSessionPlaybook(core, sessionId);
    if (built) await deliverPlaybook(core, built.playbook.id);
  } catch {
    // left to the scheduler
  }
}

/** Edits, cancels (scheduled) or ends (active) a session, refusing to apply a change to stale state. */
export async function updateSession(
  core: CoreDeps,
  accountId: string,
  input: z.infer<typeof updateSessionInput>,
): Promise<SessionDetail> {
  const { prisma, clock } = core;
  const now = clock.now();
  const current = await findOwnSession(prisma, accountId, input.id);
  const change = planUpdate(
    current,
    {
      ...(input.start_date && { startDate: input.start_date }),
      ...(input.end_date && { endDate: input.end_date }),
      ...(input.return_date && { returnDate: input.return_date }),
      ...(input.auto_reply_message !== undefined && { autoReplyMessage: input.auto_reply_message }),
      ...(input.status !== undefined && { status: input.status }),
    },
    now,
  );
  const interval = { start: change.startDate, end: change.endDate };
  // Only a session that grows can start to overlap another one.
  const grows = change.startDate < current.startDate || change.endDate > current.endDate;
  if (grows && !change.cancelledAt) await assertNoOverlap(prisma, accountId, interval, current.id);
  // Conditional on the version we read, so two racing edits cannot both apply to stale state.
  const { count } = await namingOverlapWinner(
    prisma.oooSession.updateMany({
      where: { id: current.id, accountId, updatedAt: current.updatedAt },
      data: { ...change, updatedAt: now },
    }),
    () => assertNoOverlap(prisma, accountId, interval, current.id),
  );
  if (count === 0) {
    throw new DomainError('CONFLICT', 'The OOO session was changed by another request; fetch it and retry');
  }
  if (change.endedEarlyAt) await sendPlaybookNow(core, current.id);
  return detailOf(prisma, current.id, now);
}
