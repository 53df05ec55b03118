import { type Account, clientDataProblem, type MailboxConnection, type OooSession } from '@drift/db';
import { DomainError } from '@drift/domain';
import {
  type FetchedMessage,
  type MailboxCursor,
  type MailboxWatch,
  type SyncProgress,
  type SyncTarget,
  type WatchEvent,
  watchMailbox,
} from '@drift/mail';
import { captureBatch, type ParsedDelivery, parseOrRefuse } from '../capture/capture.ts';
import type { MailboxAccess, MailDeps } from '../deps.ts';
import { CredentialsKeyError } from './credentials-cipher.ts';
import { imapSettingsOf, syncFromScratch } from './mailbox-connections.ts';

export interface MailboxSyncLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MailboxSyncOptions {
  /** This process, as the holder of leases. */
  instanceId: string;
  /** How often mailboxes are looked for, started, stopped, and their leases renewed. */
  scanIntervalMs: number;
  /** How long a lease lasts unless renewed: another instance takes over after it. */
  leaseMs: number;
  pollIntervalMs: number;
  backoff: { initialMs: number; maxMs: number };
  log: MailboxSyncLog;
}

export interface MailboxSync {
  /** One scan now (the timer runs them too); resolves when it is done. */
  scan(): Promise<void>;
  /** Mailboxes this instance is watching, by id. */
  watching(): string[];
  stop(): Promise<void>;
}

interface Running {
  watch: MailboxWatch;
  sessionId: string;
  /** What the watcher was started with: a change (new password, another host) restarts it. */
  fingerprint: string;
}

const fingerprintOf = (row: MailboxConnection) =>
  [row.host, row.port, row.security, row.username, row.authMethod, row.sealedSecret].join('\n');

/**
 * Syncs every connected mailbox whose account has an active session: one watcher per mailbox, held
 * by one instance at a time through a lease in the database. Each session's sync starts from the
 * session's start (never earlier mail) and stops at its end after a last pass.
 */
export function startMailboxSync(
  deps: MailDeps & { mailboxes: MailboxAccess },
  options: MailboxSyncOptions,
): MailboxSync {
  const { prisma, clock } = deps;
  const { instanceId, log } = options;
  const running = new Map<string, Running>();
  let stopped = false;
  let scanning: Promise<void> | undefined;

  const leaseUntil = () => new Date(clock.now().getTime() + options.leaseMs);

  async function takeLease(id: string): Promise<boolean> {
    const now = clock.now();
    const { count } = await prisma.mailboxConnection.updateMany({
      where: {
        id,
        OR: [{ leaseOwner: null }, { leaseOwner: instanceId }, { leaseExpiresAt: { lt: now } }],
      },
      data: { leaseOwner: instanceId, leaseExpiresAt: leaseUntil() },
    });
    return count === 1;
  }

  async function releaseLease(id: string) {
    await prisma.mailboxConnection
      .updateMany({
        where: { id, leaseOwner: instanceId },
        data: { leaseOwner: null, leaseExpiresAt: null, syncState: 'idle' },
      })
      .catch(() => undefined);
  }

  async function stopWatching(id: string, reason: string, drain: boolean) {
    const entry = running.get(id);
    if (!entry) return;
    running.delete(id);
    await entry.watch.stop({ drain });
    await releaseLease(id);
    log.info({ mailboxId: id, sessionId: entry.sessionId, reason }, 'mailbox sync stopped');
  }

  const cursorData = (cursor: MailboxCursor) => ({
    uidValidity: BigInt(cursor.uidValidity ?? 0),
    lastUid: BigInt(cursor.lastUid),
  });

  function targetFor(mailboxId: string, session: OooSession): SyncTarget {
    const ours = { id: mailboxId, leaseOwner: instanceId };
    // Read once per pass (window and progress open every pass), not once per message.
    let account: Account | undefined;
    let firstSyncOpen = false;
    return {
      async window() {
        const current = await prisma.oooSession.findUnique({ where: { id: session.id } });
        if (!current || current.cancelledAt) return null;
        account = await prisma.account.findUniqueOrThrow({ where: { id: session.accountId } });
        return { since: current.startDate, until: current.endDate };
      },
      async cursor(): Promise<MailboxCursor> {
        const row = await prisma.mailboxConnection.findUnique({ where: { id: mailboxId } });
        if (!row) throw new DomainError('NOT_FOUND', 'The mailbox was disconnected');
        return { uidValidity: row.uidValidity?.toString() ?? null, lastUid: Number(row.lastUid) };
      },
      async accept(messages: FetchedMessage[], cursor: MailboxCursor | null) {
        account ??= await prisma.account.findUniqueOrThrow({ where: { id: session.accountId } });
        // A message that is not mail, or that the database refuses, can never be captured; it must
        // not hold the sync back.
        const skipInvalid = (uid: number, error: unknown) => {
          const refusal =
            error instanceof DomainError && error.code === 'VALIDATION_ERROR'
              ? error.message
              : clientDataProblem(error);
          if (refusal === null) throw error;
          log.warn({ mailboxId, uid, reason: refusal }, 'mailbox message skipped');
        };
        const deliveries: (ParsedDelivery & { uid: number })[] = [];
        for (const message of messages) {
          try {
            deliveries.push({
              uid: message.uid,
              raw: message.raw,
              parsed: await parseOrRefuse(message.raw),
              source: { kind: 'imap', externalId: message.externalId, receivedAt: message.arrivedAt },
            });
          } catch (error) {
            skipInvalid(message.uid, error);
          }
        }
        try {
          await captureBatch(deps, account, deliveries);
        } catch {
          // One by one, so that only the message at fault is left out.
          for (const delivery of deliveries) {
            await captureBatch(deps, account, [delivery]).catch((error: unknown) =>
              skipInvalid(delivery.uid, error),
            );
          }
        }
        await prisma.mailboxConnection.updateMany({
          where: ours,
          data: {
            ...(cursor && cursorData(cursor)),
            ...(firstSyncOpen && { firstSyncCaptured: { increment: messages.length } }),
          },
        });
      },
      async advance(cursor: MailboxCursor) {
        await prisma.mailboxConnection.updateMany({ where: ours, data: cursorData(cursor) });
      },
      async progress(progress: SyncProgress) {
        const row = await prisma.mailboxConnection.findUnique({ where: { id: mailboxId } });
        if (!row) return;
        // The first sync is open until a pass of this session ends with nothing left, even when
        // its first pass was cut short and a later one (resuming from the cursor) finishes it.
        firstSyncOpen = row.firstSyncDoneAt === null;
        const passStarts = progress.captured === 0;
        const finished = progress.left === 0;
        if (progress.resync && passStarts) {
          log.warn(
            { mailboxId, found: progress.found },
            'mailbox UIDVALIDITY changed; resyncing the session',
          );
        }
        await prisma.mailboxConnection.updateMany({
          where: ours,
          data: {
            ...(firstSyncOpen &&
              passStarts && {
                firstSyncFound: progress.initial ? progress.found : row.firstSyncCaptured + progress.found,
                ...(progress.initial && { firstSyncCaptured: 0 }),
              }),
            ...(firstSyncOpen && finished && { firstSyncDoneAt: clock.now() }),
            ...(finished && { lastSyncedAt: clock.now() }),
          },
        });
      },
    };
  }

  function report(mailboxId: string) {
    return async (event: WatchEvent) => {
      if (event.state === 'stopped') return;
      await prisma.mailboxConnection.updateMany({
        where: { id: mailboxId, leaseOwner: instanceId },
        data: {
          syncState: event.state,
          ...(event.state === 'watching' && { lastError: null }),
          ...(event.error && { lastError: event.error.message }),
        },
      });
      if (event.error) {
        log.warn(
          {
            mailboxId,
            failure: event.error.failure,
            reason: event.error.message,
            retryInMs: event.retryInMs,
          },
          'mailbox connection failed; retrying',
        );
      }
    };
  }

  async function startWatching(row: MailboxConnection, session: OooSession) {
    if (!(await takeLease(row.id))) return;
    let settings: ReturnType<typeof imapSettingsOf>;
    try {
      settings = imapSettingsOf(row, deps.mailboxes.cipher);
    } catch (error) {
      if (!(error instanceof CredentialsKeyError)) throw error;
      await prisma.mailboxConnection.updateMany({
        where: { id: row.id, leaseOwner: instanceId },
        data: { lastError: `Cannot sync: ${error.message}` },
      });
      await releaseLease(row.id);
      log.warn({ mailboxId: row.id, reason: error.message }, 'mailbox credentials cannot be opened');
      return;
    }
    if (row.cursorSessionId !== session.id) {
      // A new session: its sync starts from its own start, whatever the last one reached.
      await prisma.mailboxConnection.updateMany({
        where: { id: row.id, leaseOwner: instanceId },
        data: { ...syncFromScratch(session.id), lastError: null },
      });
    }
    const watch = watchMailbox(settings, targetFor(row.id, session), {
      ...deps.mailboxes.imap,
      pollIntervalMs: options.pollIntervalMs,
      backoff: options.backoff,
      onEvent: report(row.id),
    });
    running.set(row.id, { watch, sessionId: session.id, fingerprint: fingerprintOf(row) });
    log.info({ mailboxId: row.id, sessionId: session.id, host: row.host }, 'mailbox sync started');
  }

  async function scanOnce() {
    const now = clock.now();
    const active = await prisma.oooSession.findMany({
      where: {
        cancelledAt: null,
        startDate: { lte: now },
        endDate: { gt: now },
        account: { mailbox: { isNot: null } },
      },
    });
    const sessionOf = new Map(active.map((session) => [session.accountId, session]));
    const rows = await prisma.mailboxConnection.findMany({
      where: { OR: [{ accountId: { in: [...sessionOf.keys()] } }, { id: { in: [...running.keys()] } }] },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));

    for (const [id, entry] of running) {
      const row = byId.get(id);
      const session = row && sessionOf.get(row.accountId);
      if (!row) {
        await stopWatching(id, 'mailbox disconnected', false);
      } else if (!session || session.id !== entry.sessionId) {
        // A last pass collects what arrived just before the end.
        await stopWatching(id, 'session ended', true);
      } else if (fingerprintOf(row) !== entry.fingerprint) {
        await stopWatching(id, 'connection settings changed', false);
      } else if (!(await takeLease(id))) {
        await stopWatching(id, 'lease taken by another instance', false);
      }
    }
    for (const row of rows) {
      const session = sessionOf.get(row.accountId);
      if (session && !running.has(row.id) && !stopped) await startWatching(row, session);
    }
  }

  const scan = () => {
    scanning ??= scanOnce()
      .catch((error: unknown) => {
        log.warn({ err: error }, 'mailbox scan failed; retrying at the next scan');
      })
      .finally(() => {
        scanning = undefined;
      });
    return scanning;
  };
  const timer = setInterval(() => void scan(), options.scanIntervalMs);
  void scan();

  return {
    scan,
    watching: () => [...running.keys()],
    async stop() {
      stopped = true;
      clearInterval(timer);
      await scanning;
      await Promise.all([...running.keys()].map((id) => stopWatching(id, 'server stopping', false)));
    },
  };
}
