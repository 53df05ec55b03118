import type { CoreDeps } from '../deps.ts';
import { findOwnSession } from './session-access.ts';
import { detailOf, type SessionDetail } from './session-detail.ts';

export async function getSession(
  { prisma, clock }: CoreDeps,
  accountId: string,
  id: string,
): Promise<SessionDetail> {
  const session = await findOwnSession(prisma, accountId, id);
  return detailOf(prisma, session.id, clock.now());
}
