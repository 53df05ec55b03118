import { EMAIL_CATEGORIES, type FieldError, PLANS } from '@drift/domain/browser';
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
  /** Escalation while away (Team Growth): who hears of escalated mail; null removes the contact. */
  backup_contact: z
    .strictObject({
      name: z
        .string()
        .trim()
        .min(1, { error: 'is required: the name the contact is greeted with' })
        .max(NAME_MAX_LENGTH),
      email: emailAddress,
    })
    .nullable()
    .optional(),
  escalate_categories: z
    .array(z.enum(EMAIL_CATEGORIES, { error: `must be one of: ${EMAIL_CATEGORIES.join(', ')}` }))
    .max(EMAIL_CATEGORIES.length)
    .optional(),
  auto_reply_names_contact: z.boolean().optional(),
};
export const settingsChangeInput = z.strictObject(settingsChangeFields);

/** The sentence an opted-in auto-reply ends with; the dashboard shows it as it will be sent. */
export function backupContactSentence(contact: { name: string; email: string }): string {
  return `For urgent matters, please write to ${contact.name} <${contact.email}>.`;
}

/** An auto-reply as it is sent: its text, then the backup contact sentence when there is one. */
export function withContactSentence(text: string, sentence: string | null | undefined): string {
  return sentence ? `${text.trimEnd()}\n\n${sentence}` : text;
}

/** Mail in these categories reaches the backup contact unless the owner chooses others. */
export const DEFAULT_ESCALATE_CATEGORIES = ['urgent'] as const;

/**
 * What is wrong with an escalation setup as it would be saved: the server refuses it with these,
 * and the dashboard says them before sending. `ownAddresses` are the owner's address and aliases.
 */
export function escalationProblems(setup: {
  contact: { name: string; email: string } | null;
  categories: readonly string[];
  ownAddresses: readonly string[];
}): FieldError[] {
  const problems: FieldError[] = [];
  if (!setup.contact) return problems;
  const email = setup.contact.email.trim().toLowerCase();
  if (setup.ownAddresses.some((own) => own.trim().toLowerCase() === email)) {
    problems.push({
      field: 'backup_contact.email',
      message:
        'backup_contact.email is one of your own addresses: choose someone who is not away, such as a colleague',
    });
  }
  if (setup.categories.length === 0) {
    problems.push({
      field: 'escalate_categories',
      message: 'escalate_categories must name at least one category while a backup contact is set',
    });
  }
  return problems;
}
export type SettingsChange = z.input<typeof settingsChangeInput>;

export const settingsOutput = z.object({
  account_id: z.string(),
  email: z.string(),
  timezone: z.string(),
  vip_senders: z.array(z.string()),
  urgent_keywords: z.array(z.string()),
  aliases: z.array(z.string()),
  inbound_address: z.string(),
  /** Kept on a free plan but not used there. */
  backup_contact: z.object({ name: z.string(), email: z.string() }).nullable(),
  escalate_categories: z.array(z.enum(EMAIL_CATEGORIES)),
  auto_reply_names_contact: z.boolean(),
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
