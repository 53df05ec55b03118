import type { CoreDeps } from '../deps.ts';
import { toSessionDetail } from '../serializers.ts';
import { findOwnSession } from './session-access.ts';
import type { SessionDetail } from './session-detail.ts';
import { statsBySession } from './session-stats.ts';

export async function getSession(
  { prisma, clock }: CoreDeps,
  accountId: string,
  id: string,
): Promise<SessionDetail> {
  // The three reads go out together (one round trip of waiting); nothing of the playbook or the
  // stats is shown unless the session is the account's: findOwnSession throws NOT_FOUND otherwise.
  const [session, playbook, stats] = await Promise.all([
    findOwnSession(prisma, accountId, id),
    prisma.playbook.findFirst({ where: { sessionId: id, accountId } }),
    statsBySession(prisma, [id]),
  ]);
  return toSessionDetail(session, stats(session.id), playbook, clock.now());
}
