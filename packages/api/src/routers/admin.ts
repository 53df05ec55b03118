import { generateSecretToken, newId, PLANS } from '@drift/domain';
import { z } from 'zod';
import {
  createApiKey,
  createdKeyOutput,
  createUser,
  emailAddress,
  findAccount,
  keyOutput,
  listApiKeys,
  newPassword,
  revokeApiKey,
  settingsChange,
  settingsOutput,
  toSettings,
  updateSettings,
} from '../account-management.ts';
import {
  accountMailboxChange,
  connectMailbox,
  disconnectMailbox,
  getMailbox,
  mailboxOutput,
} from '../mailbox/mailbox-connections.ts';
import { adminProcedure, router } from '../trpc.ts';

// Internal procedures for operators (the `pnpm drift` CLI), authenticated by the admin token.

const accountId = z.string().min(1).max(100);

const accountOutput = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  plan: z.enum(PLANS),
  inbound_token: z.string(),
});

export const adminRouter = router({
  accounts: router({
    create: adminProcedure
      .input(
        z.strictObject({
          name: z.string().trim().min(1, { error: 'name must not be empty' }).max(200),
          email: emailAddress,
          plan: z.enum(PLANS, { error: `plan must be one of: ${PLANS.join(', ')}` }).default('free'),
        }),
      )
      .output(accountOutput)
      .mutation(async ({ ctx, input }) => {
        const account = await ctx.prisma.account.create({
          data: {
            id: newId('acct'),
            name: input.name,
            email: input.email,
            plan: input.plan,
            inboundToken: generateSecretToken(),
          },
        });
        return {
          id: account.id,
          name: account.name,
          email: account.email,
          plan: account.plan,
          inbound_token: account.inboundToken,
        };
      }),

    settings: adminProcedure
      .input(z.strictObject({ account_id: accountId, ...settingsChange }))
      .output(settingsOutput)
      .mutation(async ({ ctx, input }) =>
        toSettings(await updateSettings(ctx.prisma, input.account_id, input)),
      ),
  }),

  keys: router({
    create: adminProcedure
      .input(
        z.strictObject({
          account_id: accountId,
          scopes: z.array(z.string()),
          name: z.string().trim().min(1).max(200).optional(),
        }),
      )
      .output(createdKeyOutput)
      .mutation(({ ctx, input }) => createApiKey(ctx.prisma, input.account_id, input)),

    revoke: adminProcedure
      .input(z.strictObject({ id: z.string().min(1).max(100) }))
      .output(z.object({ id: z.string(), revoked: z.literal(true), revoked_at: z.string() }))
      .mutation(({ ctx, input }) => revokeApiKey(ctx.prisma, input.id, ctx.clock.now())),

    list: adminProcedure
      .input(z.strictObject({ account_id: accountId }))
      .output(z.object({ data: z.array(keyOutput) }))
      .query(async ({ ctx, input }) => {
        await findAccount(ctx.prisma, input.account_id);
        return listApiKeys(ctx.prisma, input.account_id);
      }),
  }),

  mailbox: router({
    get: adminProcedure
      .input(z.strictObject({ account_id: accountId }))
      .output(z.object({ mailbox: mailboxOutput.nullable() }))
      .query(async ({ ctx, input }) => {
        await findAccount(ctx.prisma, input.account_id);
        return { mailbox: await getMailbox(ctx.prisma, input.account_id) };
      }),
    connect: adminProcedure
      .input(accountMailboxChange)
      .output(mailboxOutput)
      .mutation(({ ctx, input }) => {
        const { account_id, ...change } = input;
        return connectMailbox(ctx.prisma, ctx.mailboxes, account_id, change);
      }),
    disconnect: adminProcedure
      .input(z.strictObject({ account_id: accountId }))
      .output(z.object({ disconnected: z.literal(true) }))
      .mutation(({ ctx, input }) => disconnectMailbox(ctx.prisma, input.account_id)),
  }),

  users: router({
    create: adminProcedure
      .input(
        z.strictObject({
          account_id: accountId,
          email: emailAddress,
          name: z.string().trim().min(1).max(200).optional(),
          password: newPassword.optional(),
        }),
      )
      .output(
        z.object({
          id: z.string(),
          account_id: z.string(),
          email: z.string(),
          name: z.string(),
          password: z.string().nullable(),
        }),
      )
      .mutation(async ({ ctx, input }) => {
        // Without a password one is generated and shown once, like an API key.
        const password = input.password ?? generateSecretToken(12);
        const user = await createUser(ctx.prisma, {
          accountId: input.account_id,
          email: input.email,
          name: input.name ?? input.email.split('@')[0] ?? input.email,
          password,
        });
        return {
          id: user.id,
          account_id: user.accountId,
          email: user.email,
          name: user.name,
          password: input.password ? null : password,
        };
      }),
  }),
});
