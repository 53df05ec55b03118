import { z } from 'zod';
import { idSchema } from './common.ts';
import {
  HOST_NAME_PATTERN,
  MAILBOX_ACCESS_TOKEN_MAX_LENGTH,
  MAILBOX_HOST_MAX_LENGTH,
  MAILBOX_PASSWORD_MAX_LENGTH,
  MAILBOX_USERNAME_MAX_LENGTH,
} from './limits.ts';

/** How the connection is protected: TLS from the first byte (993), STARTTLS required (143), or none. */
export const IMAP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type ImapSecurity = (typeof IMAP_SECURITY)[number];

export const MAILBOX_SYNC_STATES = ['idle', 'connecting', 'syncing', 'watching', 'reconnecting'] as const;
export type MailboxSyncState = (typeof MAILBOX_SYNC_STATES)[number];

const mailboxFields = {
  host: z
    .string()
    .trim()
    .min(1, { error: 'host is required' })
    .max(MAILBOX_HOST_MAX_LENGTH)
    .regex(HOST_NAME_PATTERN, { error: 'host must be a host name or IP address such as imap.gmail.com' }),
  port: z
    .number({ error: 'port must be a number' })
    .int({ error: 'port must be a whole number' })
    .min(1, { error: 'port must be between 1 and 65535' })
    .max(65535, { error: 'port must be between 1 and 65535' })
    .default(993),
  security: z
    .enum(IMAP_SECURITY, { error: `security must be one of: ${IMAP_SECURITY.join(', ')}` })
    .default('tls'),
  username: z.string().trim().min(1, { error: 'username is required' }).max(MAILBOX_USERNAME_MAX_LENGTH),
  password: z
    .string()
    .min(1, { error: 'password must not be empty' })
    .max(MAILBOX_PASSWORD_MAX_LENGTH)
    .optional(),
  access_token: z
    .string()
    .trim()
    .min(1, { error: 'access_token must not be empty' })
    .max(MAILBOX_ACCESS_TOKEN_MAX_LENGTH)
    .optional(),
};

const ONE_SECRET = {
  error: 'give either password (an app password) or access_token (OAuth2), not both',
};
const oneSecret = (input: { password?: string; access_token?: string }) =>
  (input.password === undefined) !== (input.access_token === undefined);

export const mailboxChangeInput = z.strictObject(mailboxFields).refine(oneSecret, ONE_SECRET);
/** The same, for an operator naming the account. */
export const accountMailboxChangeInput = z
  .strictObject({ account_id: idSchema, ...mailboxFields })
  .refine(oneSecret, ONE_SECRET);
export type MailboxChange = z.infer<typeof mailboxChangeInput>;
/** What a client sends (port and security may be left to their defaults). */
export type MailboxChangeRequest = z.input<typeof mailboxChangeInput>;

export const mailboxOutput = z.object({
  id: z.string(),
  host: z.string(),
  port: z.number().int(),
  security: z.enum(IMAP_SECURITY),
  username: z.string(),
  auth_method: z.enum(['password', 'oauth2']),
  created_at: z.string(),
  updated_at: z.string(),
  sync: z.object({
    state: z.enum(MAILBOX_SYNC_STATES),
    /** The session whose mail is being synced (or was last). */
    session_id: z.string().nullable(),
    last_error: z.string().nullable(),
    last_synced_at: z.string().nullable(),
    /** The first pass of that session: what it found on the server, captured, and has left. */
    first_sync: z
      .object({
        found: z.number().int(),
        captured: z.number().int(),
        left: z.number().int(),
        done: z.boolean(),
      })
      .nullable(),
  }),
});
export type MailboxOutput = z.infer<typeof mailboxOutput>;

export const mailboxStateOutput = z.object({ mailbox: mailboxOutput.nullable() });
export const disconnectedOutput = z.object({ disconnected: z.literal(true) });
