import {
  createSessionInput,
  deletedSessionSchema,
  listSessionsInput,
  sessionDetailSchema,
  sessionIdInput,
  sessionListSchema,
  updateSessionInput,
} from '@drift/contract';
import { createSession, deleteSession, getSession, listSessions, updateSession } from '@drift/core';
import { apiProcedure, router } from '../trpc.ts';
import { restRoute } from './procedures.ts';

const TAG = 'OOO sessions';

export const sessionsRouter = router({
  list: apiProcedure('sessions.list')
    .meta(
      restRoute(TAG, {
        method: 'GET',
        path: '/ooo-sessions',
        summary: 'List OOO sessions',
        description: 'Retrieve a paginated list of your OOO sessions, newest first.',
        errorResponses: [400, 401, 403, 429, 500],
      }),
    )
    .input(listSessionsInput)
    .output(sessionListSchema)
    .query(({ ctx, input }) => listSessions(ctx.core, ctx.accountId, input)),

  get: apiProcedure('sessions.get')
    .meta(
      restRoute(TAG, {
        method: 'GET',
        path: '/ooo-sessions/{id}',
        summary: 'Get an OOO session',
        description: 'Retrieve a specific OOO session with playbook details.',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(sessionIdInput)
    .output(sessionDetailSchema)
    .query(({ ctx, input }) => getSession(ctx.core, ctx.accountId, input.id)),

  create: apiProcedure('sessions.create')
    .meta(
      restRoute(TAG, {
        method: 'POST',
        path: '/ooo-sessions',
        summary: 'Create an OOO session',
        description:
          'Schedule a new OOO session. `end_date` must be after `start_date` and in the future; a `start_date` in the past makes the session active at once. `return_date` defaults to `end_date` + 1 day. Sessions of one account may not overlap.',
        successDescription: 'The created session',
        errorResponses: [400, 401, 403, 409, 429, 500],
      }),
    )
    .input(createSessionInput)
    .output(sessionDetailSchema)
    .mutation(async ({ ctx, input }) => {
      const created = await createSession(ctx.core, ctx.accountId, input);
      ctx.response.status = 201;
      return created;
    }),

  update: apiProcedure('sessions.update')
    .meta(
      restRoute(TAG, {
        method: 'PATCH',
        path: '/ooo-sessions/{id}',
        summary: 'Update an OOO session',
        description:
          'Update a scheduled or active OOO session. `status: "cancelled"` cancels a scheduled session; `status: "completed"` ends an active session now.',
        errorResponses: [400, 401, 403, 404, 409, 429, 500],
      }),
    )
    .input(updateSessionInput)
    .output(sessionDetailSchema)
    .mutation(({ ctx, input }) => updateSession(ctx.core, ctx.accountId, input)),

  remove: apiProcedure('sessions.remove')
    .meta(
      restRoute(TAG, {
        method: 'DELETE',
        path: '/ooo-sessions/{id}',
        summary: 'Delete an OOO session',
        description: 'Delete a scheduled OOO session. Active sessions must be ended, not deleted.',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(sessionIdInput)
    .output(deletedSessionSchema)
    .mutation(({ ctx, input }) => deleteSession(ctx.core, ctx.accountId, input.id)),
});
