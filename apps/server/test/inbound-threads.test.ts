// Threads of captured mail (Message-ID / In-Reply-To / References, in any arrival order, and the
// subject as a last resort), settled threads relabelled `resolved`, and session stats that always
// agree with the rows GET /api/v1/emails lists.

import { at, days } from '@drift/api/testing';
import { URGENCY_BANDS } from '@drift/triage';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './support/fixture.ts';
import {
  activeSession,
  buildOwnerMailbox,
  listEmails,
  listedEmail,
  postInbound,
  VIP,
} from './support/inbound.ts';
import {
  BEN,
  buildRawMail,
  CAROL,
  colleagueQuestion,
  JONAS,
  listDigest,
  OWNER,
  PRIYA,
  promoBlast,
  type RawMailOptions,
  uniqueMessageId,
} from './support/raw-mail.ts';
import { BASE_NOW, type Json } from './support/server.ts';

const fixture = useTestServer({ mailbox: true });

const THREAD_ID = /^thr_[0-9A-Za-z]+$/;

/** Delivers one message (a minute after the previous one, so arrival order is unambiguous). */
async function deliver(options: RawMailOptions & { messageId: string }): Promise<Json> {
  fixture.server.clock.advance(60_000);
  const response = await postInbound(fixture.server, fixture.mailbox.token, buildRawMail(options));
  expect(response.status, response.text).toBe(202);
  expect(response.body.captured).toBe(true);
  return response.body.email;
}

/** Ben's reply in the staging thread, to the last of `thread` (oldest first). */
const benReplies = (messageId: string, thread: string[], body: string): Promise<Json> =>
  deliver({
    from: BEN,
    messageId,
    subject: `Re: ${STAGING}`,
    inReplyTo: thread.at(-1),
    references: thread,
    body,
  });

const threadOf = async (messageId: string): Promise<string> =>
  (await listedEmail(fixture.server, fixture.mailbox, messageId)).thread_id;

const STAGING = 'OK to resize staging-db to db.r6.2xlarge?';
const ASK =
  'Hi Alex,\n\nstaging-db is at 91% disk. Could you approve moving it to db.r6.2xlarge (+$340/month)? I need your OK before I can do the resize.\n\nBen';
const NUDGE = 'Alex, any thoughts on this? Could you let me know if the resize is OK?\n\nBen';
const SETTLE =
  'Never mind — Priya already approved it and the resize is done, nothing needed from you.\n\nBen';

describe('thread resolution, in any arrival order', () => {
  it('a reply with References arriving before its root, then the root, then the middle: one thread', async () => {
    const root = uniqueMessageId();
    const middle = uniqueMessageId();
    const last = uniqueMessageId();
    const subject = 'Migration plan for the job queue';
    await deliver({
      messageId: last,
      subject: `Re: ${subject}`,
      inReplyTo: middle,
      references: [root, middle],
    });
    await deliver({ messageId: root, subject });
    await deliver({
      from: PRIYA,
      messageId: middle,
      subject: `Re: ${subject}`,
      inReplyTo: root,
      references: [root],
    });
    // A message whose In-Reply-To names a reply (and nothing else) joins too.
    const late = uniqueMessageId();
    await deliver({ from: JONAS, messageId: late, subject: `Re: ${subject}`, inReplyTo: last });

    const threads = await Promise.all([root, middle, last, late].map(threadOf));
    expect(threads[0]).toMatch(THREAD_ID);
    expect(new Set(threads)).toEqual(new Set([threads[0]]));
  });

  it('replies that only carry In-Reply-To, stored apart before their parent arrived, end in one thread', async () => {
    const root = uniqueMessageId();
    const child = uniqueMessageId();
    const grandchild = uniqueMessageId();
    await deliver({ messageId: grandchild, subject: 'Re: Release train', inReplyTo: child });
    await deliver({ messageId: root, subject: 'Release train' });
    await deliver({
      from: PRIYA,
      messageId: child,
      subject: 'Re: Release train',
      inReplyTo: root,
      references: [root],
    });
    const threads = await Promise.all([root, child, grandchild].map(threadOf));
    expect(new Set(threads).size).toBe(1);
    expect(threads[0]).toMatch(THREAD_ID);
  });

  it('a "Re:" with no threading headers between the same people joins by subject; the same subject from others does not', async () => {
    const root = uniqueMessageId();
    await deliver({ from: BEN, messageId: root, subject: 'Quarterly roadmap review' });
    const reply = uniqueMessageId();
    await deliver({ from: BEN, messageId: reply, subject: 'Re: Quarterly roadmap review' });
    const cc = uniqueMessageId();
    await deliver({
      from: PRIYA,
      to: OWNER,
      cc: BEN,
      messageId: cc,
      subject: 'RE: Quarterly roadmap review',
    });
    const stranger = uniqueMessageId();
    await deliver({ from: CAROL, messageId: stranger, subject: 'Re: Quarterly roadmap review' });

    const [rootThread, replyThread, ccThread, strangerThread] = await Promise.all(
      [root, reply, cc, stranger].map(threadOf),
    );
    expect(replyThread).toBe(rootThread);
    expect(ccThread).toBe(rootThread);
    expect(strangerThread).not.toBe(rootThread);
    expect(strangerThread).toMatch(THREAD_ID);
  });

  it('unrelated messages get threads of their own', async () => {
    const a = uniqueMessageId();
    const b = uniqueMessageId();
    await deliver({ from: BEN, messageId: a, subject: 'Budget' });
    await deliver({ from: BEN, messageId: b, subject: 'Offsite' });
    expect(await threadOf(a)).not.toBe(await threadOf(b));
  });

  it("threads are per account: the same Message-IDs in another owner's mail do not link to this one", async () => {
    const root = uniqueMessageId();
    await deliver({ messageId: root, subject: 'Shared thread' });
    const other = await buildOwnerMailbox(fixture.server);
    const reply = uniqueMessageId();
    const response = await postInbound(
      fixture.server,
      other.token,
      buildRawMail({ messageId: reply, subject: 'Re: Shared thread', inReplyTo: root, references: [root] }),
    );
    expect(response.status).toBe(202);
    const mine = await listEmails(fixture.server, fixture.mailbox);
    expect(mine.map((e) => e.external_id)).toEqual([root]);
    const theirs = await listEmails(fixture.server, other);
    expect(theirs.map((e) => e.external_id)).toEqual([reply]);
  });
});

describe('a settled thread is resolved', () => {
  it('when a later message settles the thread, its earlier messages are listed as resolved', async () => {
    const ask = uniqueMessageId();
    const nudge = uniqueMessageId();
    const settle = uniqueMessageId();
    const asked = await deliver({ from: BEN, messageId: ask, subject: STAGING, body: ASK });
    expect(asked.category).toBe('action_required');
    const nudged = await benReplies(nudge, [ask], NUDGE);
    expect(nudged.thread_id).toBe(asked.thread_id);
    // Someone else's open question stays open.
    const other = uniqueMessageId();
    await deliver({ from: JONAS, messageId: other, subject: 'Question about the Q2 hiring plan' });

    const settled = await benReplies(settle, [ask, nudge], SETTLE);
    expect(settled).toMatchObject({ thread_id: asked.thread_id, category: 'resolved' });

    const resolved = await listEmails(fixture.server, fixture.mailbox, '&category=resolved');
    expect(resolved.map((e) => e.external_id).sort()).toEqual([ask, nudge, settle].sort());
    for (const email of resolved) {
      expect(email.thread_id).toBe(asked.thread_id);
      expect(email.urgency_score).toBeGreaterThanOrEqual(URGENCY_BANDS.resolved[0]);
      expect(email.urgency_score).toBeLessThanOrEqual(URGENCY_BANDS.resolved[1]);
    }
    expect((await listedEmail(fixture.server, fixture.mailbox, other)).category).toBe('action_required');
    const sessionResolved = await listEmails(
      fixture.server,
      fixture.mailbox,
      `&session_id=${fixture.mailbox.session?.id}&category=resolved`,
    );
    expect(sessionResolved).toHaveLength(3);
    // The resolved rows keep every other field.
    const askAfter = await listedEmail(fixture.server, fixture.mailbox, ask);
    expect({ ...askAfter, category: asked.category, urgency_score: asked.urgency_score }).toEqual(asked);
  });

  it('a message that asks again re-opens a settled thread: the earlier messages get their own categories back', async () => {
    const ask = uniqueMessageId();
    const settle = uniqueMessageId();
    const again = uniqueMessageId();
    const asked = await deliver({ from: BEN, messageId: ask, subject: STAGING, body: ASK });
    await benReplies(settle, [ask], SETTLE);
    expect((await listedEmail(fixture.server, fixture.mailbox, ask)).category).toBe('resolved');

    const reopened = await benReplies(
      again,
      [ask, settle],
      'Alex, sorry, the resize failed after all and Priya cannot approve the retry. Could you approve the new size when you can?\n\nBen',
    );
    expect(reopened.category).toMatch(/^(?:urgent|action_required)$/);
    const askAfter = await listedEmail(fixture.server, fixture.mailbox, ask);
    expect({ category: askAfter.category, urgency_score: askAfter.urgency_score }).toEqual({
      category: asked.category,
      urgency_score: asked.urgency_score,
    });
    expect((await listedEmail(fixture.server, fixture.mailbox, settle)).category).not.toBe('resolved');
  });

  it('the settling message arriving before the thread it settles does not leave the thread open', async () => {
    const ask = uniqueMessageId();
    const settle = uniqueMessageId();
    // Out of order: the settling reply first, then the question it settles.
    await benReplies(settle, [ask], SETTLE);
    await deliver({ from: BEN, messageId: ask, subject: STAGING, body: ASK });
    expect(await threadOf(ask)).toBe(await threadOf(settle));
    const open = await listEmails(fixture.server, fixture.mailbox, '&category=action_required');
    expect(open.map((e) => e.external_id)).toEqual([]);
  });
});

describe('session stats agree with the rows', () => {
  const FILTERED = new Set(['newsletter', 'promotional', 'resolved']);

  async function statsOf(sessionId: string) {
    const detail = await fixture.server.request('GET', `/api/v1/ooo-sessions/${sessionId}`, {
      key: fixture.mailbox.key,
    });
    expect(detail.status).toBe(200);
    const list = await fixture.server.request('GET', '/api/v1/ooo-sessions?limit=100', {
      key: fixture.mailbox.key,
    });
    const item = list.body.data.find((s: Json) => s.id === sessionId);
    return { detail: detail.body.stats, listed: item?.stats };
  }

  function countsOf(emails: Json[]) {
    return {
      emails_received: emails.length,
      emails_filtered: emails.filter((e) => FILTERED.has(e.category)).length,
      urgent_count: emails.filter((e) => e.category === 'urgent').length,
    };
  }

  it('emails_received, emails_filtered (newsletter + promotional + resolved), urgent_count, total_emails_synced', async () => {
    const sessionId = fixture.mailbox.session?.id ?? '';
    const mail: string[] = [];
    const send = async (raw: string) => {
      fixture.server.clock.advance(60_000);
      const response = await postInbound(fixture.server, fixture.mailbox.token, raw);
      expect(response.status).toBe(202);
      mail.push(raw);
      return response.body;
    };
    const question = colleagueQuestion({ from: JONAS });
    await send(question);
    await send(listDigest());
    await send(promoBlast());
    const vip = await send(
      buildRawMail({
        from: { name: 'Maria Chen', address: VIP },
        subject: 'Board deck numbers',
        body: 'Alex, can you call me today? I need your answer on the board deck numbers before the 5pm meeting.\n\nMaria',
      }),
    );
    expect(vip.email.category).toBe('urgent');
    const ask = uniqueMessageId();
    const nudge = uniqueMessageId();
    await send(buildRawMail({ from: BEN, messageId: ask, subject: STAGING, body: ASK }));
    await send(
      buildRawMail({
        from: BEN,
        messageId: nudge,
        subject: `Re: ${STAGING}`,
        inReplyTo: ask,
        references: [ask],
        body: NUDGE,
      }),
    );

    const before = await statsOf(sessionId);
    const rowsBefore = await listEmails(fixture.server, fixture.mailbox, `&session_id=${sessionId}`);
    expect(before.detail).toEqual({ ...countsOf(rowsBefore), total_emails_synced: rowsBefore.length });
    expect(before.listed).toEqual(countsOf(rowsBefore));
    expect(before.detail).toMatchObject({ emails_received: 6, emails_filtered: 2, urgent_count: 1 });

    // Settling the thread moves two rows into `resolved`, and the third arrives resolved.
    await send(
      buildRawMail({
        from: BEN,
        subject: `Re: ${STAGING}`,
        inReplyTo: nudge,
        references: [ask, nudge],
        body: SETTLE,
      }),
    );
    // A duplicate changes nothing.
    const duplicate = await postInbound(fixture.server, fixture.mailbox.token, question);
    expect(duplicate.body.duplicate).toBe(true);

    const after = await statsOf(sessionId);
    const rowsAfter = await listEmails(fixture.server, fixture.mailbox, `&session_id=${sessionId}`);
    expect(after.detail).toEqual({ ...countsOf(rowsAfter), total_emails_synced: rowsAfter.length });
    expect(after.listed).toEqual(countsOf(rowsAfter));
    expect(after.detail).toMatchObject({ emails_received: 7, emails_filtered: 5, urgent_count: 1 });
  });

  it('each session counts only its own mail', async () => {
    const first = fixture.mailbox.session;
    await postInbound(fixture.server, fixture.mailbox.token, listDigest());
    await postInbound(fixture.server, fixture.mailbox.token, colleagueQuestion({ from: JONAS }));
    fixture.server.clock.set(at(first?.endDate ?? BASE_NOW, days(3)));
    const ended = await postInbound(
      fixture.server,
      fixture.mailbox.token,
      colleagueQuestion({ from: PRIYA }),
    );
    expect(ended.body.captured).toBe(false);
    const second = await activeSession(fixture.server, fixture.mailbox.accountId);
    await postInbound(fixture.server, fixture.mailbox.token, promoBlast());

    const one = await fixture.server.request('GET', `/api/v1/ooo-sessions/${first?.id}`, {
      key: fixture.mailbox.key,
    });
    const two = await fixture.server.request('GET', `/api/v1/ooo-sessions/${second.id}`, {
      key: fixture.mailbox.key,
    });
    expect(one.body.stats).toEqual({
      emails_received: 2,
      emails_filtered: 1,
      urgent_count: 0,
      total_emails_synced: 2,
    });
    expect(two.body.stats).toEqual({
      emails_received: 1,
      emails_filtered: 1,
      urgent_count: 0,
      total_emails_synced: 1,
    });
  });
});
