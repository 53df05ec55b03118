import type { Prisma, PrismaClient } from '@drift/db';
import {
  DomainError,
  findOverlap,
  newId,
  overlapMessage,
  pageInfo,
  planCreate,
  planUpdate,
  type SessionStatus,
  sessionStatus,
} from '@drift/domain';
import { z } from 'zod';
import { buildSessionPlaybook } from '../playbooks/build-playbook.ts';
import { deliverPlaybook } from '../playbooks/deliver-playbook.ts';
import {
  isoDateInput,
  listOf,
  pageQuery,
  sessionDetailSchema,
  sessionListItemSchema,
  sessionStatusSchema,
} from '../schemas.ts';
import { toSessionDetail, toSessionListItem } from '../serializers.ts';
import { findOwnSession } from '../session-access.ts';
import { statsBySession } from '../session-stats.ts';
import { apiProcedure, router } from '../trpc.ts';

const TAGS = ['OOO sessions'];

/** The SQL twin of the domain's `sessionStatus`: the same clock rule, evaluated by the database. */
function statusWhere(status: SessionStatus, now: Date): Prisma.OooSessionWhereInput {
  switch (status) {
    case 'cancelled':
      return { cancelledAt: { not: null } };
    case 'scheduled':
      return { cancelledAt: null, startDate: { gt: now } };
    case 'active':
      return { cancelledAt: null, startDate: { lte: now }, endDate: { gt: now } };
    case 'completed':
      return { cancelledAt: null, endDate: { lte: now } };
  }
}

async function detailOf(prisma: PrismaClient, sessionId: string, now: Date) {
  const session = await prisma.oooSession.findUniqueOrThrow({
    where: { id: sessionId },
    include: { playbook: true },
  });
  const stats = await statsBySession(prisma, [session.id]);
  return toSessionDetail(session, stats(session.id), session.playbook, now);
}

/** Friendly first check; the exclusion constraint is what holds under concurrency. */
async function assertNoOverlap(
  prisma: Prisma.TransactionClient | PrismaClient,
  accountId: string,
  interval: { start: Date; end: Date },
  ignoreId?: string,
) {
  const candidates = await prisma.oooSession.findMany({
    where: { accountId, cancelledAt: null, startDate: { lt: interval.end }, endDate: { gt: interval.start } },
    select: { id: true, startDate: true, endDate: true, cancelledAt: true },
    orderBy: [{ startDate: 'asc' }, { id: 'asc' }],
    take: 2,
  });
  const other = findOverlap(interval, candidates, ignoreId);
  if (other) throw new DomainError('CONFLICT', overlapMessage(other));
}

const sessionId = z.string().min(1).max(100).meta({ description: 'OOO session id', example: 'sess_abc123' });
const autoReplyMessage = z
  .string()
  .max(5000, { error: 'auto_reply_message must be at most 5000 characters' });

export const sessionsRouter = router({
  list: apiProcedure('sessions.list')
    .meta({
      openapi: {
        method: 'GET',
        path: '/ooo-sessions',
        tags: TAGS,
        summary: 'List OOO sessions',
        description: 'Retrieve a paginated list of your OOO sessions, newest first.',
        protect: true,
        errorResponses: [400, 401, 403, 429, 500],
      },
    })
    .input(z.object({ status: sessionStatusSchema.optional(), ...pageQuery(20) }))
    .output(listOf(sessionListItemSchema))
    .query(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const where: Prisma.OooSessionWhereInput = {
        accountId: ctx.accountId,
        ...(input.status ? statusWhere(input.status, now) : {}),
      };
      const [total, sessions] = await Promise.all([
        ctx.prisma.oooSession.count({ where }),
        ctx.prisma.oooSession.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: input.offset,
          take: input.limit,
          include: { playbook: { select: { id: true } } },
        }),
      ]);
      const stats = await statsBySession(
        ctx.prisma,
        sessions.map((s) => s.id),
      );
      return {
        data: sessions.map((s) => toSessionListItem(s, stats(s.id), s.playbook?.id ?? null, now)),
        pagination: pageInfo(total, input),
      };
    }),

  get: apiProcedure('sessions.get')
    .meta({
      openapi: {
        method: 'GET',
        path: '/ooo-sessions/{id}',
        tags: TAGS,
        summary: 'Get an OOO session',
        description: 'Retrieve a specific OOO session with playbook details.',
        protect: true,
        errorResponses: [400, 401, 403, 404, 429, 500],
      },
    })
    .input(z.object({ id: sessionId }))
    .output(sessionDetailSchema)
    .query(async ({ ctx, input }) => {
      const session = await findOwnSession(ctx.prisma, ctx.accountId, input.id);
      return detailOf(ctx.prisma, session.id, ctx.clock.now());
    }),

  create: apiProcedure('sessions.create')
    .meta({
      openapi: {
        method: 'POST',
        path: '/ooo-sessions',
        tags: TAGS,
        summary: 'Create an OOO session',
        description:
          'Schedule a new OOO session. `end_date` must be after `start_date` and in the future; a `start_date` in the past makes the session active at once. `return_date` defaults to `end_date` + 1 day. Sessions of one account may not overlap.',
        protect: true,
        successDescription: 'The created session',
        errorResponses: [400, 401, 403, 409, 429, 500],
      },
    })
    .input(
      z.strictObject({
        start_date: isoDateInput,
        end_date: isoDateInput,
        return_date: isoDateInput.optional(),
        auto_reply_message: autoReplyMessage.nullish(),
      }),
    )
    .output(sessionDetailSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const plan = planCreate(
        {
          startDate: input.start_date,
          endDate: input.end_date,
          returnDate: input.return_date ?? null,
          autoReplyMessage: input.auto_reply_message ?? null,
        },
        now,
      );
      await assertNoOverlap(ctx.prisma, ctx.accountId, { start: plan.startDate, end: plan.endDate });
      const created = await ctx.prisma.oooSession.create({
        data: { id: newId('sess'), accountId: ctx.accountId, ...plan, createdAt: now, updatedAt: now },
      });
      ctx.response.status = 201;
      return detailOf(ctx.prisma, created.id, now);
    }),

  update: apiProcedure('sessions.update')
    .meta({
      openapi: {
        method: 'PATCH',
        path: '/ooo-sessions/{id}',
        tags: TAGS,
        summary: 'Update an OOO session',
        description:
          'Update a scheduled or active OOO session. `status: "cancelled"` cancels a scheduled session; `status: "completed"` ends an active session now.',
        protect: true,
        errorResponses: [400, 401, 403, 404, 409, 429, 500],
      },
    })
    .input(
      z.strictObject({
        id: sessionId,
        start_date: isoDateInput.optional(),
        end_date: isoDateInput.optional(),
        return_date: isoDateInput.optional(),
        auto_reply_message: autoReplyMessage.nullish(),
        // A plain string so that planUpdate answers a wrong value with its own message; documented
        // as the two values planUpdate accepts.
        status: z
          .string()
          .optional()
          .meta({
            enum: ['cancelled', 'completed'],
            description:
              'Set to `cancelled` to cancel a scheduled session, `completed` to end an active one now',
          }),
      }),
    )
    .output(sessionDetailSchema)
    .mutation(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const current = await findOwnSession(ctx.prisma, ctx.accountId, input.id);
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
      // Only a session that grows can start to overlap another one.
      const grows = change.startDate < current.startDate || change.endDate > current.endDate;
      if (grows && !change.cancelledAt) {
        await assertNoOverlap(
          ctx.prisma,
          ctx.accountId,
          { start: change.startDate, end: change.endDate },
          current.id,
        );
      }
      // Conditional on the version we read, so two racing edits cannot both apply to stale state.
      const { count } = await ctx.prisma.oooSession.updateMany({
        where: { id: current.id, accountId: ctx.accountId, updatedAt: current.updatedAt },
        data: { ...change, updatedAt: now },
      });
      if (count === 0) {
        throw new DomainError(
          'CONFLICT',
          'The OOO session was changed by another request; fetch it and retry',
        );
      }
      if (change.endedEarlyAt) {
        // Ended early: the owner is back, so the playbook follows at once. The session is already
        // ended whatever happens here; the scheduler builds or delivers whatever fails now.
        try {
          const built = await buildSessionPlaybook(ctx, current.id);
          if (built) await deliverPlaybook(ctx, built.playbook.id);
        } catch {
          // left to the scheduler
        }
      }
      return detailOf(ctx.prisma, current.id, now);
    }),

  remove: apiProcedure('sessions.remove')
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/ooo-sessions/{id}',
        tags: TAGS,
        summary: 'Delete an OOO session',
        description: 'Delete a scheduled OOO session. Active sessions must be ended, not deleted.',
        protect: true,
        errorResponses: [400, 401, 403, 404, 429, 500],
      },
    })
    .input(z.object({ id: sessionId }))
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const session = await findOwnSession(ctx.prisma, ctx.accountId, input.id);
      const status = sessionStatus(session, now);
      if (status !== 'scheduled') {
        const hint = status === 'active' ? '; end it with status "completed" instead' : '';
        throw new DomainError(
          'VALIDATION_ERROR',
          `Only scheduled OOO sessions can be deleted; this one is ${status}${hint}`,
        );
      }
      // Conditional delete: a session that started between the read and now is no longer deletable.
      const { count } = await ctx.prisma.oooSession.deleteMany({
        where: { id: session.id, accountId: ctx.accountId, startDate: { gt: now }, cancelledAt: null },
      });
      if (count === 0)
        throw new DomainError('CONFLICT', 'The OOO session changed while deleting it; fetch it and retry');
      return { id: session.id, deleted: true as const };
    }),
});
