import { disconnectedOutput, mailboxChangeInput, mailboxOutput, mailboxStateOutput } from '@drift/contract';
import { connectMailbox, disconnectMailbox, getMailbox } from '@drift/core';
import { router, userProcedure } from '../trpc.ts';
import { ownerMutation, ownerQuery } from './procedures.ts';

/** The signed-in owner's IMAP mailbox (dashboard only). */
export const mailboxRouter = router({
  get: ownerQuery(mailboxStateOutput, getMailbox),
  /** Tests the connection first; saves only a connection that works. */
  connect: ownerMutation(mailboxChangeInput, mailboxOutput, connectMailbox),
  disconnect: userProcedure
    .output(disconnectedOutput)
    .mutation(({ ctx }) => disconnectMailbox(ctx.core, ctx.accountId)),
});
