import type { ImapFlow } from 'imapflow';
import { createImapClient } from './imap-client.ts';
import { describeImapError, type ImapConnectionError, noInboxError } from './imap-errors.ts';
import type { ImapClientOptions, ImapSettings } from './imap-settings.ts';
import { type SyncProgress, type SyncTarget, syncMailboxOnce } from './mailbox-sync.ts';

export type WatchState = 'connecting' | 'syncing' | 'watching' | 'reconnecting' | 'stopped';

export interface WatchEvent {
  state: WatchState;
  /** Why the last attempt failed (state `reconnecting`). */
  error?: ImapConnectionError;
  retryInMs?: number;
  /** What the pass that just ended did (state `watching`). */
  progress?: SyncProgress;
}

export interface WatchOptions extends ImapClientOptions {
  /** A full pass this often even when IDLE is quiet: a safety net for notifications that never came. */
  pollIntervalMs: number;
  /** Delay before the first reconnection, doubled after each failure up to `maxMs`. */
  backoff: { initialMs: number; maxMs: number };
  onEvent?(event: WatchEvent): void | Promise<void>;
  random?: () => number;
}

export interface MailboxWatch {
  /** Stops watching; with `drain`, one last pass first, so mail that came just before is not left. */
  stop(options?: { drain?: boolean }): Promise<void>;
  readonly done: Promise<void>;
}

/**
 * Keeps one connection to the INBOX: a pass at once, then IDLE (NOOP polling where the server has
 * no IDLE) and another pass whenever the server announces new mail or `pollIntervalMs` passes.
 * A dropped connection or a failing pass is retried with exponential backoff and jitter; since
 * the cursor is durable in the target, a new connection resumes exactly where the last stopped.
 */
export function watchMailbox(
  settings: ImapSettings,
  target: SyncTarget,
  options: WatchOptions,
): MailboxWatch {
  const random = options.random ?? Math.random;
  let stopping = false;
  let drain = false;
  let pendingWake = false;
  let wake: (() => void) | undefined;
  const wakeUp = () => {
    pendingWake = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopping) {
        pendingWake = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        pendingWake = false;
        resolve();
      }
      wake = done;
    });
  const emit = async (event: WatchEvent) => {
    try {
      await options.onEvent?.(event);
    } catch {
      // Reporting must never stop the sync.
    }
  };

  let failures = 0;
  const session = async (client: ImapFlow) => {
    let closed = false;
    client.on('close', () => {
      closed = true;
      wakeUp();
    });
    client.on('exists', wakeUp);
    // While retrying, the state stays `reconnecting` (with its error) until a connection works.
    if (failures === 0) await emit({ state: 'connecting' });
    await client.connect();
    try {
      await client.mailboxOpen('INBOX', { readOnly: true });
    } catch (error) {
      throw noInboxError(settings, error);
    }
    failures = 0;
    while (!stopping) {
      if (closed) throw new Error('The server closed the connection');
      await emit({ state: 'syncing' });
      const progress = await syncMailboxOnce(client, target);
      // IDLE at once, not after the client's idle delay: mail arriving right after a pass is
      // announced now. The next command (the next pass) ends it by itself.
      void client.idle().catch(() => undefined);
      await emit({ state: 'watching', ...(progress && { progress }) });
      await sleep(options.pollIntervalMs);
    }
    if (drain && !closed) await syncMailboxOnce(client, target);
  };

  const run = async () => {
    while (!stopping) {
      let client: ImapFlow | undefined;
      try {
        client = await createImapClient(settings, options);
        client.on('error', () => undefined); // also reported through the rejected command
        await session(client);
      } catch (error) {
        if (stopping) break;
        failures += 1;
        const ceiling = Math.min(options.backoff.maxMs, options.backoff.initialMs * 2 ** (failures - 1));
        const retryInMs = Math.round(ceiling * (0.5 + random() / 2));
        await emit({ state: 'reconnecting', error: describeImapError(error, settings), retryInMs });
        await sleep(retryInMs);
      } finally {
        if (client?.usable) await client.logout().catch(() => client?.close());
        else client?.close();
      }
    }
    await emit({ state: 'stopped' });
  };

  const done = run();
  return {
    done,
    async stop(stopOptions = {}) {
      drain = stopOptions.drain ?? false;
      stopping = true;
      wakeUp();
      await done;
    },
  };
}
