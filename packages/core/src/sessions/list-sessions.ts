import type { listSessionsInput, sessionListSchema } from '@drift/contract';
import type { Prisma } from '@drift/db';
import type { z } from 'zod';
import type { CoreDeps } from '../deps.ts';
import { NEWEST_CREATED_FIRST, readPage } from '../paged-list.ts';
import { toSessionListItem } from '../serializers.ts';
import { statsBySession } from './session-stats.ts';
import { statusWhere } from './status-where.ts';

/** The account's sessions, newest first, optionally of one status. */
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
  const { rows: sessions, pagination } = await readPage(
    input,
    () => prisma.oooSession.count({ where }),
    (window) =>
      prisma.oooSession.findMany({
        where,
        orderBy: NEWEST_CREATED_FIRST,
        include: { playbook: { select: { id: true } } },
        ...window,
      }),
  );
  const stats = await statsBySession(
    prisma,
    sessions.map((s) => s.id),
  );
  return {
    data: sessions.map((s) => toSessionListItem(s, stats(s.id), s.playbook?.id ?? null, now)),
    pagination,
  };
}
