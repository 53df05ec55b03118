import { assertApiAccess, DomainError, PLANS, verifyPassword } from '@drift/domain';
import { z } from 'zod';
import {
  createApiKey,
  createdKeyOutput,
  emailAddress,
  findAccount,
  keyOutput,
  listApiKeys,
  revokeApiKey,
  settingsChange,
  settingsOutput,
  toSettings,
  updateSettings,
} from '../account-management.ts';
import {
  connectMailbox,
  disconnectMailbox,
  getMailbox,
  mailboxChange,
  mailboxOutput,
} from '../mailbox/mailbox-connections.ts';
import { baseProcedure, router, userProcedure } from '../trpc.ts';
import { signIn, signOut } from '../web-sessions.ts';

// Dashboard-only procedures (tRPC, signed-in users). Sessions, mail and playbooks are the public
// API's own procedures, which also accept the dashboard's session.

const userOutput = z.object({ id: z.string(), email: z.string(), name: z.string() });
const meOutput = z.object({
  user: userOutput,
  account: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    plan: z.enum(PLANS),
    timezone: z.string(),
  }),
  csrf_token: z.string(),
});

/** Same answer for an unknown email and a wrong password: no way to probe who has an account. */
const BAD_CREDENTIALS = 'Email or password is incorrect';

export const authRouter = router({
  signIn: baseProcedure
    .input(
      z.strictObject({
        email: emailAddress,
        password: z.string().min(1, { error: 'password is required' }).max(200),
      }),
    )
    .output(z.object({ user: userOutput, csrf_token: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.prisma.user.findUnique({ where: { email: input.email } });
      // A dummy hash keeps the timing of unknown emails close to that of wrong passwords.
      const matches = await verifyPassword(
        input.password,
        user?.passwordHash ??
          'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      );
      if (!user || !matches) throw new DomainError('UNAUTHORIZED', BAD_CREDENTIALS);
      const { csrfToken } = await signIn(ctx, user);
      return { user: { id: user.id, email: user.email, name: user.name }, csrf_token: csrfToken };
    }),

  signOut: baseProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    await signOut(ctx);
    return { ok: true as const };
  }),

  me: userProcedure.output(meOutput).query(async ({ ctx }) => {
    const account = await findAccount(ctx.prisma, ctx.accountId);
    return {
      user: { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name },
      account: {
        id: account.id,
        name: account.name,
        email: account.email,
        plan: account.plan,
        timezone: account.timezone,
      },
      csrf_token: ctx.csrfToken,
    };
  }),
});

export const keysRouter = router({
  list: userProcedure
    .output(z.object({ data: z.array(keyOutput) }))
    .query(({ ctx }) => listApiKeys(ctx.prisma, ctx.accountId)),

  /** Keys are for the REST API, which only the team_growth plan may use: the gate applies here too. */
  create: userProcedure
    .input(
      z.strictObject({ scopes: z.array(z.string()), name: z.string().trim().min(1).max(200).optional() }),
    )
    .output(createdKeyOutput)
    .mutation(async ({ ctx, input }) => {
      assertApiAccess((await findAccount(ctx.prisma, ctx.accountId)).plan);
      return createApiKey(ctx.prisma, ctx.accountId, input);
    }),

  revoke: userProcedure
    .input(z.strictObject({ id: z.string().min(1).max(100) }))
    .output(z.object({ id: z.string(), revoked: z.literal(true), revoked_at: z.string() }))
    .mutation(({ ctx, input }) => revokeApiKey(ctx.prisma, input.id, ctx.clock.now(), ctx.accountId)),
});

export const settingsRouter = router({
  get: userProcedure
    .output(settingsOutput)
    .query(async ({ ctx }) => toSettings(await findAccount(ctx.prisma, ctx.accountId))),
  update: userProcedure
    .input(z.strictObject(settingsChange))
    .output(settingsOutput)
    .mutation(async ({ ctx, input }) => toSettings(await updateSettings(ctx.prisma, ctx.accountId, input))),
});

export const mailboxRouter = router({
  get: userProcedure
    .output(z.object({ mailbox: mailboxOutput.nullable() }))
    .query(async ({ ctx }) => ({ mailbox: await getMailbox(ctx.prisma, ctx.accountId) })),
  /** Tests the connection first; saves only a connection that works. */
  connect: userProcedure
    .input(mailboxChange)
    .output(mailboxOutput)
    .mutation(({ ctx, input }) => connectMailbox(ctx.prisma, ctx.mailboxes, ctx.accountId, input)),
  disconnect: userProcedure
    .output(z.object({ disconnected: z.literal(true) }))
    .mutation(({ ctx }) => disconnectMailbox(ctx.prisma, ctx.accountId)),
});
