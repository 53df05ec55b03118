import {
  accountIdInput,
  accountMailboxChangeInput,
  accountOutput,
  accountSettingsChangeInput,
  createAccountInput,
  createAccountKeyInput,
  createdKeyOutput,
  createdUserOutput,
  createUserInput,
  disconnectedOutput,
  keyIdInput,
  keyListOutput,
  mailboxOutput,
  mailboxStateOutput,
  revokedKeyOutput,
  settingsOutput,
} from '@drift/contract';
import {
  connectMailbox,
  createAccount,
  createApiKey,
  createUser,
  disconnectMailbox,
  getMailbox,
  listApiKeys,
  revokeApiKey,
  updateSettings,
} from '@drift/core';
import { adminProcedure, router } from '../trpc.ts';
import { accountMutation, accountQuery } from './procedures.ts';
import { adminWebhooksRouter } from './webhooks.ts';

// Internal procedures for operators (the `pnpm drift` CLI), authenticated by the admin token.

export const adminRouter = router({
  accounts: router({
    create: adminProcedure
      .input(createAccountInput)
      .output(accountOutput)
      .mutation(({ ctx, input }) => createAccount(ctx.core, input)),

    settings: accountMutation(accountSettingsChangeInput, settingsOutput, updateSettings),
  }),

  keys: router({
    create: accountMutation(createAccountKeyInput, createdKeyOutput, createApiKey),

    revoke: adminProcedure
      .input(keyIdInput)
      .output(revokedKeyOutput)
      .mutation(({ ctx, input }) => revokeApiKey(ctx.core, input.id)),

    list: accountQuery(keyListOutput, listApiKeys),
  }),

  mailbox: router({
    get: accountQuery(mailboxStateOutput, getMailbox),
    connect: accountMutation(accountMailboxChangeInput, mailboxOutput, connectMailbox),
    disconnect: accountMutation(accountIdInput, disconnectedOutput, disconnectMailbox),
  }),

  users: router({
    create: adminProcedure
      .input(createUserInput)
      .output(createdUserOutput)
      .mutation(({ ctx, input }) => createUser(ctx.core, input)),
  }),

  webhooks: adminWebhooksRouter,
});
