import {
  correctCategoryInput,
  correctCategoryOutput,
  correctionListSchema,
  emailDetailSchema,
  getEmailInput,
  inboxInput,
  inboxSchema,
} from '@drift/contract';
import { correctCategory, getEmailDetail, listCorrections, listInbox } from '@drift/core';
import { router, userProcedure } from '../trpc.ts';
import { ownerQuery } from './procedures.ts';

/** The signed-in owner reads and corrects captured mail (dashboard only). */
export const mailRouter = router({
  inbox: userProcedure
    .input(inboxInput)
    .output(inboxSchema)
    .query(({ ctx, input }) => listInbox(ctx.core, ctx.accountId, input)),
  get: userProcedure
    .input(getEmailInput)
    .output(emailDetailSchema)
    .query(({ ctx, input }) => getEmailDetail(ctx.core, ctx.accountId, input.id)),
  correct: userProcedure
    .input(correctCategoryInput)
    .output(correctCategoryOutput)
    .mutation(({ ctx, input }) => correctCategory(ctx.core, ctx.accountId, input)),
  corrections: ownerQuery(correctionListSchema, listCorrections),
});
