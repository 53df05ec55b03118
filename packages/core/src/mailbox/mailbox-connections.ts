import { MAILBOX_SYNC_STATES, type MailboxChange, type MailboxOutput } from '@drift/contract';
import type { MailboxConnection } from '@drift/db';
import { DomainError, newId, toIso } from '@drift/domain';
import { ImapConnectionError, type ImapSecret, type ImapSettings, testImapConnection } from '@drift/mail';
import { findAccount } from '../accounts/find-account.ts';
import type { CoreDeps, MailboxAccess } from '../deps.ts';
import type { CredentialsCipher } from './credentials-cipher.ts';

// Connecting, showing and removing an account's IMAP mailbox: one implementation for the owner's
// dashboard and the operator's CLI. The secret goes in once and never comes back out.

function toMailboxOutput(row: MailboxConnection): MailboxOutput {
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
      state: (MAILBOX_SYNC_STATES as readonly string[]).includes(row.syncState)
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

function requireMailboxAccess(access: MailboxAccess | undefined): MailboxAccess {
  if (!access)
    throw new DomainError('FEATURE_NOT_AVAILABLE', 'Mailbox connections are not enabled on this server');
  return access;
}

/**
 * Tests the connection exactly as the sync will use it, and saves it only when it works. Saving
 * another mailbox (host, port or user) starts its sync afresh; a new password keeps the cursor.
 */
export async function connectMailbox(
  { prisma, mailboxes }: CoreDeps,
  accountId: string,
  input: MailboxChange,
): Promise<MailboxOutput> {
  const { cipher, imap } = requireMailboxAccess(mailboxes);
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

/** The account's mailbox, or null when none is connected; an unknown account is NOT_FOUND. */
export async function getMailbox(
  { prisma }: CoreDeps,
  accountId: string,
): Promise<{ mailbox: MailboxOutput | null }> {
  await findAccount(prisma, accountId);
  const row = await prisma.mailboxConnection.findUnique({ where: { accountId } });
  return { mailbox: row ? toMailboxOutput(row) : null };
}

/** Forgets the mailbox and its secret; mail already captured stays. The sync stops within a scan. */
export async function disconnectMailbox({ prisma }: CoreDeps, accountId: string) {
  await findAccount(prisma, accountId);
  const { count } = await prisma.mailboxConnection.deleteMany({ where: { accountId } });
  if (count === 0) throw new DomainError('NOT_FOUND', 'No mailbox is connected to this account');
  return { disconnected: true as const };
}
