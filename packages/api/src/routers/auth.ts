import { meOutput, signedOutOutput, signInInput, signInOutput } from '@drift/contract';
import { describeUser, toUser, verifyCredentials } from '@drift/core';
import { baseProcedure, router, userProcedure } from '../trpc.ts';
import { signIn, signOut } from '../web-sessions.ts';

// Dashboard-only procedures (tRPC, signed-in users). Sessions, mail and playbooks are the public
// API's own procedures, which also accept the dashboard's session.

export const authRouter = router({
  /** The session cookie and its CSRF token are the transport's; who may sign in is core's. */
  signIn: baseProcedure
    .input(signInInput)
    .output(signInOutput)
    .mutation(async ({ ctx, input }) => {
      const { user, csrfToken } = await signIn(ctx, await verifyCredentials(ctx.core, input));
      return { user: toUser(user), csrf_token: csrfToken };
    }),

  signOut: baseProcedure.output(signedOutOutput).mutation(async ({ ctx }) => {
    await signOut(ctx);
    return { ok: true as const };
  }),

  me: userProcedure
    .output(meOutput)
    .query(async ({ ctx }) => ({ ...(await describeUser(ctx.core, ctx.user)), csrf_token: ctx.csrfToken })),
});
