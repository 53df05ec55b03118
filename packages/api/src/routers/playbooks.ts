import type { Prisma } from '@drift/db';
import { DomainError, pageInfo } from '@drift/domain';
import { z } from 'zod';
import { listOf, pageQuery, playbookSchema } from '../schemas.ts';
import { toPlaybook } from '../serializers.ts';
import { assertOwnSession } from '../session-access.ts';
import { apiProcedure, router } from '../trpc.ts';

export const playbooksRouter = router({
  list: apiProcedure('playbooks.list')
    .meta({
      openapi: {
        method: 'GET',
        path: '/playbooks',
        tags: ['Playbooks'],
        summary: 'List return playbooks',
        description:
          'Retrieve your return playbooks, newest first. Reading them here does not mark them viewed.',
        protect: true,
        errorResponses: [400, 401, 403, 404, 429, 500],
      },
    })
    .input(
      z.object({
        session_id: z.string().min(1).max(100).optional().meta({ description: 'Filter by OOO session' }),
        ...pageQuery(20),
      }),
    )
    .output(listOf(playbookSchema))
    .query(async ({ ctx, input }) => {
      if (input.session_id) await assertOwnSession(ctx.prisma, ctx.accountId, input.session_id);
      const where: Prisma.PlaybookWhereInput = {
        accountId: ctx.accountId,
        ...(input.session_id && { sessionId: input.session_id }),
      };
      const [total, playbooks] = await Promise.all([
        ctx.prisma.playbook.count({ where }),
        ctx.prisma.playbook.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: input.offset,
          take: input.limit,
        }),
      ]);
      return { data: playbooks.map(toPlaybook), pagination: pageInfo(total, input) };
    }),

  /**
   * Internal (tRPC only): the owner opens the playbook in the dashboard. The first opening sets
   * `viewed_at`; reading playbooks through the REST API never does.
   */
  open: apiProcedure('playbooks.list')
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(playbookSchema)
    .mutation(async ({ ctx, input }) => {
      await ctx.prisma.playbook.updateMany({
        where: { id: input.id, accountId: ctx.accountId, viewedAt: null },
        data: { viewedAt: ctx.clock.now() },
      });
      const playbook = await ctx.prisma.playbook.findFirst({
        where: { id: input.id, accountId: ctx.accountId },
      });
      if (!playbook) throw new DomainError('NOT_FOUND', 'Playbook not found');
      return toPlaybook(playbook);
    }),
});
