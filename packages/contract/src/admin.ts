import { PLANS } from '@drift/domain/browser';
import { z } from 'zod';
import { createKeyFields, newPassword, settingsChangeFields } from './account.ts';
import { emailAddress, idSchema } from './common.ts';
import { NAME_MAX_LENGTH } from './limits.ts';

// Inputs and outputs of the operator's procedures (the `pnpm drift` CLI, admin token).

export const accountIdInput = z.strictObject({ account_id: idSchema });

export const createAccountInput = z.strictObject({
  name: z.string().trim().min(1, { error: 'name must not be empty' }).max(NAME_MAX_LENGTH),
  email: emailAddress,
  plan: z.enum(PLANS, { error: `plan must be one of: ${PLANS.join(', ')}` }).default('free'),
});

export const accountOutput = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  plan: z.enum(PLANS),
  inbound_token: z.string(),
});

export const accountSettingsChangeInput = z.strictObject({ account_id: idSchema, ...settingsChangeFields });

export const createAccountKeyInput = z.strictObject({ account_id: idSchema, ...createKeyFields });

export const createUserInput = z.strictObject({
  account_id: idSchema,
  email: emailAddress,
  name: z.string().trim().min(1).max(NAME_MAX_LENGTH).optional(),
  password: newPassword.optional(),
});

export const createdUserOutput = z.object({
  id: z.string(),
  account_id: z.string(),
  email: z.string(),
  name: z.string(),
  password: z.string().nullable(),
});
