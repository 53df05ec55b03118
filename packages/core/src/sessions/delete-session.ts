import type { deletedSessionSchema } from '@drift/contract';
import { DomainError, sessionStatus } from '@drift/domain';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { findOwnSession } from './session-access.ts';

/** Only a scheduled session can be deleted; an active one is ended instead. */
export async function deleteSession(
  { prisma, clock }: CoreDeps,
  accountId: string,
  id: string,
): Promise<z.infer<typeof deletedSessionSchema>> {
  const now = clock.now();
  const session = await findOwnSession(prisma, accountId, id);
  const status = sessionStatus(session, now);
  if (status !== 'scheduled') {
    const hint = status === 'active' ? '; end it with status "completed" instead' : '';
    throw new DomainError(
      'VALIDATION_ERROR',
      `Only scheduled OOO sessions can be deleted; this one is ${status}${hint}`,
    );
  }
  // Conditional delete: a session that started between the read and now is no longer deletable.
  const { count } = await prisma.oooSession.deleteMany({
    where: { id: session.id, accountId, startDate: { gt: now }, cancelledAt: null },
  });
  if (count === 0)
    throw new DomainError('CONFLICT', 'The OOO session changed while deleting it; fetch it and retry');
  return { id: session.id, deleted: true as const };
}
