import { emailListSchema, listEmailsInput } from '@drift/contract';
import { listEmails } from '@drift/core';
import { apiProcedure, router } from '../trpc.ts';
import { restRoute } from './procedures.ts';

export const emailsRouter = router({
  list: apiProcedure('emails.list')
    .meta(
      restRoute('Emails', {
        method: 'GET',
        path: '/emails',
        summary: 'List captured emails',
        description: 'Retrieve emails captured during OOO sessions, newest first.',
        errorResponses: [400, 401, 403, 404, 429, 500],
      }),
    )
    .input(listEmailsInput)
    .output(emailListSchema)
    .query(({ ctx, input }) => listEmails(ctx.core, ctx.accountId, input)),
});
