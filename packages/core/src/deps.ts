import type { PrismaClient } from '@drift/db';
import type { Clock } from '@drift/domain';
import type { ImapClientOptions, MailTransport } from '@drift/mail';
import type { ApiKeyCache } from './api-key-cache/api-key-cache.ts';
import type { SpamdCheck } from './capture/spamd-check.ts';
import type { CredentialsCipher } from './mailbox/credentials-cipher.ts';
import type { RateLimiter } from './rate-limit/rate-limiter.ts';

/** The sealing key of mailbox secrets and the operator's TLS trust for IMAP servers. */
export interface MailboxAccess {
  cipher: CredentialsCipher;
  imap: ImapClientOptions;
}

/**
 * Every long-lived collaborator the application services use, built once by the server and
 * shared by requests, the inbound route, the scheduler and the IMAP worker.
 */
export interface CoreDeps {
  prisma: PrismaClient;
  clock: Clock;
  /** Outgoing mail: auto-replies and playbook deliveries. */
  mailer: MailTransport;
  rateLimiter: RateLimiter;
  /** Without them mailboxes cannot be connected or synced. */
  mailboxes?: MailboxAccess;
  /** SpamAssassin's spamd (DRIFT_SPAMD): asked about every captured message when set. */
  spamd?: SpamdCheck;
  /**
   * Authenticated API keys kept in process; revokes and plan changes invalidate it (on every
   * instance when it has a broadcast). Without it every request reads its key from the database.
   */
  apiKeyCache?: ApiKeyCache;
  /** DRIFT_WEBHOOK_PRIVATE_HOSTS: without it, webhook URLs must be https on the public internet. */
  webhooks?: { allowPrivateHosts: boolean };
  /**
   * Where people reach this server's dashboard (DRIFT_URL), for links in mail sent to others
   * (escalations). Without it such mail carries no link.
   */
  publicUrl?: string;
}

/** What capture, auto-replies and playbook delivery need: no rate limiter, no mailbox secrets. */
export type MailDeps = Pick<CoreDeps, 'prisma' | 'clock' | 'mailer' | 'spamd' | 'publicUrl'>;
