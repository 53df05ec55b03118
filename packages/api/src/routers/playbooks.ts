import { getPlaybookInput, listPlaybooksInput, playbookListSchema, playbookSchema } from '@drift/contract';
import { listPlaybooks, openPlaybook } from '@drift/core';
import { apiProcedure, router } from '../trpc.ts';
import { restRoute } from './procedures.ts';

export const playbooksRouter = router({
  list: apiProcedure('playbooks.list')
    .meta(
      restRoute('Playbooks', {
        method: 'GET',
        path: '/playbooks',
        summary: 'List return playbooks',
        description:
          'Retrieve your return playbooks, newest first. Reading them here does not mark them viewed.',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(listPlaybooksInput)
    .output(playbookListSchema)
    .query(({ ctx, input }) => listPlaybooks(ctx.core, ctx.accountId, input)),

  /**
   * Internal (tRPC only): the owner opens the playbook in the dashboard. The first opening sets
   * `viewed_at`; reading playbooks through the REST API never does.
   */
  open: apiProcedure('playbooks.list')
    .input(getPlaybookInput)
    .output(playbookSchema)
    .mutation(({ ctx, input }) => openPlaybook(ctx.core, ctx.accountId, input.id)),
});
