import type { ImapFlow } from 'imapflow';

/** Where the sync stands in one mailbox: UIDs up to `lastUid` under `uidValidity` are done. */
export interface MailboxCursor {
  uidValidity: string | null;
  lastUid: number;
}

/** The interval of arrival times whose mail is wanted: a session's `[start, end)`. */
export interface SyncWindow {
  since: Date;
  until: Date;
}

export interface FetchedMessage {
  uid: number;
  uidValidity: string;
  /** The server's id of the message: its OBJECTID/X-GM-MSGID, else UIDVALIDITY:UID. */
  externalId: string;
  arrivedAt: Date;
  raw: Buffer;
}

export interface SyncProgress {
  found: number;
  captured: number;
  left: number;
  /** A pass that started without a cursor for this UIDVALIDITY (first contact, or a resync). */
  initial: boolean;
  /** The stored cursor belonged to another UIDVALIDITY: every UID was renumbered. */
  resync: boolean;
}

/** The durable side of a sync: what to fetch, where to resume, and what to do with each message. */
export interface SyncTarget {
  /** The window for this pass, read afresh (a session can end early); null: nothing to sync now. */
  window(): Promise<SyncWindow | null>;
  cursor(): Promise<MailboxCursor>;
  /**
   * Stores the messages of one fetch (in UID order), and with `cursor` moves the cursor past the
   * last of them that is done for good, in the same step. Storing must be idempotent: after a
   * crash between the two, the messages come again.
   */
  accept(messages: FetchedMessage[], cursor: MailboxCursor | null): Promise<void>;
  /** Moves the cursor over UIDs that needed nothing (arrived before the window, or are gone). */
  advance(cursor: MailboxCursor): Promise<void>;
  progress(progress: SyncProgress): Promise<void>;
}

const DAY_MS = 86_400_000;
/**
 * Messages whose full source is held in memory at once, and captured together: large enough that
 * the per-batch queries are a small share of the work, small enough to keep memory flat.
 */
const FETCH_BATCH = 50;

type Plan = { uid: number; action: 'take' | 'skip' | 'later' };

/**
 * One pass over the open (read-only) INBOX: every message past the cursor that arrived inside the
 * window is handed to the target once, oldest UID first. The mailbox is only ever read: EXAMINE and
 * BODY.PEEK change no flag, and nothing is stored, moved or expunged.
 *
 * The cursor only moves over UIDs that are done for good: taken, or arrived before the window.
 * A message dated after the window (a clock ahead, an APPEND with a future date) holds it back,
 * since the window may still grow to include it.
 */
export async function syncMailboxOnce(client: ImapFlow, target: SyncTarget): Promise<SyncProgress | null> {
  const window = await target.window();
  if (!window) return null;
  // A selected mailbox shows new mail only once the server has announced it; a NOOP asks it to.
  await client.noop();
  const mailbox = client.mailbox;
  if (!mailbox) return null;
  const uidValidity = mailbox.uidValidity.toString();
  // Every UID below this existed before the search below, so the search saw it (or it is gone).
  const uidNextBefore = mailbox.uidNext;
  const cursor = await target.cursor();
  const resync = cursor.uidValidity !== null && cursor.uidValidity !== uidValidity;
  const initial = cursor.uidValidity !== uidValidity;
  const after = initial ? 0 : cursor.lastUid;

  // SEARCH SINCE compares dates in the server's zone, so ask for a day more and filter by the
  // exact arrival time below; this is what keeps mail from before the session out.
  const found = await client.search(
    initial ? { since: new Date(window.since.getTime() - DAY_MS) } : { uid: `${after + 1}:*` },
    { uid: true },
  );
  // `N:*` names the last message even when its UID is below N.
  const uids = (found || []).filter((uid) => uid > after).sort((a, b) => a - b);
  const plan: Plan[] = [];
  if (uids.length > 0) {
    const arrivals = new Map<number, Date | undefined>();
    for await (const message of client.fetch(
      uids.join(','),
      { uid: true, internalDate: true },
      { uid: true },
    )) {
      arrivals.set(message.uid, toDate(message.internalDate));
    }
    for (const uid of uids) {
      // No arrival time: expunged since the search (or dateless), so nothing to take.
      const arrived = arrivals.get(uid);
      if (!arrived || arrived < window.since) plan.push({ uid, action: 'skip' });
      else if (arrived < window.until) plan.push({ uid, action: 'take' });
      else plan.push({ uid, action: 'later' });
    }
  }
  const wanted = plan.filter((item) => item.action === 'take').map((item) => item.uid);
  const firstLater = plan.find((item) => item.action === 'later')?.uid;

  // The cursor as stored; -1 until this UIDVALIDITY has been stored at all.
  let stored = initial ? -1 : after;
  const progress: SyncProgress = { found: wanted.length, captured: 0, left: wanted.length, initial, resync };
  await target.progress(progress);
  for (let i = 0; i < wanted.length; i += FETCH_BATCH) {
    const fetched: FetchedMessage[] = [];
    for await (const message of client.fetch(
      wanted.slice(i, i + FETCH_BATCH).join(','),
      { uid: true, internalDate: true, emailId: true, source: true },
      { uid: true },
    )) {
      if (!message.source) continue;
      fetched.push({
        uid: message.uid,
        uidValidity,
        externalId: message.emailId ?? `${uidValidity}:${message.uid}`,
        arrivedAt: toDate(message.internalDate) ?? new Date(),
        raw: message.source,
      });
    }
    const batch = fetched.sort((a, b) => a.uid - b.uid);
    const lastDone = batch.filter((message) => firstLater === undefined || message.uid < firstLater).at(-1);
    await target.accept(batch, lastDone ? { uidValidity, lastUid: lastDone.uid } : null);
    if (lastDone) stored = lastDone.uid;
    progress.captured += batch.length;
    progress.left -= batch.length;
    await target.progress(progress);
  }

  const end = Math.max(after, uids.at(-1) ?? 0, initial ? uidNextBefore - 1 : 0);
  const doneUpTo = firstLater === undefined ? end : firstLater - 1;
  if (doneUpTo > stored) await target.advance({ uidValidity, lastUid: doneUpTo });
  return progress;
}

function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
