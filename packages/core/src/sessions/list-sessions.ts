import type { listSessionsInput, sessionListSchema } from '@drift/contract';
import type { Prisma } from '@drift/db';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { NEWEST_CREATED_FIRST, readCursorPage } from '../paged-list.ts';
import { toSessionListItem } from '../serializers.ts';
import { statsBySession } from './session-stats.ts';
import { sessionTotal } from './session-total.ts';
import { statusWhere } from './status-where.ts';

/**
 * The account's sessions, newest first, optionally of one status. A cursor is any session of the
 * account, even one the status filter leaves out: it only marks a position.
 */
export async function listSessions(
  { prisma, clock }: CoreDeps,
  accountId: string,
  input: z.infer<typeof listSessionsInput>,
): Promise<z.input<typeof sessionListSchema>> {
  const now = clock.now();
  const where: Prisma.OooSessionWhereInput = {
    accountId,
    ...(input.status ? statusWhere(input.status, now) : {}),
  };
  const { rows: sessions, pagination } = await readCursorPage(input, {
    count: () => sessionTotal(prisma, accountId, input.status, where),
    after: async (id) => {
      const cursor = await prisma.oooSession.findFirst({
        where: { id, accountId },
        select: { createdAt: true },
      });
      return cursor && createdAfter(cursor.createdAt, id);
    },
    findPage: ({ after, ...window }) =>
      prisma.oooSession.findMany({
        where: after ? { AND: [where, after] } : where,
        orderBy: NEWEST_CREATED_FIRST,
        include: { playbook: { select: { id: true } } },
        ...window,
      }),
  });
  const stats = await statsBySession(
    prisma,
    sessions.map((s) => s.id),
  );
  return {
    data: sessions.map((s) => toSessionListItem(s, stats(s.id), s.playbook?.id ?? null, now)),
    pagination,
  };
}

/** The sessions after (createdAt, id) in the list's order, bounded for the index as in list-emails. */
function createdAfter(createdAt: Date, id: string): Prisma.OooSessionWhereInput {
  return { createdAt: { lte: createdAt }, OR: [{ createdAt: { lt: createdAt } }, { id: { lt: id } }] };
}
