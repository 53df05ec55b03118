// Escalation while away, received by a real SMTP server on loopback: mail captured through
// POST /inbound during an active session reaches the owner's backup contact once per thread (and
// session), in the categories the owner chose, on Team Growth only; with the sender, subject,
// summary, deadline and a dashboard link but never the body; retried by `deliverDueEscalations`
// after a transport failure, and never lost. The auto-reply names the contact when opted in.

import { deliverDueEscalations, MAIL_MAX_ATTEMPTS, type MailDeps, mailBackoffMs } from '@drift/core';
import type { Prisma } from '@drift/db';
import { beforeEach, describe, expect, it } from 'vitest';
import { useFileService, useTestServer } from './support/fixture.ts';
import {
  AUTO_REPLY_TEXT,
  activeSession,
  buildOwnerMailbox,
  listedEmail,
  postInbound,
  VIP,
} from './support/inbound.ts';
import {
  BEN,
  buildRawMail,
  colleagueQuestion,
  JONAS,
  OWNER,
  PRIYA,
  type RawMailOptions,
  uniqueMessageId,
} from './support/raw-mail.ts';
import { type ReceivedMail, startSmtpSink } from './support/smtp.ts';

const PUBLIC_URL = 'https://drift.example.test';
const SAM = { name: 'Sam Lee', address: 'sam.lee@partner.test' } as const;
/** In the body only: the contact's mail must never carry it. */
const BODY_ONLY = 'The door code of the lab is 4711';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
beforeEach(async () => {
  await smtp().start();
  smtp().reset();
});
const fixture = useTestServer({
  start: () => ({ mailer: smtp().createTransport(), publicUrl: PUBLIC_URL }),
  mailbox: true,
});

const setAccount = (data: Prisma.AccountUpdateInput, accountId = fixture.mailbox.accountId) =>
  fixture.server.prisma.account.update({ where: { id: accountId }, data });

beforeEach(async () => {
  await setAccount({
    backupContactName: SAM.name,
    backupContactEmail: SAM.address,
    escalateCategories: ['urgent'],
    urgentKeywords: ['outage'],
  });
});

const deps = (): MailDeps => ({
  prisma: fixture.server.prisma,
  clock: fixture.server.clock,
  mailer: fixture.server.mailer,
  publicUrl: PUBLIC_URL,
});

const deliver = async (raw: string, token = fixture.mailbox.token) => {
  const response = await postInbound(fixture.server, token, raw);
  expect(response.status, response.text).toBe(202);
  return response;
};

const toContact = (mails: readonly ReceivedMail[] = smtp().received) =>
  mails.filter((mail) => mail.rcptTo.includes(SAM.address));

/** The VIP asking for a call today: urgent by the rules, with a deadline. */
const vipAsk = (options: RawMailOptions = {}) =>
  buildRawMail({
    from: { name: 'Maria Chen', address: VIP },
    subject: 'Board deck numbers',
    body: `Alex, can you call me today? I need your answer on the board deck numbers before the 5pm meeting.\n\nP.S. ${BODY_ONLY}.\n\nMaria`,
    ...options,
  });

/** An outage report: urgent through the account's urgent keyword "outage". */
const outage = (options: RawMailOptions = {}) =>
  buildRawMail({
    from: BEN,
    subject: 'Production outage in eu-west',
    body: 'Alex, checkout is down in eu-west since 11:40. Can you approve the rollback?\n\nBen',
    ...options,
  });

const escalationsOf = (accountId = fixture.mailbox.accountId) =>
  fixture.server.prisma.escalation.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } });

describe('the mail to the backup contact', () => {
  it('names the sender, subject, summary, deadline and links the message; never the body', async () => {
    const response = await deliver(vipAsk());
    const email = response.body.email;
    expect(email.category).toBe('urgent');

    const [mail, ...more] = toContact();
    expect(more).toEqual([]);
    if (!mail) throw new Error('no escalation received');
    expect({ mailFrom: mail.mailFrom, rcptTo: mail.rcptTo }).toEqual({ mailFrom: '', rcptTo: [SAM.address] });
    const { parsed } = mail;
    expect(parsed.headers['auto-submitted']).toEqual(['auto-generated']);
    expect(parsed.headers['x-auto-response-suppress']).toEqual(['All']);
    expect(parsed.from).toEqual({ address: OWNER.address, name: `Drift for ${OWNER.name}` });
    expect(parsed.subject).toBe(`[Urgent] Board deck numbers (for ${OWNER.name}, who is away)`);
    const text = parsed.text;
    expect(text).toContain(`Hello ${SAM.name},`);
    expect(text).toContain(`From:     Maria Chen <${VIP}>`);
    expect(text).toContain('Subject:  Board deck numbers');
    expect(text).toContain('Category: Urgent');
    expect(text).toContain(`Summary:  ${email.ai_summary}`);
    expect(text).toContain(`Open it in Drift: ${PUBLIC_URL}/#/mail/${email.id}`);
    const { deadline: due } = await fixture.server.prisma.email.findUniqueOrThrow({
      where: { id: email.id },
    });
    if (!due) throw new Error('triage read no deadline in the VIP ask');
    const deadline = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'UTC',
    });
    expect(text).toContain(`Deadline: ${deadline.format(due)} (UTC)`);
    expect(parsed.html).toContain(`<a href="${PUBLIC_URL}/#/mail/${email.id}">Open it in Drift</a>`);
    expect(parsed.html).toContain('Board deck numbers');
    // Neither part, nor anything else in the raw message, carries the body.
    expect(email.ai_summary).not.toContain('4711');
    for (const part of [mail.raw, parsed.text, parsed.html ?? '']) {
      expect(part).not.toContain('4711');
      expect(part).not.toMatch(/door code/i);
    }

    const [row] = await escalationsOf();
    expect(row).toMatchObject({
      status: 'sent',
      attempts: 1,
      emailId: email.id,
      threadId: email.thread_id,
      sessionId: fixture.mailbox.session?.id,
      contactEmail: SAM.address,
      messageId: parsed.messageId,
      lastError: null,
    });
  });

  it('the captured mail still gets its auto-reply, which does not name the contact unless opted in', async () => {
    await deliver(outage());
    const reply = smtp().received.find((mail) => mail.rcptTo.includes(BEN.address));
    expect(reply?.parsed.text).toBe(AUTO_REPLY_TEXT);
    expect(toContact()).toHaveLength(1);
  });
});

describe('once per thread and session', () => {
  it('several urgent messages of one thread, one after another, make one mail; another thread its own', async () => {
    const root = uniqueMessageId();
    await deliver(outage({ messageId: root }));
    for (let i = 1; i <= 3; i++) {
      const id = uniqueMessageId();
      await deliver(
        outage({
          from: i % 2 ? PRIYA : JONAS,
          messageId: id,
          subject: 'Re: Production outage in eu-west',
          inReplyTo: root,
          references: [root],
          body: `Still an outage here (${i}). Alex, can you approve the rollback now?`,
        }),
      );
    }
    expect(toContact()).toHaveLength(1);
    await deliver(vipAsk());
    expect(toContact()).toHaveLength(2);
    expect((await escalationsOf()).map((row) => row.status)).toEqual(['sent', 'sent']);
  });

  it('concurrent deliveries of one thread (batched or not) make one mail', async () => {
    const root = uniqueMessageId();
    const raws = [
      outage({ messageId: root }),
      ...Array.from({ length: 7 }, (_, i) =>
        outage({
          from: [PRIYA, JONAS, BEN][i % 3],
          messageId: uniqueMessageId(),
          subject: 'Re: Production outage in eu-west',
          inReplyTo: root,
          references: [root],
          body: `Outage update ${i}: still down. Alex, can you approve the rollback?`,
        }),
      ),
    ];
    const responses = await Promise.all(
      raws.map((raw) => postInbound(fixture.server, fixture.mailbox.token, raw)),
    );
    expect(responses.map((r) => r.status)).toEqual(raws.map(() => 202));
    expect(new Set(responses.map((r) => r.body.email.thread_id)).size).toBe(1);
    expect(responses.map((r) => r.body.email.category)).toEqual(raws.map(() => 'urgent'));
    expect(toContact()).toHaveLength(1);
    expect(await escalationsOf()).toHaveLength(1);
  });

  it('concurrent retry workers send a due escalation once', async () => {
    smtp().setRcptMode(451);
    await deliver(vipAsk());
    smtp().setRcptMode('accept');
    fixture.server.clock.advance(mailBackoffMs(1));
    const sent = await Promise.all([
      deliverDueEscalations(deps()),
      deliverDueEscalations(deps()),
      deliverDueEscalations(deps()),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(1);
    expect(toContact()).toHaveLength(1);
    expect(await escalationsOf()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('a new session escalates the same thread again', async () => {
    const root = uniqueMessageId();
    await deliver(outage({ messageId: root }));
    const first = fixture.mailbox.session;
    if (!first) throw new Error('no session');
    // Cancelled rather than ended, so that the next session may cover the same days.
    await fixture.server.prisma.oooSession.update({
      where: { id: first.id },
      data: { cancelledAt: fixture.server.clock.now() },
    });
    await activeSession(fixture.server, fixture.mailbox.accountId);
    await deliver(
      outage({
        messageId: uniqueMessageId(),
        subject: 'Re: Production outage in eu-west',
        inReplyTo: root,
        references: [root],
        body: 'The outage is back. Alex, can you approve the rollback again?',
      }),
    );
    expect(toContact()).toHaveLength(2);
  });
});

describe('a custom rule that escalates', () => {
  it("escalates a message outside the chosen categories when the owner's rule says so", async () => {
    await fixture.server.prisma.rule.create({
      data: {
        id: 'rule_escalate_jonas',
        accountId: fixture.mailbox.accountId,
        position: 1,
        name: 'Jonas',
        conditions: [{ field: 'from_address', value: JONAS.address }],
        actions: [{ type: 'escalate' }],
      },
    });
    const response = await deliver(colleagueQuestion({ from: JONAS }));
    expect(response.body.email.category).toBe('action_required');
    expect(toContact()).toHaveLength(1);
    // Without the rule the same kind of question stays with the owner.
    await deliver(colleagueQuestion({ from: PRIYA, subject: 'Offsite budget sign-off' }));
    expect(toContact()).toHaveLength(1);
  });
});

describe('what is not escalated', () => {
  it('categories the owner did not choose: a question (action required) goes only once they add it', async () => {
    const response = await deliver(colleagueQuestion({ from: JONAS }));
    expect(response.body.email.category).toBe('action_required');
    expect(toContact()).toEqual([]);
    // The control: an urgent message does reach the contact, so the transport works.
    await deliver(outage());
    expect(toContact()).toHaveLength(1);

    await setAccount({ escalateCategories: ['urgent', 'action_required'] });
    await deliver(colleagueQuestion({ from: PRIYA, subject: 'Offsite budget sign-off' }));
    expect(toContact()).toHaveLength(2);
  });

  it('nothing outside an active session: nothing is captured, nobody is told', async () => {
    const mailbox = await buildOwnerMailbox(fixture.server, { session: false });
    await setAccount(
      { backupContactName: SAM.name, backupContactEmail: SAM.address, urgentKeywords: ['outage'] },
      mailbox.accountId,
    );
    const response = await deliver(outage(), mailbox.token);
    expect(response.body).toEqual({ captured: false, reason: 'no_active_session' });
    expect(smtp().received).toEqual([]);
    expect(await escalationsOf(mailbox.accountId)).toEqual([]);
  });

  it('a free account: its stored contact is ignored, by escalations and by the auto-reply', async () => {
    await setAccount({ plan: 'free', autoReplyNamesContact: true });
    const response = await deliver(outage());
    expect(response.body.email.category).toBe('urgent');
    expect(toContact()).toEqual([]);
    expect(await escalationsOf()).toEqual([]);
    const reply = smtp().received.find((mail) => mail.rcptTo.includes(BEN.address));
    expect(reply?.parsed.text).toBe(AUTO_REPLY_TEXT);
  });

  it('no contact set: nothing', async () => {
    await setAccount({ backupContactName: null, backupContactEmail: null });
    await deliver(outage());
    expect(await escalationsOf()).toEqual([]);
    expect(smtp().received.map((mail) => mail.rcptTo)).toEqual([[BEN.address]]);
  });

  it("the contact's own urgent mail to the owner does not go back to them", async () => {
    await deliver(outage({ from: SAM }));
    expect(
      toContact().filter((mail) => mail.parsed.headers['auto-submitted']?.[0] === 'auto-generated'),
    ).toEqual([]);
    expect(await escalationsOf()).toEqual([]);
  });
});

describe('transport failures: retried, never lost', () => {
  it.each([
    ['the SMTP server refuses the recipient (451)', 451 as const],
    ['the SMTP server refuses the recipient (550)', 550 as const],
    ['the SMTP server is down', 'down' as const],
  ])(
    '%s: the mail is captured, the escalation waits and goes out on a later pass',
    async (_what, failure) => {
      if (failure === 'down') await smtp().stop();
      else smtp().setRcptMode(failure);
      const messageId = uniqueMessageId();
      const response = await deliver(vipAsk({ messageId }));
      expect(response.body).toMatchObject({
        captured: true,
        duplicate: false,
        email: { category: 'urgent' },
      });
      expect(toContact()).toEqual([]);
      const [queued] = await escalationsOf();
      expect(queued).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
      expect(queued?.lastError).toMatch(/^2026-03-10T12:00:00\.000Z /);
      expect(queued?.nextAttemptAt).toEqual(
        new Date(fixture.server.clock.now().getTime() + mailBackoffMs(1)),
      );

      await smtp().start();
      smtp().setRcptMode('accept');
      // Not before its backoff is over.
      fixture.server.clock.advance(mailBackoffMs(1) - 1);
      expect(await deliverDueEscalations(deps())).toBe(0);
      fixture.server.clock.advance(1);
      expect(await deliverDueEscalations(deps())).toBe(1);
      expect(toContact()).toHaveLength(1);
      expect(toContact()[0]?.parsed.text).toContain(`${PUBLIC_URL}/#/mail/${response.body.email.id}`);
      expect(await escalationsOf()).toMatchObject([{ status: 'sent', attempts: 2, lastError: null }]);
      // Captured all along, listed as any other mail.
      expect((await listedEmail(fixture.server, fixture.mailbox, messageId)).category).toBe('urgent');
      // Sent is sent: another pass sends nothing.
      fixture.server.clock.advance(60 * 60_000);
      expect(await deliverDueEscalations(deps())).toBe(0);
      expect(toContact()).toHaveLength(1);
    },
  );

  it(`gives up after ${MAIL_MAX_ATTEMPTS} attempts with the last error kept; the mail stays captured`, async () => {
    smtp().setRcptMode(550);
    const messageId = uniqueMessageId();
    await deliver(vipAsk({ messageId }));
    for (let attempt = 1; attempt < MAIL_MAX_ATTEMPTS; attempt++) {
      fixture.server.clock.advance(mailBackoffMs(attempt));
      expect(await deliverDueEscalations(deps())).toBe(0);
    }
    const [row] = await escalationsOf();
    expect(row).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS });
    expect(row?.lastError).toMatch(/Mailbox unavailable|550/);
    smtp().setRcptMode('accept');
    fixture.server.clock.advance(24 * 60 * 60_000);
    expect(await deliverDueEscalations(deps())).toBe(0);
    expect(toContact()).toEqual([]);
    expect((await listedEmail(fixture.server, fixture.mailbox, messageId)).category).toBe('urgent');
  });

  it('an escalation claimed by a process that died goes out once its lease is over', async () => {
    await smtp().stop();
    await deliver(vipAsk());
    const [row] = await escalationsOf();
    if (!row) throw new Error('no escalation queued');
    // As a worker leaves it when it dies between its claim and the send.
    const claimedUntil = new Date(fixture.server.clock.now().getTime() + 5 * 60_000);
    await fixture.server.prisma.escalation.update({
      where: { id: row.id },
      data: { status: 'pending', attempts: 2, nextAttemptAt: claimedUntil, lastError: null },
    });
    await smtp().start();
    fixture.server.clock.advance(5 * 60_000 - 1);
    expect(await deliverDueEscalations(deps())).toBe(0);
    fixture.server.clock.advance(1);
    expect(await deliverDueEscalations(deps())).toBe(1);
    expect(toContact()).toHaveLength(1);
  });

  it('a retry after the session ended is dropped, and says so', async () => {
    smtp().setRcptMode(451);
    await deliver(vipAsk());
    smtp().setRcptMode('accept');
    fixture.server.clock.advance(8 * 24 * 60 * 60_000);
    expect(await deliverDueEscalations(deps())).toBe(0);
    expect(toContact()).toEqual([]);
    expect(await escalationsOf()).toMatchObject([
      { status: 'failed', lastError: 'session completed before delivery' },
    ]);
  });

  it('a retry goes to the contact as it is now, and not at all once it is removed', async () => {
    smtp().setRcptMode(451);
    const firstEmail = (await deliver(vipAsk())).body.email.id;
    const secondEmail = (await deliver(outage())).body.email.id;
    smtp().setRcptMode('accept');
    const rows = await escalationsOf();
    const first = rows.find((row) => row.emailId === firstEmail);
    const second = rows.find((row) => row.emailId === secondEmail);
    await setAccount({ backupContactName: 'Kim Park', backupContactEmail: 'kim.park@partner.test' });
    await fixture.server.prisma.escalation.update({
      where: { id: second?.id ?? '' },
      data: { nextAttemptAt: new Date(fixture.server.clock.now().getTime() + 3_600_000) },
    });
    fixture.server.clock.advance(mailBackoffMs(1));
    expect(await deliverDueEscalations(deps())).toBe(1);
    const kim = smtp().received.filter((mail) => mail.rcptTo.includes('kim.park@partner.test'));
    expect(kim).toHaveLength(1);
    expect(kim[0]?.parsed.text).toContain('Hello Kim Park,');
    expect(
      await fixture.server.prisma.escalation.findUnique({ where: { id: first?.id ?? '' } }),
    ).toMatchObject({
      status: 'sent',
      contactEmail: 'kim.park@partner.test',
    });

    await setAccount({ backupContactName: null, backupContactEmail: null });
    fixture.server.clock.advance(3_600_000);
    expect(await deliverDueEscalations(deps())).toBe(0);
    expect(
      await fixture.server.prisma.escalation.findUnique({ where: { id: second?.id ?? '' } }),
    ).toMatchObject({
      status: 'failed',
      lastError: 'no backup contact on a Team Growth plan before delivery',
    });
  });
});

describe('the auto-reply names the contact when the owner opts in', () => {
  it.each([
    ['opted in, Team Growth, contact set', { autoReplyNamesContact: true }, true],
    ['not opted in', { autoReplyNamesContact: false }, false],
    [
      'opted in but no contact',
      { autoReplyNamesContact: true, backupContactEmail: null, backupContactName: null },
      false,
    ],
    ['opted in on the free plan', { autoReplyNamesContact: true, plan: 'free' as const }, false],
  ])('%s', async (_case, data, named) => {
    await setAccount(data);
    await deliver(colleagueQuestion({ from: JONAS }));
    const reply = smtp().received.find((mail) => mail.rcptTo.includes(JONAS.address));
    expect(reply?.parsed.headers['auto-submitted']).toEqual(['auto-replied']);
    expect(reply?.parsed.text).toBe(
      named
        ? `${AUTO_REPLY_TEXT}\n\nFor urgent matters, please write to ${SAM.name} <${SAM.address}>.`
        : AUTO_REPLY_TEXT,
    );
  });

  it('the standard reply (no message of the owner) is named too', async () => {
    const session = fixture.mailbox.session;
    if (!session) throw new Error('no session');
    await fixture.server.prisma.oooSession.update({
      where: { id: session.id },
      data: { autoReplyMessage: null },
    });
    await setAccount({ autoReplyNamesContact: true });
    await deliver(colleagueQuestion({ from: JONAS }));
    const reply = smtp().received.find((mail) => mail.rcptTo.includes(JONAS.address));
    expect(reply?.parsed.text).toMatch(/^Hello,\n\nI am out of office and will be back on /);
    expect(reply?.parsed.text).toMatch(
      /\n\nFor urgent matters, please write to Sam Lee <sam\.lee@partner\.test>\.$/,
    );
  });
});
