import type { MailboxConnection, PrismaClient } from '@drift/db';
import { DomainError, newId, toIso } from '@drift/domain';
import {
  IMAP_SECURITY,
  type ImapClientOptions,
  ImapConnectionError,
  type ImapSecret,
  type ImapSettings,
  testImapConnection,
} from '@drift/mail';
import { z } from 'zod';
import { findAccount } from '../account-management.ts';
import type { CredentialsCipher } from './credentials-cipher.ts';

// Connecting, showing and removing an account's IMAP mailbox: one implementation for the owner's
// dashboard and the operator's CLI. The secret goes in once and never comes back out.

/** What mailbox procedures need beyond the database: the sealing key and the operator's TLS trust. */
export interface MailboxDeps {
  cipher: CredentialsCipher;
  imap: ImapClientOptions;
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9a-fA-F:]+$/;

const mailboxFields = {
  host: z
    .string()
    .trim()
    .min(1, { error: 'host is required' })
    .max(253)
    .regex(HOST, { error: 'host must be a host name or IP address such as imap.gmail.com' }),
  port: z
    .number({ error: 'port must be a number' })
    .int({ error: 'port must be a whole number' })
    .min(1, { error: 'port must be between 1 and 65535' })
    .max(65535, { error: 'port must be between 1 and 65535' })
    .default(993),
  security: z
    .enum(IMAP_SECURITY, { error: `security must be one of: ${IMAP_SECURITY.join(', ')}` })
    .default('tls'),
  username: z.string().trim().min(1, { error: 'username is required' }).max(320),
  password: z.string().min(1, { error: 'password must not be empty' }).max(1_000).optional(),
  access_token: z.string().trim().min(1, { error: 'access_token must not be empty' }).max(10_000).optional(),
};

const ONE_SECRET = {
  error: 'give either password (an app password) or access_token (OAuth2), not both',
};
const oneSecret = (input: { password?: string; access_token?: string }) =>
  (input.password === undefined) !== (input.access_token === undefined);

export const mailboxChange = z.strictObject(mailboxFields).refine(oneSecret, ONE_SECRET);
/** The same, for an operator naming the account. */
export const accountMailboxChange = z
  .strictObject({ account_id: z.string().min(1).max(100), ...mailboxFields })
  .refine(oneSecret, ONE_SECRET);
export type MailboxChange = z.infer<typeof mailboxChange>;

const SYNC_STATES = ['idle', 'connecting', 'syncing', 'watching', 'reconnecting'] as const;

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
    state: z.enum(SYNC_STATES),
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

export function toMailboxOutput(row: MailboxConnection): MailboxOutput {
  const found = row.firstSyncFound;
  return {
    id: row.id,
    host: row.host,
    port: row.port,
    security: row.security as MailboxOutput['security'],
    username: row.username,
    auth_method: row.authMethod as MailboxOutput['auth_method'],
    created_at: toIso(row.createdAt),
    updated_at: toIso(row.updatedAt),
    sync: {
      state: (SYNC_STATES as readonly string[]).includes(row.syncState)
        ? (row.syncState as MailboxOutput['sync']['state'])
        : 'idle',
      session_id: row.cursorSessionId,
      last_error: row.lastError,
      last_synced_at: row.lastSyncedAt ? toIso(row.lastSyncedAt) : null,
      first_sync:
        found === null
          ? null
          : {
              found,
              captured: row.firstSyncCaptured,
              left: Math.max(0, found - row.firstSyncCaptured),
              done: row.firstSyncDoneAt !== null,
            },
    },
  };
}

type AuthMethod = MailboxOutput['auth_method'];

function secretOf(method: AuthMethod, value: string): ImapSecret {
  return method === 'oauth2' ? { kind: 'oauth2', accessToken: value } : { kind: 'password', password: value };
}

/** The stored connection with its secret opened, for the sync; throws CredentialsKeyError. */
export function imapSettingsOf(row: MailboxConnection, cipher: CredentialsCipher): ImapSettings {
  return {
    host: row.host,
    port: row.port,
    security: row.security as ImapSettings['security'],
    username: row.username,
    secret: secretOf(row.authMethod as AuthMethod, cipher.open(row.sealedSecret, row.accountId)),
  };
}

/** A cursor that has read nothing yet, for the given session: its sync starts from the session's start. */
export function syncFromScratch(sessionId: string | null) {
  return {
    cursorSessionId: sessionId,
    uidValidity: null,
    lastUid: 0n,
    firstSyncFound: null,
    firstSyncCaptured: 0,
    firstSyncDoneAt: null,
  };
}

function requireMailboxDeps(deps: MailboxDeps | undefined): MailboxDeps {
  if (!deps)
    throw new DomainError('FEATURE_NOT_AVAILABLE', 'Mailbox connections are not enabled on this server');
  return deps;
}

/**
 * Tests the connection exactly as the sync will use it, and saves it only when it works. Saving
 * another mailbox (host, port or user) starts its sync afresh; a new password keeps the cursor.
 */
export async function connectMailbox(
  prisma: PrismaClient,
  mailboxDeps: MailboxDeps | undefined,
  accountId: string,
  input: MailboxChange,
): Promise<MailboxOutput> {
  const { cipher, imap } = requireMailboxDeps(mailboxDeps);
  await findAccount(prisma, accountId);
  const [authMethod, secret]: [AuthMethod, string] =
    input.password !== undefined ? ['password', input.password] : ['oauth2', input.access_token ?? ''];
  const settings: ImapSettings = {
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    secret: secretOf(authMethod, secret),
  };
  try {
    await testImapConnection(settings, imap);
  } catch (error) {
    if (error instanceof ImapConnectionError) throw new DomainError('VALIDATION_ERROR', error.message);
    throw error;
  }
  const sealedSecret = cipher.seal(secret, accountId);
  const identity = { host: input.host, port: input.port, username: input.username };
  const existing = await prisma.mailboxConnection.findUnique({ where: { accountId } });
  const sameMailbox =
    existing?.host === identity.host &&
    existing.port === identity.port &&
    existing.username === identity.username;
  const fields = {
    ...identity,
    security: input.security,
    authMethod,
    sealedSecret,
    lastError: null,
    ...(!sameMailbox && { ...syncFromScratch(null), lastSyncedAt: null, syncState: 'idle' }),
  };
  const row = await prisma.mailboxConnection.upsert({
    where: { accountId },
    create: { id: newId('mbx'), accountId, ...fields },
    update: fields,
  });
  return toMailboxOutput(row);
}

export async function getMailbox(prisma: PrismaClient, accountId: string): Promise<MailboxOutput | null> {
  const row = await prisma.mailboxConnection.findUnique({ where: { accountId } });
  return row ? toMailboxOutput(row) : null;
}

/** Forgets the mailbox and its secret; mail already captured stays. The sync stops within a scan. */
export async function disconnectMailbox(prisma: PrismaClient, accountId: string) {
  await findAccount(prisma, accountId);
  const { count } = await prisma.mailboxConnection.deleteMany({ where: { accountId } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No mailbox is connected to this account');
  return { disconnected: true as const };
}
