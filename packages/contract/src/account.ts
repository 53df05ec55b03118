import { PLANS } from '@drift/domain/browser';
import { z } from 'zod';
import { emailAddress, idSchema } from './common.ts';
import {
  ALIASES_MAX,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  URGENT_KEYWORD_MAX_LENGTH,
  URGENT_KEYWORDS_MAX,
  VIP_SENDERS_MAX,
} from './limits.ts';

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The fields of a settings change; the operator's variant adds `account_id`. */
export const settingsChangeFields = {
  timezone: z
    .string()
    .refine(isIanaTimeZone, { error: 'timezone must be an IANA time zone such as Europe/Paris' })
    .optional(),
  vip_senders: z.array(emailAddress).max(VIP_SENDERS_MAX).optional(),
  urgent_keywords: z
    .array(z.string().trim().min(1).max(URGENT_KEYWORD_MAX_LENGTH))
    .max(URGENT_KEYWORDS_MAX)
    .optional(),
  aliases: z.array(emailAddress).max(ALIASES_MAX).optional(),
};
export const settingsChangeInput = z.strictObject(settingsChangeFields);
export type SettingsChange = z.input<typeof settingsChangeInput>;

export const settingsOutput = z.object({
  account_id: z.string(),
  email: z.string(),
  timezone: z.string(),
  vip_senders: z.array(z.string()),
  urgent_keywords: z.array(z.string()),
  aliases: z.array(z.string()),
  inbound_address: z.string(),
});

export const keyName = z.string().trim().min(1).max(NAME_MAX_LENGTH);

export const createKeyFields = { scopes: z.array(z.string()), name: keyName.optional() };
export const createKeyInput = z.strictObject(createKeyFields);
export type CreateKey = z.input<typeof createKeyInput>;
export const keyIdInput = z.strictObject({ id: idSchema });

export const keyOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  display_prefix: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export const keyListOutput = z.object({ data: z.array(keyOutput) });

export const createdKeyOutput = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string().nullable(),
  scopes: z.array(z.string()),
  created_at: z.string(),
});

export const revokedKeyOutput = z.object({
  id: z.string(),
  revoked: z.literal(true),
  revoked_at: z.string(),
});

export const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, { error: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH);

export const signInInput = z.strictObject({
  email: emailAddress,
  password: z.string().min(1, { error: 'password is required' }).max(PASSWORD_MAX_LENGTH),
});
export type SignIn = z.input<typeof signInInput>;

export const userOutput = z.object({ id: z.string(), email: z.string(), name: z.string() });
export const signInOutput = z.object({ user: userOutput, csrf_token: z.string() });
export const meOutput = z.object({
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

export const signedOutOutput = z.object({ ok: z.literal(true) });
