// The dashboard's reading of captured mail over tRPC, signed in as the owner: the inbox (sort,
// search, counts, pages), one message in full (sanitised HTML, triage's reasons, why the
// auto-reply went or not, its thread), category corrections (stats, playbook, rule offers, kept
// against later thread messages), and a session set to send no auto-reply, over real SMTP.

import { at, buildAccount, buildEmail, buildSession, days } from '@drift/api/testing';
import { buildSessionPlaybook } from '@drift/core';
import { URGENCY_BANDS } from '@drift/triage';
import { beforeEach, describe, expect, it } from 'vitest';
import { anyIso } from './support/assertions.ts';
import { useFileService, useTestServer } from './support/fixture.ts';
import { buildOwnerMailbox, postInbound } from './support/inbound.ts';
import { type OwnerSession, ownerCalls } from './support/owner-session.ts';
import {
  BEN,
  buildRawMail,
  colleagueQuestion,
  JONAS,
  listDigest,
  OWNER,
  PRIYA,
  type RawMailOptions,
  uniqueMessageId,
} from './support/raw-mail.ts';
import type { Json } from './support/server.ts';
import { startSmtpSink } from './support/smtp.ts';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
beforeEach(async () => {
  await smtp().start();
  smtp().reset();
});
const fixture = useTestServer({ start: () => ({ mailer: smtp().createTransport() }), mailbox: true });

type Owner = OwnerSession;

const { signedIn, call, ok } = ownerCalls(() => fixture.server);

const inbox = (owner: Owner, input: Record<string, unknown>) => ok('query', 'mail.inbox', input, owner);
const detail = (owner: Owner, id: string) => ok('query', 'mail.get', { id }, owner);

/** Delivers one message a minute after the previous one; the stored email. */
async function deliver(raw: string, token = fixture.mailbox.token): Promise<Json> {
  fixture.server.clock.advance(60_000);
  const response = await postInbound(fixture.server, token, raw);
  expect(response.status, response.text).toBe(202);
  expect(response.body.captured).toBe(true);
  return response.body.email;
}

const sessionId = () => fixture.mailbox.session?.id as string;

describe('mail.inbox', () => {
  async function seed() {
    const base = fixture.server.clock.now();
    const row = (
      subject: string,
      category: 'urgent' | 'action_required' | 'fyi' | 'newsletter',
      urgencyScore: number,
      minutesAgo: number,
      from: { fromEmail: string; fromName: string | null },
    ) =>
      buildEmail(fixture.server.prisma, {
        accountId: fixture.mailbox.accountId,
        sessionId: sessionId(),
        subject,
        category,
        urgencyScore,
        receivedAt: at(base, -minutesAgo * 60_000),
        ...from,
      });
    const ben = { fromEmail: BEN.address, fromName: BEN.name };
    const priya = { fromEmail: PRIYA.address, fromName: PRIYA.name };
    const digest = { fromEmail: 'editor@weekly_news.test', fromName: null };
    return {
      outage: await row('Checkout is down', 'urgent', 9, 50, ben),
      budget: await row('Budget 100% approved?', 'action_required', 6, 10, priya),
      notes: await row('Notes from Monday', 'fyi', 2, 5, ben),
      digest: await row('The weekly issue', 'newsletter', 1, 1, digest),
      review: await row('Review the plan', 'action_required', 6, 30, ben),
    };
  }

  it('sorts by urgency (then newest) or by time, pages by offset, and counts every category', async () => {
    const rows = await seed();
    const owner = await signedIn(fixture.mailbox.accountId);
    // Mail of another session of the same account stays out.
    const other = await buildSession(fixture.server.prisma, {
      accountId: fixture.mailbox.accountId,
      startDate: at(fixture.server.clock.now(), -days(30)),
      endDate: at(fixture.server.clock.now(), -days(20)),
    });
    await buildEmail(fixture.server.prisma, { accountId: fixture.mailbox.accountId, sessionId: other.id });

    const byUrgency = await inbox(owner, { session_id: sessionId() });
    expect(byUrgency.data.map((e: Json) => e.id)).toEqual(
      [rows.outage, rows.budget, rows.review, rows.notes, rows.digest].map((r) => r.id),
    );
    expect(byUrgency.pagination).toEqual({ total: 5, limit: 20, offset: 0, has_more: false });
    expect(byUrgency.counts).toEqual({
      urgent: 1,
      action_required: 2,
      fyi: 1,
      newsletter: 1,
      promotional: 0,
      resolved: 0,
      all: 5,
    });
    expect(byUrgency.data[0]).toMatchObject({
      id: rows.outage.id,
      subject: 'Checkout is down',
      urgency_score: 9,
    });

    const byTime = await inbox(owner, { session_id: sessionId(), sort: 'time' });
    expect(byTime.data.map((e: Json) => e.id)).toEqual(
      [rows.digest, rows.notes, rows.budget, rows.review, rows.outage].map((r) => r.id),
    );

    const pages = [
      await inbox(owner, { session_id: sessionId(), limit: 2 }),
      await inbox(owner, { session_id: sessionId(), limit: 2, offset: 2 }),
      await inbox(owner, { session_id: sessionId(), limit: 2, offset: 4 }),
    ];
    expect(pages.flatMap((p) => p.data.map((e: Json) => e.id))).toEqual(
      byUrgency.data.map((e: Json) => e.id),
    );
    expect(pages.map((p) => p.pagination)).toEqual([
      { total: 5, limit: 2, offset: 0, has_more: true },
      { total: 5, limit: 2, offset: 2, has_more: true },
      { total: 5, limit: 2, offset: 4, has_more: false },
    ]);

    const actions = await inbox(owner, { session_id: sessionId(), category: 'action_required' });
    expect(actions.data.map((e: Json) => e.id)).toEqual([rows.budget.id, rows.review.id]);
    expect(actions.pagination.total).toBe(2);
    // The chips count every category whatever the list shows.
    expect(actions.counts).toEqual(byUrgency.counts);
  });

  it.each([
    ['a sender name, in any case', 'bEN oKAFOR', ['outage', 'review', 'notes']],
    ['a sender address', 'priya.raman@', ['budget']],
    ['a subject', 'WEEKLY', ['digest']],
    ['a literal %', '100%', ['budget']],
    ['a literal _', 'weekly_', ['digest']],
    ['a % that matches nothing as a wildcard', 'Checkout%down', []],
    ['nothing', 'no such thing', []],
  ])('searches %s', async (_case, q, expected) => {
    const rows = await seed();
    const owner = await signedIn(fixture.mailbox.accountId);
    const found = await inbox(owner, { session_id: sessionId(), q, sort: 'time' });
    const names = Object.entries(rows)
      .filter(([name]) => expected.includes(name))
      .sort(([, a], [, b]) => b.receivedAt.getTime() - a.receivedAt.getTime())
      .map(([, row]) => row.id);
    expect(found.data.map((e: Json) => e.id)).toEqual(names);
    expect(found.pagination.total).toBe(expected.length);
    expect(found.counts.all).toBe(expected.length);
  });

  it('counts under the search but not the category filter', async () => {
    await seed();
    const owner = await signedIn(fixture.mailbox.accountId);
    const found = await inbox(owner, { session_id: sessionId(), q: 'ben', category: 'fyi' });
    expect(found.data).toHaveLength(1);
    expect(found.pagination.total).toBe(1);
    expect(found.counts).toMatchObject({ urgent: 1, action_required: 1, fyi: 1, newsletter: 0, all: 3 });
  });

  it("another account's session, or none, is NOT_FOUND; without signing in it is UNAUTHORIZED", async () => {
    const stranger = await buildOwnerMailbox(fixture.server);
    const owner = await signedIn(fixture.mailbox.accountId);
    for (const id of [stranger.session?.id, 'sess_0000000000UnknownId0']) {
      const result = await call('query', 'mail.inbox', { session_id: id }, owner);
      expect(result.status).toBe(404);
      expect(result.body.error.message).toBe('OOO session not found');
    }
    expect((await call('query', 'mail.inbox', { session_id: sessionId() }, null)).status).toBe(401);
    const bad = await call('query', 'mail.inbox', { session_id: sessionId(), sort: 'size' }, owner);
    expect(bad.status).toBe(400);
  });
});

/** Ben's question with an HTML part a hostile sender might write. */
function htmlQuestion(options: RawMailOptions & { messageId: string }): string {
  const boundary = 'b_drift_html_test';
  const plain = buildRawMail(options);
  const [head] = plain.split('\r\n\r\n');
  const headers = (head ?? '')
    .split('\r\n')
    .filter((line) => !/^Content-(?:Type|Transfer-Encoding):/i.test(line))
    .join('\r\n');
  const html = [
    '<html><head><style>body{background:url(https://t.test/bg.gif)}</style></head><body>',
    '<p style="color:#333">Hi Alex,</p>',
    '<p>Could you review the <a href="https://docs.acme.test/q2">Q2 hiring plan</a> and approve the two backend roles?</p>',
    '<img src="https://t.test/pixel.gif" alt="" onerror="alert(1)"><script>alert(2)</script>',
    '<a href="javascript:alert(3)">details</a></body></html>',
  ].join('\r\n');
  return [
    `${headers}\r\nContent-Type: multipart/alternative; boundary="${boundary}"\r\n`,
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    '',
    'Hi Alex,\r\n\r\nCould you review the Q2 hiring plan and approve the two backend roles?\r\n\r\nBen',
    `--${boundary}`,
    'Content-Type: text/html; charset="UTF-8"',
    '',
    html,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('mail.get', () => {
  it('a person answered: sanitised HTML, the headers, triage reasons, the auto-reply sent, the thread', async () => {
    const messageId = uniqueMessageId();
    const email = await deliver(htmlQuestion({ from: BEN, messageId, subject: 'Q2 hiring plan' }));
    await smtp().waitFor(1);
    const owner = await signedIn(fixture.mailbox.accountId);
    const got = await detail(owner, email.id);

    expect(got).toMatchObject({
      id: email.id,
      external_id: messageId,
      category: email.category,
      from_email: BEN.address,
      to: [OWNER.address],
      cc: [],
      has_remote_images: true,
      auto_reply: {
        status: 'sent',
        reason: 'ok',
        explanation: expect.stringMatching(
          /^Your auto-reply was sent to this sender\. It went because .*, you were in To,/,
        ),
        sent_at: anyIso(),
      },
      triage: { corrected_from: null, corrected_at: null },
      thread: [{ id: email.id, subject: 'Q2 hiring plan', from_email: BEN.address, from_name: BEN.name }],
    });
    expect(got.body_text).toContain('Could you review the Q2 hiring plan');
    expect(got.body_html).toContain(
      '<a href="https://docs.acme.test/q2" rel="noopener noreferrer" target="_blank">Q2 hiring plan</a>',
    );
    expect(got.body_html).toContain('data-remote-src="https://t.test/pixel.gif"');
    expect(got.body_html).toContain('<p style="color:#333">');
    for (const forbidden of [/<script/i, /onerror/i, /javascript:/i, /<style/i, /bg\.gif/, / src="https/]) {
      expect(got.body_html).not.toMatch(forbidden);
    }
    expect(got.headers).toEqual([{ name: 'Date', value: 'Tue, 10 Mar 2026 11:30:00 +0000' }]);
    expect(got.triage.reasons.length).toBeGreaterThan(0);
    expect(got.triage.reasons.join(' ')).toContain('Asks you to act');
  });

  it('a list mail is not answered (list_header), with its list headers in order', async () => {
    const email = await deliver(listDigest());
    const owner = await signedIn(fixture.mailbox.accountId);
    const got = await detail(owner, email.id);
    expect(got.auto_reply).toEqual({
      status: 'not_sent',
      reason: 'list_header',
      explanation:
        'Not answered: mail sent through a mailing list (List-* headers) never gets an auto-reply.',
      sent_at: null,
    });
    expect(got.headers.map((h: Json) => h.name)).toEqual([
      'Date',
      'List-Id',
      'List-Unsubscribe',
      'Precedence',
    ]);
    expect(got.headers[1].value).toBe('The Weekly Engineer <weekly.weekly-engineer.test>');
    expect(got.triage.reasons[0]).toBe('Sent to a mailing list (List-Id header).');
    expect(got.body_html).toBeNull();
    expect(got.has_remote_images).toBe(false);
  });

  it.each([
    [
      'an all-staff notice that reached the owner through the list alone',
      { to: { name: 'All Staff', address: 'all-staff@acme.test' } },
      'not_addressed',
      'Not answered: you were not in To or Cc (a list, an alias or a Bcc brought it to you).',
    ],
    [
      'an all-staff notice the owner is only copied on',
      { to: { name: 'All Staff', address: 'all-staff@acme.test' }, cc: OWNER },
      'ok',
      expect.stringContaining('you were in Cc (Drift answers Cc as well as To)'),
    ],
  ] as const)('%s', async (_case, addressing, reason, explanation) => {
    const email = await deliver(
      buildRawMail({
        from: JONAS,
        subject: 'Office closed on Friday',
        body: 'Hi all,\n\nThe office is closed on Friday for the electrical works. Please work from home.\n\nJonas',
        ...addressing,
      }),
    );
    const owner = await signedIn(fixture.mailbox.accountId);
    const got = await detail(owner, email.id);
    expect(got.auto_reply).toMatchObject({ reason, explanation });
    expect(got.cc).toEqual('cc' in addressing ? [OWNER.address] : []);
  });

  it('a second mail from an answered sender says already_answered; the thread lists both, oldest first', async () => {
    const first = uniqueMessageId();
    const asked = await deliver(colleagueQuestion({ from: PRIYA, messageId: first, subject: 'Budget' }));
    const again = await deliver(
      colleagueQuestion({ from: PRIYA, subject: 'Re: Budget', inReplyTo: first, references: [first] }),
    );
    const owner = await signedIn(fixture.mailbox.accountId);
    const got = await detail(owner, again.id);
    expect(got.auto_reply).toEqual({
      status: 'not_sent',
      reason: 'already_answered',
      explanation: 'Not answered: this sender already got your auto-reply in this session.',
      sent_at: null,
    });
    expect(got.thread.map((m: Json) => m.id)).toEqual([asked.id, again.id]);
    expect((await detail(owner, asked.id)).auto_reply.status).toBe('sent');
  });

  it("mail captured before Drift kept the reason reads 'unknown' and has no reasons", async () => {
    const row = await buildEmail(fixture.server.prisma, {
      accountId: fixture.mailbox.accountId,
      sessionId: sessionId(),
    });
    const owner = await signedIn(fixture.mailbox.accountId);
    const got = await detail(owner, row.id);
    expect(got.auto_reply).toEqual({
      status: 'not_sent',
      reason: 'unknown',
      explanation: 'Captured before Drift kept the reason for its auto-reply decision.',
      sent_at: null,
    });
    expect(got.triage).toEqual({ reasons: [], corrected_from: null, corrected_at: null, rule: null });
    expect(got.headers).toEqual([]);
  });

  it("another account's email, or none, is NOT_FOUND; without signing in it is UNAUTHORIZED", async () => {
    const stranger = await buildAccount(fixture.server.prisma);
    const theirs = await buildSession(fixture.server.prisma, {
      accountId: stranger.id,
      startDate: at(fixture.server.clock.now(), -days(1)),
      endDate: at(fixture.server.clock.now(), days(1)),
    });
    const foreign = await buildEmail(fixture.server.prisma, { accountId: stranger.id, sessionId: theirs.id });
    const owner = await signedIn(fixture.mailbox.accountId);
    for (const id of [foreign.id, 'em_0000000000UnknownId0']) {
      const result = await call('query', 'mail.get', { id }, owner);
      expect(result.status).toBe(404);
      expect(result.body.error.message).toBe('Email not found');
    }
    expect((await call('query', 'mail.get', { id: foreign.id }, null)).status).toBe(401);
  });
});

describe('mail.correct', () => {
  const STAGING = 'OK to resize staging-db to db.r6.2xlarge?';
  const ASK =
    'Hi Alex,\n\nstaging-db is at 91% disk. Could you approve moving it to db.r6.2xlarge (+$340/month)? I need your OK before I can do the resize.\n\nBen';
  const SETTLE =
    'Never mind — Priya already approved it and the resize is done, nothing needed from you.\n\nBen';

  const correct = (owner: Owner | null, id: string, category: string) =>
    call('mutation', 'mail.correct', { id, category }, owner);

  it('moves the message, keeps triage’s verdict, and the stats, the playbook and the rule offer follow', async () => {
    const first = await deliver(colleagueQuestion({ from: BEN, subject: 'Hiring plan' }));
    const second = await deliver(colleagueQuestion({ from: BEN, subject: 'Hiring plan, part two' }));
    expect([first.category, second.category]).toEqual(['action_required', 'action_required']);
    // The session ends and its playbook is built (and delivered) before the owner corrects.
    const session = sessionId();
    await fixture.server.prisma.oooSession.update({
      where: { id: session },
      data: { endDate: at(fixture.server.clock.now(), 60_000) },
    });
    fixture.server.clock.advance(120_000);
    const built = await buildSessionPlaybook(fixture.server, session);
    expect(built?.created).toBe(true);
    const deliveredAt = new Date('2026-03-10T12:30:00.000Z');
    await fixture.server.prisma.playbook.update({ where: { sessionId: session }, data: { deliveredAt } });
    const owner = await signedIn(fixture.mailbox.accountId);
    const before = await ok('query', 'sessions.get', { id: session }, owner);
    expect(before.playbook.action_items.map((i: Json) => i.email_id).sort()).toEqual(
      [first.id, second.id].sort(),
    );

    const corrected = await correct(owner, first.id, 'newsletter');
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const answer = corrected.body.result.data;
    expect(answer).toMatchObject({
      email: { id: first.id, category: 'newsletter' },
      corrected_from: 'action_required',
      rule_offer: { sender: BEN.address, category: 'newsletter', corrections: 1, other_messages: 1 },
    });
    const [lo, hi] = URGENCY_BANDS.newsletter;
    expect(answer.email.urgency_score).toBe(Math.max(lo, Math.min(hi, first.urgency_score)));

    const after = await ok('query', 'sessions.get', { id: session }, owner);
    expect(after.stats.emails_filtered).toBe(before.stats.emails_filtered + 1);
    expect(after.playbook).toMatchObject({ id: before.playbook.id, delivered_at: deliveredAt.toISOString() });
    expect(after.playbook.action_items.map((i: Json) => i.email_id)).toEqual([second.id]);
    expect(after.playbook.stats.filtered_emails).toBe(before.playbook.stats.filtered_emails + 1);

    const got = await detail(owner, first.id);
    expect(got.triage).toEqual({
      reasons: expect.any(Array),
      corrected_from: 'action_required',
      corrected_at: anyIso(),
      rule: null,
    });

    // A second correction keeps triage's first verdict.
    fixture.server.clock.advance(1_000);
    const again = await correct(owner, first.id, 'fyi');
    expect(again.body.result.data).toMatchObject({
      email: { category: 'fyi' },
      corrected_from: 'action_required',
      rule_offer: { sender: BEN.address, category: 'fyi', corrections: 1, other_messages: 1 },
    });
    fixture.server.clock.advance(1_000);
    const third = await correct(owner, second.id, 'fyi');
    expect(third.body.result.data.rule_offer).toMatchObject({ corrections: 2, other_messages: 0 });

    const list = await ok('query', 'mail.corrections', undefined, owner);
    expect(list.data.map((c: Json) => [c.email_id, c.from_category, c.to_category])).toEqual([
      [second.id, 'action_required', 'fyi'],
      [first.id, 'newsletter', 'fyi'],
      [first.id, 'action_required', 'newsletter'],
    ]);
    expect(list.data[0]).toEqual({
      id: expect.stringMatching(/^cc_/),
      email_id: second.id,
      sender: BEN.address,
      from_category: 'action_required',
      to_category: 'fyi',
      created_at: anyIso(),
    });
    expect(list.rule_offers).toEqual([
      { sender: BEN.address, category: 'fyi', corrections: 2, other_messages: 0 },
      { sender: BEN.address, category: 'newsletter', corrections: 1, other_messages: 2 },
    ]);
  });

  it('refuses a correction to the category the message already has', async () => {
    const email = await deliver(colleagueQuestion({ from: BEN }));
    const owner = await signedIn(fixture.mailbox.accountId);
    const result = await correct(owner, email.id, email.category);
    expect(result.status).toBe(400);
    expect(result.body.error.message).toBe(`The email is already in ${email.category}`);
    expect(await fixture.server.prisma.categoryCorrection.count({ where: { emailId: email.id } })).toBe(0);
  });

  it("another account's email is NOT_FOUND, a bad category a 400, and without signing in UNAUTHORIZED", async () => {
    const email = await deliver(colleagueQuestion({ from: BEN }));
    const stranger = await buildOwnerMailbox(fixture.server);
    const strangerOwner = await signedIn(stranger.accountId);
    const foreign = await correct(strangerOwner, email.id, 'fyi');
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe('Email not found');
    const owner = await signedIn(fixture.mailbox.accountId);
    expect((await correct(owner, email.id, 'important')).status).toBe(400);
    expect((await correct(null, email.id, 'fyi')).status).toBe(401);
    expect((await fixture.server.prisma.email.findUniqueOrThrow({ where: { id: email.id } })).category).toBe(
      email.category,
    );
  });

  it('a later message that settles the thread does not undo the correction', async () => {
    const ask = uniqueMessageId();
    const control = uniqueMessageId();
    const asked = await deliver(buildRawMail({ from: BEN, messageId: ask, subject: STAGING, body: ASK }));
    await deliver(buildRawMail({ from: BEN, messageId: control, subject: `${STAGING} (prod)`, body: ASK }));
    const owner = await signedIn(fixture.mailbox.accountId);
    expect((await correct(owner, asked.id, 'urgent')).status).toBe(200);

    const reply = (messageId: string) =>
      buildRawMail({
        from: BEN,
        subject: `Re: ${STAGING}`,
        inReplyTo: messageId,
        references: [messageId],
        body: SETTLE,
      });
    const settled = await deliver(reply(ask));
    expect(settled.category).toBe('resolved');
    await deliver(reply(control));

    const kept = await detail(owner, asked.id);
    expect(kept).toMatchObject({ category: 'urgent', triage: { corrected_from: 'action_required' } });
    expect(kept.triage.reasons).not.toContain('Resolved: a later message in the thread settled it.');
    // The same thread without a correction is settled, and says why.
    const listed = await inbox(owner, { session_id: sessionId(), q: '(prod)' });
    const controlDetail = await detail(owner, listed.data.at(-1).id);
    expect(controlDetail.category).toBe('resolved');
    expect(controlDetail.triage.reasons[0]).toBe('Resolved: a later message in the thread settled it.');
  });
});

describe('a session set to send no auto-reply', () => {
  it('captures and triages the mail but answers no one; the message says why', async () => {
    const silent = await buildOwnerMailbox(fixture.server, { autoReplyMessage: '' });
    const email = await deliver(colleagueQuestion({ from: BEN }), silent.token);
    expect(email).toMatchObject({ category: 'action_required', auto_replied: false });
    // A mailbox that does answer, after it: its reply is the only one the SMTP server sees.
    await deliver(colleagueQuestion({ from: PRIYA }));
    const received = await smtp().waitFor(1);
    expect(received.map((mail) => mail.rcptTo)).toEqual([[PRIYA.address]]);
    expect(await fixture.server.prisma.autoReply.count({ where: { accountId: silent.accountId } })).toBe(0);

    const owner = await signedIn(silent.accountId);
    expect((await detail(owner, email.id)).auto_reply).toEqual({
      status: 'not_sent',
      reason: 'disabled',
      explanation: 'Not answered: this session sends no auto-reply.',
      sent_at: null,
    });
  });
});
