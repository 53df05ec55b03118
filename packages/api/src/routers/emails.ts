import type { Prisma } from '@drift/db';
import { pageInfo } from '@drift/domain';
import { z } from 'zod';
import { emailCategorySchema, emailSchema, listOf, pageQuery } from '../schemas.ts';
import { toEmail } from '../serializers.ts';
import { assertOwnSession } from '../session-access.ts';
import { apiProcedure, router } from '../trpc.ts';

export const emailsRouter = router({
  list: apiProcedure('emails.list')
    .meta({
      openapi: {
        method: 'GET',
        path: '/emails',
        tags: ['Emails'],
        summary: 'List captured emails',
        description: 'Retrieve emails captured during OOO sessions, newest first.',
        protect: true,
        errorResponses: [400, 401, 403, 404, 429, 500],
      },
    })
    .input(
      z.object({
        session_id: z.string().min(1).max(100).optional().meta({ description: 'Filter by OOO session' }),
        category: emailCategorySchema.optional(),
        ...pageQuery(50),
      }),
    )
    .output(listOf(emailSchema))
    .query(async ({ ctx, input }) => {
      if (input.session_id) await assertOwnSession(ctx.prisma, ctx.accountId, input.session_id);
      const where: Prisma.EmailWhereInput = {
        accountId: ctx.accountId,
        ...(input.session_id && { sessionId: input.session_id }),
        ...(input.category && { category: input.category }),
      };
      const [total, emails] = await Promise.all([
        ctx.prisma.email.count({ where }),
        ctx.prisma.email.findMany({
          where,
          orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
          skip: input.offset,
          take: input.limit,
        }),
      ]);
      return { data: emails.map(toEmail), pagination: pageInfo(total, input) };
    }),
});
