// Auto-replies of captured mail, received by a real SMTP server on loopback: RFC 3834 headers,
// threading, the null envelope sender, every exclusion, once per sender per session, transport
// failures and the retry worker (`deliverDueAutoReplies`), and nothing after the session ended.

import { at, days } from '@drift/api/testing';
import { deliverDueAutoReplies, MAIL_MAX_ATTEMPTS, mailBackoffMs } from '@drift/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useFileService, useTestServer } from './support/fixture.ts';
import { AUTO_REPLY_TEXT, activeSession, listedEmail, postInbound } from './support/inbound.ts';
import {
  BEN,
  buildRawMail,
  colleagueQuestion,
  JONAS,
  listDigest,
  OWNER,
  PRIYA,
  promoBlast,
  type RawMailOptions,
  uniqueMessageId,
} from './support/raw-mail.ts';
import { BASE_NOW } from './support/server.ts';
import { type ReceivedMail, startSmtpSink } from './support/smtp.ts';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
beforeEach(async () => {
  await smtp().start();
  smtp().reset();
});
const fixture = useTestServer({ start: () => ({ mailer: smtp().createTransport() }), mailbox: true });

const deliver = async (raw: string, token = fixture.mailbox.token) => {
  const response = await postInbound(fixture.server, token, raw);
  expect(response.status, response.text).toBe(202);
  return response;
};
const retryWorker = () =>
  deliverDueAutoReplies({
    prisma: fixture.server.prisma,
    clock: fixture.server.clock,
    mailer: fixture.server.mailer,
  });
const recipients = (mails: readonly ReceivedMail[]) => mails.map((mail) => mail.rcptTo);
const autoRepliedOf = async (externalId: string) =>
  (await listedEmail(fixture.server, fixture.mailbox, externalId)).auto_replied;

/** Sends a control mail from someone who must be answered, and waits for that answer. */
async function answeredControl(): Promise<ReceivedMail[]> {
  const sender = { name: 'Control Person', address: `control.${uniqueMessageId().slice(5, 17)}@acme.test` };
  const before = smtp().received.length;
  await deliver(colleagueQuestion({ from: sender }));
  const received = await smtp().waitFor(before + 1);
  expect(received.at(-1)?.rcptTo).toEqual([sender.address]);
  return received;
}

describe('the auto-reply on the wire', () => {
  it('RFC 3834 headers, threaded to the original, null envelope sender, from the owner to the sender', async () => {
    const root = uniqueMessageId();
    const parent = uniqueMessageId();
    const messageId = uniqueMessageId();
    const subject = 'Re: Q2 hiring plan — the two backend roles';
    const response = await deliver(
      buildRawMail({ from: BEN, subject, messageId, inReplyTo: parent, references: [root, parent] }),
    );
    expect(response.body).toMatchObject({ captured: true, duplicate: false, email: { auto_replied: true } });

    expect(smtp().received).toHaveLength(1);
    const [reply] = smtp().received;
    if (!reply) throw new Error('no auto-reply received');
    expect({ mailFrom: reply.mailFrom, rcptTo: reply.rcptTo }).toEqual({
      mailFrom: '',
      rcptTo: [BEN.address],
    });
    const mail = reply.parsed;
    expect(mail.headers['auto-submitted']).toEqual(['auto-replied']);
    expect(mail.inReplyTo).toBe(messageId);
    expect(mail.references).toEqual([root, parent, messageId]);
    expect(mail.subject).toBe(`Auto: ${subject}`);
    expect(mail.from).toEqual({ address: OWNER.address, name: OWNER.name });
    expect(mail.to).toEqual([{ address: BEN.address, name: null }]);
    expect(mail.cc).toEqual([]);
    expect(mail.text).toBe(AUTO_REPLY_TEXT);
    // A new Message-ID of its own, written as RFC 5322 wants it.
    expect(mail.messageId).toBeTruthy();
    expect([messageId, root, parent]).not.toContain(mail.messageId);
    expect(reply.raw).toMatch(/^Message-ID: <[^<>@\s]+@[^<>@\s]+>\r$/im);
    expect(reply.raw).toMatch(/^Auto-Submitted: auto-replied\r$/m);

    expect(await autoRepliedOf(messageId)).toBe(true);
    const row = await fixture.server.prisma.autoReply.findFirstOrThrow({
      where: { accountId: fixture.mailbox.accountId },
    });
    expect({ status: row.status, messageId: row.messageId }).toEqual({
      status: 'sent',
      messageId: mail.messageId,
    });
  });

  it('the References of a reply to a root message hold exactly that message', async () => {
    const messageId = uniqueMessageId();
    await deliver(buildRawMail({ from: PRIYA, messageId, subject: 'Offsite venue' }));
    const [reply] = await smtp().waitFor(1);
    expect(reply?.parsed.inReplyTo).toBe(messageId);
    expect(reply?.parsed.references).toEqual([messageId]);
    expect(reply?.parsed.subject).toBe('Auto: Offsite venue');
  });

  it('a mail without Message-ID is answered, but the answer names no made-up parent (RFC 5322 3.6.4)', async () => {
    const response = await deliver(
      colleagueQuestion({ from: JONAS, messageId: null, subject: 'No id here' }),
    );
    expect(response.body.email.auto_replied).toBe(true);
    const [reply] = await smtp().waitFor(1);
    expect(reply?.rcptTo).toEqual([JONAS.address]);
    expect(reply?.parsed.subject).toBe('Auto: No id here');
    // "If there is no Message-ID field in any of the parent messages, then the new message will
    // have no In-Reply-To field"; a References field needs the parent's id just as much.
    expect({ inReplyTo: reply?.parsed.inReplyTo, references: reply?.parsed.references }).toEqual({
      inReplyTo: null,
      references: [],
    });
  });
});

type Exclusion = [string, RawMailOptions];

const fromRobot = (local: string): RawMailOptions => ({
  from: { name: 'Acme Systems', address: `${local}@systems.acme.test` },
});
const withHeader = (name: string, value: string): RawMailOptions => ({ headers: [[name, value]] });

const EXCLUSIONS: Exclusion[] = [
  ['Auto-Submitted: auto-generated', withHeader('Auto-Submitted', 'auto-generated')],
  ['Auto-Submitted: auto-replied', withHeader('Auto-Submitted', 'auto-replied')],
  ['Auto-Submitted: auto-notified', withHeader('Auto-Submitted', 'auto-notified')],
  [
    'Auto-Submitted: auto-replied with parameters',
    withHeader('Auto-Submitted', 'auto-replied; owner-email="x@y.test"'),
  ],
  ['Auto-Submitted: an extension keyword (any value but "no")', withHeader('Auto-Submitted', 'notification')],
  ['List-Id', withHeader('List-Id', 'Platform team <platform.lists.acme.test>')],
  ['List-Unsubscribe', withHeader('List-Unsubscribe', '<mailto:leave-platform@lists.acme.test>')],
  ['List-Post', withHeader('List-Post', '<mailto:platform@lists.acme.test>')],
  ['List-Help', withHeader('List-Help', '<mailto:platform-help@lists.acme.test>')],
  ['Precedence: bulk', withHeader('Precedence', 'bulk')],
  ['Precedence: list', withHeader('Precedence', 'list')],
  ['Precedence: junk', withHeader('Precedence', 'junk')],
  ['X-Auto-Response-Suppress: OOF', withHeader('X-Auto-Response-Suppress', 'OOF')],
  ['X-Auto-Response-Suppress: All', withHeader('X-Auto-Response-Suppress', 'All')],
  [
    'X-Auto-Response-Suppress: DR, OOF, AutoReply',
    withHeader('X-Auto-Response-Suppress', 'DR, OOF, AutoReply'),
  ],
  ['a noreply@ sender', fromRobot('noreply')],
  ['a no-reply@ sender', fromRobot('no-reply')],
  ['a do-not-reply@ sender', fromRobot('do-not-reply')],
  ['a donotreply@ sender', fromRobot('donotreply')],
  ['a calendar-noreply@ sender', fromRobot('calendar-noreply')],
  ['a mailer-daemon@ sender', fromRobot('mailer-daemon')],
  ['a MAILER-DAEMON@ sender (upper case)', fromRobot('MAILER-DAEMON')],
  ['a postmaster@ sender', fromRobot('postmaster')],
  ['a bounces@ sender', fromRobot('bounces')],
  ['a bounces+token@ sender', fromRobot('bounces+a1b2c3')],
  ['an empty Return-Path <>', withHeader('Return-Path', '<>')],
  ['X-Spam-Flag: YES', withHeader('X-Spam-Flag', 'YES')],
  ["the owner's primary address", { from: { name: OWNER.name, address: OWNER.address } }],
  ["the owner's alias", { from: { name: OWNER.name, address: OWNER.alias } }],
  ["the owner's primary address in other case", { from: { name: OWNER.name, address: 'Alex@ACME.test' } }],
  [
    'the owner only in Bcc (To someone else)',
    { to: { name: 'Platform team', address: 'platform@acme.test' } },
  ],
  [
    'the owner only in Bcc (undisclosed recipients)',
    { to: null, headers: [['To', 'undisclosed-recipients:;']] },
  ],
];

describe('RFC 3834 exclusions: captured, never answered', () => {
  it.each(EXCLUSIONS)('%s', async (_what, options) => {
    const messageId = uniqueMessageId();
    const response = await deliver(colleagueQuestion({ from: JONAS, ...options, messageId }));
    expect(response.body).toMatchObject({ captured: true, duplicate: false, email: { auto_replied: false } });
    // The control proves the transport works: it must be the only message that went out.
    const received = await answeredControl();
    expect(received).toHaveLength(1);
    expect(await autoRepliedOf(messageId)).toBe(false);
    expect(await fixture.server.prisma.autoReply.count({ where: { emailId: response.body.email.id } })).toBe(
      0,
    );
  });

  it.each([
    ['a List-Id digest (newsletter)', listDigest, 'newsletter'],
    ['a discount blast without any list header (promotional)', promoBlast, 'promotional'],
  ] as const)('%s', async (_what, build, category) => {
    const messageId = uniqueMessageId();
    const response = await deliver(build({ messageId }));
    expect(response.body.email).toMatchObject({ category, auto_replied: false });
    expect(await answeredControl()).toHaveLength(1);
    expect(await autoRepliedOf(messageId)).toBe(false);
  });
});

describe('no one to answer: spam and machines that set none of those headers', () => {
  it.each([
    [
      'spam by its content',
      buildRawMail({
        from: { name: 'Prize Desk', address: 'winner@prizes.test' },
        subject: 'Congratulations! You have been selected for a $1,000 gift card',
        body: 'Dear friend,\n\nYou have been selected to receive a $1,000 gift card. Click here now to claim your reward before it expires. This offer is limited, act now! Reply with your bank details to receive the transfer.',
      }),
      'promotional',
    ],
    [
      "a shop's receipt through its mailing service",
      buildRawMail({
        from: { name: 'Tessellate', address: 'receipts@tessellate.test' },
        headers: [['Return-Path', '<bounces+rcpt-8812@email.tessellate.test>']],
        subject: 'Your receipt for order 8812',
        body: 'Thanks for your order. Total paid: $24.00. View your receipt online.',
      }),
      null,
    ],
  ] as const)('%s', async (_what, raw, category) => {
    const response = await deliver(raw);
    expect(response.body.email.auto_replied).toBe(false);
    if (category) expect(response.body.email.category).toBe(category);
    expect(await answeredControl()).toHaveLength(1);
  });
});

describe('not exclusions: these are answered', () => {
  it.each([
    ['Auto-Submitted: no', withHeader('Auto-Submitted', 'no')],
    ['Auto-Submitted: No (keywords are case-insensitive)', withHeader('Auto-Submitted', 'No')],
    [
      'X-Auto-Response-Suppress without OOF or All',
      withHeader('X-Auto-Response-Suppress', 'DR, NDR, RN, NRN'),
    ],
    ['X-Spam-Flag: NO', withHeader('X-Spam-Flag', 'NO')],
    ["the sender's own Return-Path", withHeader('Return-Path', `<${JONAS.address}>`)],
    ['the owner only in Cc', { to: BEN, cc: [OWNER, PRIYA] }],
    ["the owner's alias in To", { to: { name: OWNER.name, address: OWNER.alias } }],
    ['the owner among several recipients', { to: [BEN, OWNER, PRIYA] }],
  ] as Exclusion[])('%s', async (_what, options) => {
    const messageId = uniqueMessageId();
    const response = await deliver(colleagueQuestion({ from: JONAS, ...options, messageId }));
    expect(response.body.email.auto_replied).toBe(true);
    const received = await smtp().waitFor(1);
    expect(recipients(received)).toEqual([[JONAS.address]]);
    expect(received[0]?.parsed.inReplyTo).toBe(messageId);
    expect(await autoRepliedOf(messageId)).toBe(true);
  });
});

describe('once per sender per session', () => {
  it('a second mail from the same sender gets no second reply; a new session answers again', async () => {
    const first = uniqueMessageId();
    const second = uniqueMessageId();
    const third = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId: first, subject: 'Hiring plan' }));
    fixture.server.clock.advance(60_000);
    await deliver(colleagueQuestion({ from: BEN, messageId: second, subject: 'Another topic' }));
    // The same mailbox written differently is the same sender.
    await deliver(
      colleagueQuestion({
        from: { name: 'Ben', address: 'Ben.Okafor@ACME.test' },
        messageId: third,
        subject: 'And one more',
      }),
    );
    await deliver(colleagueQuestion({ from: PRIYA, subject: 'Hiring plan' }));
    const received = await smtp().waitFor(2);
    expect(recipients(received)).toEqual([[BEN.address], [PRIYA.address]]);
    expect([await autoRepliedOf(first), await autoRepliedOf(second), await autoRepliedOf(third)]).toEqual([
      true,
      false,
      false,
    ]);

    // The session ends; mail in between is not captured and not answered.
    const ended = fixture.mailbox.session?.endDate ?? BASE_NOW;
    fixture.server.clock.set(at(ended, 60_000));
    const between = await deliver(colleagueQuestion({ from: BEN }));
    expect(between.body.captured).toBe(false);
    expect(smtp().received).toHaveLength(2);

    // The next session answers Ben once more, with a reply of its own.
    fixture.server.clock.set(at(ended, days(2)));
    const next = await activeSession(fixture.server, fixture.mailbox.accountId, {
      autoReplyMessage: 'Away again, back soon.',
    });
    const fourth = uniqueMessageId();
    const answered = await deliver(
      colleagueQuestion({ from: BEN, messageId: fourth, subject: 'Hiring plan again' }),
    );
    expect(answered.body.email).toMatchObject({ session_id: next.id, auto_replied: true });
    const all = await smtp().waitFor(3);
    expect(recipients(all)).toEqual([[BEN.address], [PRIYA.address], [BEN.address]]);
    expect(all[2]?.parsed.text).toBe('Away again, back soon.');
    expect(all[2]?.parsed.inReplyTo).toBe(fourth);
    expect(all[2]?.parsed.messageId).not.toBe(all[0]?.parsed.messageId);
  });

  it('five different mails from one sender at once: all captured, exactly one reply', async () => {
    const ids = Array.from({ length: 5 }, () => uniqueMessageId());
    const responses = await Promise.all(
      ids.map((messageId, i) =>
        postInbound(
          fixture.server,
          fixture.mailbox.token,
          colleagueQuestion({ messageId, subject: `Topic ${i}` }),
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(await answeredControl()).toHaveLength(2);
    expect(recipients(smtp().received)[0]).toEqual([BEN.address]);
    const flags = await Promise.all(ids.map(autoRepliedOf));
    expect(flags.filter(Boolean)).toHaveLength(1);
    expect(
      await fixture.server.prisma.autoReply.count({
        where: { accountId: fixture.mailbox.accountId, senderAddress: BEN.address },
      }),
    ).toBe(1);
  });

  it('10 parallel POSTs of the same message send one reply', async () => {
    const raw = colleagueQuestion({ from: PRIYA });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postInbound(fixture.server, fixture.mailbox.token, raw)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(await answeredControl()).toHaveLength(2);
    expect(recipients(smtp().received)[0]).toEqual([PRIYA.address]);
  });
});

describe('transport failures', () => {
  it.each([
    ['rejects RCPT permanently (550)', 550],
    ['rejects RCPT temporarily (451)', 451],
    ['is not listening', 'down'],
  ] as const)(
    'the SMTP server %s: the email is kept, auto_replied false; after the backoff the retry delivers it',
    async (_what, failure) => {
      if (failure === 'down') await smtp().stop();
      else smtp().setRcptMode(failure);
      const messageId = uniqueMessageId();
      const response = await deliver(colleagueQuestion({ from: BEN, messageId }));
      expect(response.body).toMatchObject({
        captured: true,
        duplicate: false,
        email: { auto_replied: false },
      });
      expect(smtp().received).toEqual([]);
      expect(smtp().refused).toEqual(failure === 'down' ? [] : [BEN.address]);
      expect(await autoRepliedOf(messageId)).toBe(false);
      expect(
        await fixture.server.prisma.email.count({ where: { accountId: fixture.mailbox.accountId } }),
      ).toBe(1);

      // The server is back. Not retried at once: the backoff has not passed.
      if (failure === 'down') await smtp().start();
      else smtp().setRcptMode('accept');
      expect(await retryWorker()).toBe(0);
      expect(smtp().received).toEqual([]);

      fixture.server.clock.advance(mailBackoffMs(1));
      expect(await retryWorker()).toBe(1);
      expect(smtp().received).toHaveLength(1);
      const [reply] = smtp().received;
      expect({ mailFrom: reply?.mailFrom, rcptTo: reply?.rcptTo }).toEqual({
        mailFrom: '',
        rcptTo: [BEN.address],
      });
      expect(reply?.parsed.inReplyTo).toBe(messageId);
      expect(reply?.parsed.headers['auto-submitted']).toEqual(['auto-replied']);
      expect(reply?.parsed.text).toBe(AUTO_REPLY_TEXT);
      expect(await autoRepliedOf(messageId)).toBe(true);

      // Delivered once: later passes send nothing more.
      fixture.server.clock.advance(days(1));
      expect(await retryWorker()).toBe(0);
      expect(smtp().received).toHaveLength(1);
    },
  );

  it('a second mail from the sender while the first reply is pending still makes one reply', async () => {
    smtp().setRcptMode(451);
    const first = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId: first }));
    smtp().setRcptMode('accept');
    const second = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId: second, subject: 'Follow-up' }));
    expect(smtp().received).toEqual([]);
    fixture.server.clock.advance(mailBackoffMs(1));
    expect(await retryWorker()).toBe(1);
    expect(recipients(smtp().received)).toEqual([[BEN.address]]);
    expect(smtp().received[0]?.parsed.inReplyTo).toBe(first);
    expect([await autoRepliedOf(first), await autoRepliedOf(second)]).toEqual([true, false]);
  });

  it('two retry workers at once deliver a due reply once', async () => {
    smtp().setRcptMode(451);
    const messageId = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId }));
    smtp().setRcptMode('accept');
    fixture.server.clock.advance(mailBackoffMs(1));
    const sent = await Promise.all([retryWorker(), retryWorker(), retryWorker()]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(recipients(smtp().received)).toEqual([[BEN.address]]);
    expect(await autoRepliedOf(messageId)).toBe(true);
  });

  it(`gives up after ${MAIL_MAX_ATTEMPTS} attempts`, async () => {
    smtp().setRcptMode(550);
    const messageId = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId }));
    for (let attempt = 1; attempt < MAIL_MAX_ATTEMPTS; attempt++) {
      fixture.server.clock.advance(mailBackoffMs(attempt));
      expect(await retryWorker()).toBe(0);
    }
    expect(smtp().refused).toHaveLength(MAIL_MAX_ATTEMPTS);
    smtp().setRcptMode('accept');
    fixture.server.clock.advance(days(1));
    expect(await retryWorker()).toBe(0);
    expect(smtp().received).toEqual([]);
    expect(smtp().refused).toHaveLength(MAIL_MAX_ATTEMPTS);
    expect(await autoRepliedOf(messageId)).toBe(false);
  });
});

describe('never after the session ended', () => {
  it('a pending reply is not sent once the session was ended early (PATCH status completed)', async () => {
    smtp().setRcptMode(550);
    const messageId = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId }));
    smtp().setRcptMode('accept');
    fixture.server.clock.advance(60_000);
    const ended = await fixture.server.request(
      'PATCH',
      `/api/v1/ooo-sessions/${fixture.mailbox.session?.id}`,
      {
        key: fixture.mailbox.key,
        body: { status: 'completed' },
      },
    );
    expect(ended.status, ended.text).toBe(200);
    expect(ended.body.status).toBe('completed');

    fixture.server.clock.advance(mailBackoffMs(1));
    expect(await retryWorker()).toBe(0);
    fixture.server.clock.advance(days(1));
    expect(await retryWorker()).toBe(0);
    // Only the owner's playbook goes out (ended early: at once), never the pending auto-reply.
    expect(smtp().received.filter((mail) => mail.rcptTo.includes(BEN.address))).toEqual([]);
    expect(await autoRepliedOf(messageId)).toBe(false);
  });

  it('a pending reply is not sent when its retry falls after the end date', async () => {
    const session = await fixture.server.prisma.oooSession.update({
      where: { id: fixture.mailbox.session?.id },
      data: { endDate: at(BASE_NOW, 10_000) },
    });
    smtp().setRcptMode(451);
    const messageId = uniqueMessageId();
    await deliver(colleagueQuestion({ from: BEN, messageId }));
    smtp().setRcptMode('accept');
    fixture.server.clock.set(at(session.endDate, mailBackoffMs(1)));
    expect(await retryWorker()).toBe(0);
    expect(smtp().received).toEqual([]);
    expect(await autoRepliedOf(messageId)).toBe(false);
  });
});
