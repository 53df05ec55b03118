// POST /inbound/:token over HTTP: every status of the contract (DESIGN.md "Mail in"), idempotency
// (also under concurrent delivery and for mail without a Message-ID), what GET /api/v1/emails then
// shows, and that the inbound token never reaches a log line.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { at, buildSession, days } from '@drift/api/testing';
import { type Category, URGENCY_BANDS } from '@drift/triage';
import { beforeEach, describe, expect, it } from 'vitest';
import { anyIso, EMAIL_ID, expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { buildOwnerMailbox, listEmails, postInbound, VIP } from './support/inbound.ts';
import {
  buildRawMail,
  colleagueQuestion,
  JONAS,
  listDigest,
  OWNER,
  promoBlast,
  uniqueMessageId,
} from './support/raw-mail.ts';
import { BASE_NOW, type Json, LEAKY_DATABASE_MESSAGE } from './support/server.ts';

const fixture = useTestServer({ mailbox: true });
beforeEach(async () => {
  const { outboxDir } = fixture.server;
  for (const name of await readdir(outboxDir)) await rm(join(outboxDir, name), { force: true });
});

const THREAD_ID = /^thr_[0-9A-Za-z]+$/;
const MB = 1024 * 1024;

const deliver = (raw: string | Buffer, token = fixture.mailbox.token) =>
  postInbound(fixture.server, token, raw);
const storedEmails = (accountId = fixture.mailbox.accountId) =>
  fixture.server.prisma.email.findMany({ where: { accountId } });
const autoReplyRows = (accountId = fixture.mailbox.accountId) =>
  fixture.server.prisma.autoReply.findMany({ where: { accountId } });
/** The default mailer writes one .eml per auto-reply it accepted. */
const outboxFiles = async () =>
  (await readdir(fixture.server.outboxDir)).filter((name) => name.endsWith('.eml'));

describe('POST /inbound/:token: 202 captured', () => {
  it('answers 202 with the stored email, which GET /api/v1/emails lists with the exact wire fields', async () => {
    const messageId = uniqueMessageId();
    const subject = 'Q2 hiring plan — can you approve the two backend roles?';
    const response = await deliver(
      buildRawMail({ from: { name: 'Zoë Brandt', address: 'Zoe.Brandt@Acme.test' }, subject, messageId }),
    );
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const email = {
      id: expect.stringMatching(EMAIL_ID),
      external_id: messageId,
      session_id: fixture.mailbox.session?.id,
      thread_id: expect.stringMatching(THREAD_ID),
      subject,
      from_email: 'zoe.brandt@acme.test',
      from_name: 'Zoë Brandt',
      // A colleague's direct question without a deadline: action_required by LABELS.md.
      category: 'action_required',
      urgency_score: expect.any(Number),
      ai_summary: expect.any(String),
      auto_replied: true,
      received_at: BASE_NOW.toISOString(),
      created_at: anyIso(),
    };
    expect(response.body).toEqual({ captured: true, duplicate: false, email });
    const captured = response.body.email;
    expect(Number.isInteger(captured.urgency_score)).toBe(true);
    const [low, high] = URGENCY_BANDS.action_required;
    expect(captured.urgency_score).toBeGreaterThanOrEqual(low);
    expect(captured.urgency_score).toBeLessThanOrEqual(high);
    expect(captured.ai_summary.trim().length).toBeGreaterThan(0);
    expect(captured.ai_summary.length).toBeLessThanOrEqual(200);
    expect(captured.ai_summary).not.toBe(subject);

    const listed = await fixture.server.request('GET', '/api/v1/emails', { key: fixture.mailbox.key });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      data: [captured],
      pagination: { total: 1, limit: 50, offset: 0, has_more: false, next_starting_after: null },
    });
    const bySession = await fixture.server.request(
      'GET',
      `/api/v1/emails?session_id=${fixture.mailbox.session?.id}`,
      {
        key: fixture.mailbox.key,
      },
    );
    expect(bySession.body.data).toEqual([captured]);
  });

  // Whatever the category, the fields keep their invariants.
  it.each([
    ['a colleague question', () => colleagueQuestion({ from: JONAS })],
    ['a List-Id digest', () => listDigest()],
    ['a discount blast', () => promoBlast()],
    [
      'a VIP asking for a call today',
      () =>
        buildRawMail({
          from: { name: 'Maria Chen', address: VIP },
          subject: 'Board deck numbers',
          body: 'Alex, can you call me today? I need your answer on the board deck numbers before the 5pm meeting.\n\nMaria',
        }),
    ],
    [
      'one very long sentence',
      () =>
        buildRawMail({
          from: JONAS,
          subject: 'Long one',
          body: `Alex, could you review ${Array.from({ length: 150 }, (_, i) => `item ${i} of the migration checklist`).join(', ')} before we start?`,
        }),
    ],
    [
      'a message without From and without body',
      () => buildRawMail({ from: null, subject: 'Server room door code changed', body: '' }),
    ],
    [
      'a base64 HTML-only message with an encoded subject',
      () =>
        [
          `From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg.mueller@acme.test>`,
          `To: ${OWNER.address}`,
          'Subject: =?UTF-8?Q?Kurze_Frage_zur_=C3=9Cbergabe?=',
          'Date: Tue, 10 Mar 2026 09:00:00 +0100',
          `Message-ID: <${uniqueMessageId()}>`,
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=UTF-8',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from(
            '<html><body><p>Hallo Alex,</p><p>kannst du mir sagen, wer die Übergabe des Billing-Teams übernimmt?</p><p>Danke, Jörg</p></body></html>',
          ).toString('base64'),
          '',
        ].join('\r\n'),
    ],
  ] as const)(
    '%s: urgency_score an integer in its band, ai_summary one line of at most 200 characters',
    async (_what, build) => {
      const raw = build();
      const response = await deliver(raw);
      expect(response.status).toBe(202);
      const email = response.body.email;
      expect(Number.isInteger(email.urgency_score)).toBe(true);
      expect(Object.keys(URGENCY_BANDS)).toContain(email.category);
      const [low, high] = URGENCY_BANDS[email.category as Category];
      expect(email.urgency_score).toBeGreaterThanOrEqual(low);
      expect(email.urgency_score).toBeLessThanOrEqual(high);
      expect(email.ai_summary.trim()).not.toBe('');
      expect(email.ai_summary).not.toMatch(/[\r\n]/);
      expect(email.ai_summary.length).toBeLessThanOrEqual(200);
      expect(email.ai_summary.trim().toLowerCase()).not.toBe(email.subject.trim().toLowerCase());
      expect(email.subject).not.toMatch(/=\?utf-8\?/i);
      expect(await listEmails(fixture.server, fixture.mailbox)).toEqual([email]);
    },
  );

  it('a subject of 8,000 characters is captured whole (its thread key is bounded for the index)', async () => {
    const subject = `Re: ${'Quarterly numbers and then some '.repeat(250)}`.trim();
    const response = await deliver(buildRawMail({ subject }));
    expect({ status: response.status, captured: response.body.captured }).toEqual({
      status: 202,
      captured: true,
    });
    const [stored] = await storedEmails();
    expect(stored?.subject).toBe(subject);
    expect(stored?.threadSubject.length).toBeLessThanOrEqual(400);
  });

  it('a message well above the 1 MB JSON limit but under 25 MB (a 3 MB attachment) is captured', async () => {
    const raw = buildRawMail({
      subject: 'Signed contract attached',
      attachment: {
        filename: 'contract.pdf',
        contentType: 'application/pdf',
        content: Buffer.alloc(3 * MB, 7),
      },
    });
    expect(raw.length).toBeGreaterThan(4 * MB);
    const response = await deliver(raw);
    expect({ status: response.status, captured: response.body.captured }).toEqual({
      status: 202,
      captured: true,
    });
    expect(response.body.email.subject).toBe('Signed contract attached');
    expect(await storedEmails()).toHaveLength(1);
  });

  it.each([['message/rfc822; charset=utf-8'], ['Message/RFC822']])(
    'accepts Content-Type %s (media types are case-insensitive and may carry parameters)',
    async (contentType) => {
      const response = await postInbound(fixture.server, fixture.mailbox.token, colleagueQuestion(), {
        contentType,
      });
      expect({ status: response.status, captured: response.body.captured }).toEqual({
        status: 202,
        captured: true,
      });
    },
  );

  it('captures into the account that owns the token, and no other', async () => {
    const other = await buildOwnerMailbox(fixture.server);
    const response = await deliver(colleagueQuestion(), other.token);
    expect(response.status).toBe(202);
    expect(response.body.email.session_id).toBe(other.session?.id);
    expect(await listEmails(fixture.server, other)).toHaveLength(1);
    expect(await listEmails(fixture.server, fixture.mailbox)).toEqual([]);
  });
});

describe('POST /inbound/:token: the same message again', () => {
  it('the same Message-ID again is accepted (202, duplicate) and changes nothing, even with other content', async () => {
    const messageId = uniqueMessageId();
    const raw = colleagueQuestion({ messageId });
    const first = await deliver(raw);
    expect(first.status).toBe(202);
    expect(first.body.duplicate).toBe(false);
    const rowBefore = await fixture.server.prisma.email.findUniqueOrThrow({
      where: { id: first.body.email.id },
    });
    const repliesBefore = await autoReplyRows();
    expect(repliesBefore).toHaveLength(1);
    expect(await outboxFiles()).toHaveLength(1);

    fixture.server.clock.advance(60_000);
    // A relay retry (identical bytes), then the same Message-ID with another subject and body.
    const again = await deliver(raw);
    const altered = await deliver(
      `Received: from relay2.acme.test by mx.drift.test; Tue, 10 Mar 2026 12:01:00 +0000\r\n${colleagueQuestion(
        {
          messageId,
          subject: 'Something else entirely',
          body: 'Hello, a different body.',
        },
      )}`,
    );
    for (const response of [again, altered]) {
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ captured: true, duplicate: true, email: first.body.email });
    }
    expect(await storedEmails()).toEqual([rowBefore]);
    expect(await autoReplyRows()).toEqual(repliesBefore);
    expect(await outboxFiles()).toHaveLength(1);
    expect(await listEmails(fixture.server, fixture.mailbox)).toEqual([first.body.email]);
  });

  it('10 parallel POSTs of one message store it once and answer its sender once', async () => {
    const raw = colleagueQuestion({ messageId: uniqueMessageId() });
    const responses = await Promise.all(Array.from({ length: 10 }, () => deliver(raw)));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    expect(responses.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.email?.id)).size).toBe(1);
    expect(await storedEmails()).toHaveLength(1);
    expect(await autoReplyRows()).toHaveLength(1);
    expect(await outboxFiles()).toHaveLength(1);
    expect((await listEmails(fixture.server, fixture.mailbox)).map((e) => e.auto_replied)).toEqual([true]);
  });

  it('a message without Message-ID gets a stable content hash: re-sent it is a duplicate', async () => {
    const raw = colleagueQuestion({ messageId: null, subject: 'No id on this one' });
    const first = await deliver(raw);
    expect(first.status).toBe(202);
    expect(first.body.duplicate).toBe(false);
    const externalId = first.body.email.external_id;
    expect(typeof externalId).toBe('string');
    expect(externalId.length).toBeGreaterThan(0);

    const again = await deliver(raw);
    expect(again.body).toEqual({ captured: true, duplicate: true, email: first.body.email });
    expect(await storedEmails()).toHaveLength(1);

    // Other content without a Message-ID is another message.
    const other = await deliver(colleagueQuestion({ messageId: null, subject: 'No id on this one either' }));
    expect(other.body.duplicate).toBe(false);
    expect(other.body.email.external_id).not.toBe(externalId);
    expect(await storedEmails()).toHaveLength(2);

    // The same bytes for another account are that account's own message.
    const otherMailbox = await buildOwnerMailbox(fixture.server);
    const elsewhere = await deliver(raw, otherMailbox.token);
    expect(elsewhere.body.duplicate).toBe(false);
    expect(elsewhere.body.email.id).not.toBe(first.body.email.id);
  });
});

describe('POST /inbound/:token: refusals', () => {
  it('an unknown token is 404 NOT_FOUND and stores nothing', async () => {
    const before = await fixture.server.prisma.email.count();
    for (const token of [
      '0'.repeat(fixture.mailbox.token.length),
      'not-a-token',
      `${fixture.mailbox.token}x`,
    ]) {
      const response = await deliver(colleagueQuestion(), token);
      expectError(response, 404, 'NOT_FOUND');
    }
    expect(await fixture.server.prisma.email.count()).toBe(before);
  });

  it.each([
    ['JSON', '{"from":"ben.okafor@acme.test","subject":"hello","text":"hi"}'],
    ['plain text', 'Hello Alex, this is just a sentence and not an email.'],
    ['a log line with a colon', 'ERROR: connection reset by peer\nat line 42'],
    ['an HTML page', '<!doctype html><html><body><p>Subject: not mail</p></body></html>'],
    [
      'header fields naming no From, Message-ID or Subject',
      'X-Whatever: 1\r\nContent-Type: text/plain\r\n\r\nbody\r\n',
    ],
    ['binary bytes', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x00, 0x0a])],
    ['an empty body', ''],
  ] as const)('%s is 400 VALIDATION_ERROR and stores nothing', async (_what, body) => {
    const response = await postInbound(fixture.server, fixture.mailbox.token, body);
    expectError(response, 400, 'VALIDATION_ERROR');
    expect(await storedEmails()).toEqual([]);
  });

  it.each([
    ['application/json'],
    ['text/plain'],
    ['application/octet-stream'],
    ['multipart/form-data; boundary=x'],
    [null],
  ] as const)('Content-Type %s is 400 VALIDATION_ERROR, even with a valid message', async (contentType) => {
    const response = await postInbound(fixture.server, fixture.mailbox.token, colleagueQuestion(), {
      contentType,
    });
    expectError(response, 400, 'VALIDATION_ERROR');
    expect(await storedEmails()).toEqual([]);
  });

  it('over 25 MB is 413 PAYLOAD_TOO_LARGE, with a Content-Length and streamed without one', async () => {
    const head = Buffer.from(colleagueQuestion());
    const oversized = Buffer.concat([head, Buffer.alloc(25 * MB + 1 - head.length, 0x61)]);
    expect(oversized.length).toBe(25 * MB + 1);
    expectError(
      await postInbound(fixture.server, fixture.mailbox.token, oversized),
      413,
      'PAYLOAD_TOO_LARGE',
    );

    const chunk = Buffer.alloc(MB, 0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new Uint8Array(head));
        if (sent > 26 * MB) return controller.close();
        controller.enqueue(new Uint8Array(chunk));
        sent += chunk.length;
      },
    });
    expectError(await postInbound(fixture.server, fixture.mailbox.token, stream), 413, 'PAYLOAD_TOO_LARGE');
    expect(await storedEmails()).toEqual([]);
  });
});

describe('POST /inbound/:token: no active session', () => {
  const now = BASE_NOW;
  it.each([
    ['no session at all', [] as { start: number; end: number; cancelled?: boolean }[]],
    ['only a scheduled session', [{ start: days(1), end: days(8) }]],
    ['only a completed session', [{ start: -days(8), end: -days(1) }]],
    ['a session that ends exactly now (end is exclusive)', [{ start: -days(7), end: 0 }]],
    ['a cancelled session that would be running now', [{ start: -days(1), end: days(6), cancelled: true }]],
  ])('%s: 202 with captured false, nothing stored, nobody answered', async (_what, sessions) => {
    const owner = await buildOwnerMailbox(fixture.server, { session: false });
    for (const s of sessions) {
      await buildSession(fixture.server.prisma, {
        accountId: owner.accountId,
        startDate: at(now, s.start),
        endDate: at(now, s.end),
        cancelledAt: s.cancelled ? at(now, -days(2)) : null,
      });
    }
    const response = await deliver(colleagueQuestion(), owner.token);
    expect(response.status).toBe(202);
    expect(response.body.captured).toBe(false);
    expect(response.body).not.toHaveProperty('email');
    expect(await storedEmails(owner.accountId)).toEqual([]);
    expect(await autoReplyRows(owner.accountId)).toEqual([]);
    expect(await outboxFiles()).toEqual([]);
  });

  it('a session that starts exactly now is active (start is inclusive)', async () => {
    const owner = await buildOwnerMailbox(fixture.server, { session: false });
    const session = await buildSession(fixture.server.prisma, {
      accountId: owner.accountId,
      startDate: now,
      endDate: at(now, days(3)),
    });
    const response = await deliver(colleagueQuestion(), owner.token);
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ captured: true, email: { session_id: session.id } });
  });
});

describe('the inbound token is a secret', () => {
  it('never appears in any log line, whatever the outcome', async () => {
    const noSession = await buildOwnerMailbox(fixture.server, { session: false });
    const firstLine = fixture.server.rawLogs.length;
    const unknownToken = `${fixture.mailbox.token.slice(0, -4)}zzzz`;
    const statuses: number[] = [];
    const send = async (token: string, body: string | Buffer, contentType?: string) => {
      const response = await postInbound(fixture.server, token, body, contentType ? { contentType } : {});
      statuses.push(response.status);
      return response;
    };
    const raw = colleagueQuestion();
    await send(fixture.mailbox.token, raw);
    await send(fixture.mailbox.token, raw);
    await send(unknownToken, raw);
    await send(fixture.mailbox.token, 'not an email');
    await send(fixture.mailbox.token, raw, 'application/json');
    await send(fixture.mailbox.token, Buffer.alloc(25 * MB + 1, 0x61));
    await send(noSession.token, colleagueQuestion());
    fixture.server.setFault('internal');
    const failed = await send(fixture.mailbox.token, colleagueQuestion());
    fixture.server.setFault('none');
    expectError(failed, 500, 'INTERNAL_ERROR');
    expect(failed.text).not.toContain(LEAKY_DATABASE_MESSAGE);
    expect(statuses).toEqual([202, 202, 404, 400, 400, 413, 202, 500]);

    // Every request was logged, by its route template.
    const requestLines = () =>
      fixture.server.rawLogs
        .slice(firstLine)
        .map((line) => JSON.parse(line) as Json)
        .filter((line) => line.msg === 'request');
    await expect.poll(() => requestLines().length).toBe(statuses.length);
    expect(requestLines().map((line) => [line.status, line.route, line.path])).toEqual(
      statuses.map((status) => [status, '/inbound/:token', '/inbound/:token']),
    );
    for (const secret of [fixture.mailbox.token, noSession.token, unknownToken]) {
      const leaking = fixture.server.rawLogs.filter((line) => line.includes(secret));
      expect(leaking, `log lines containing the token ${secret.slice(0, 6)}...`).toEqual([]);
    }
  });
});
