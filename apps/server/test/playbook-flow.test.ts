import { at, buildAccount, buildApiKey, days } from '@drift/api/testing';
import { runScheduledWork } from '@drift/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useFileService, useTestServer } from './support/fixture.ts';
import { postInbound } from './support/inbound.ts';
import { BEN, colleagueQuestion, listDigest, OWNER, PRIYA, promoBlast } from './support/raw-mail.ts';
import { BASE_NOW, type Json } from './support/server.ts';
import { startSmtpSink } from './support/smtp.ts';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
beforeEach(() => {
  smtp().reset();
});
// A database per test: ticks act on every account, so tests must not see each other's sessions.
const fixture = useTestServer({ perTest: true, start: () => ({ mailer: smtp().createTransport() }) });

const tick = () =>
  runScheduledWork({
    prisma: fixture.server.prisma,
    clock: fixture.server.clock,
    mailer: fixture.server.mailer,
  });
const HOUR = 3_600_000;

/** An owner in Tokyo (UTC+9, no DST) with a key and a session scheduled through the REST API. */
async function ownerWithSession(options: { timezone?: string } = {}) {
  const account = await buildAccount(fixture.server.prisma, {
    name: OWNER.name,
    email: OWNER.address,
    aliases: [OWNER.alias],
    plan: 'team_growth',
    timezone: options.timezone ?? 'Asia/Tokyo',
  });
  const { key } = await buildApiKey(fixture.server.prisma, { accountId: account.id });
  const now = fixture.server.clock.now();
  const created = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
    key,
    body: {
      start_date: at(now, -HOUR).toISOString(),
      end_date: at(now, days(2)).toISOString(),
      // Mar 13 00:00 UTC is Mar 13 09:00 in Tokyo: the playbook is due Mar 13 06:00 Tokyo = Mar 12 21:00 UTC.
      return_date: '2026-03-13T00:00:00.000Z',
      auto_reply_message: 'Back on the 13th.',
    },
  });
  expect(created.status).toBe(201);
  return { account, key, sessionId: created.body.id as string, token: account.inboundToken };
}

async function deliverMail(token: string, raws: string[]) {
  for (const raw of raws) {
    fixture.server.clock.advance(60_000);
    expect((await postInbound(fixture.server, token, raw)).status).toBe(202);
  }
}

async function playbooksOf(key: string, sessionId: string): Promise<Json[]> {
  const listed = await fixture.server.request('GET', `/api/v1/playbooks?session_id=${sessionId}`, { key });
  expect(listed.status).toBe(200);
  return listed.body.data;
}

function mailTo(address: string) {
  return smtp().received.filter(
    (mail) => mail.rcptTo.includes(address) && /return playbook/i.test(mail.parsed.subject),
  );
}

describe('the return playbook, end to end over HTTP', () => {
  it('schedule, mail arrives, session ends, playbook built, delivered at 06:00 Tokyo time by mail, listed', async () => {
    const { key, sessionId, token } = await ownerWithSession();
    await deliverMail(token, [
      colleagueQuestion({ from: BEN, to: [OWNER.address] }),
      listDigest({ to: [OWNER.address] }),
      promoBlast({ to: [OWNER.address] }),
    ]);

    expect(await tick()).toEqual({ built: 0, delivered: 0 });
    expect(await playbooksOf(key, sessionId)).toEqual([]);

    fixture.server.clock.set(at(BASE_NOW, days(2) + 1));
    expect(await tick()).toEqual({ built: 1, delivered: 0 });
    const [built] = await playbooksOf(key, sessionId);
    expect(built).toMatchObject({
      ooo_session_id: sessionId,
      delivered_at: null,
      viewed_at: null,
      stats: { total_emails: 3, filtered_emails: 2 },
    });
    expect(built.action_items).toHaveLength(1);
    expect(built.action_items[0]).toMatchObject({ from_email: BEN.address, category: 'action_required' });
    expect(built.summary).toMatch(/^You received 3 emails/);

    fixture.server.clock.set(new Date('2026-03-12T20:59:59.000Z')); // 05:59:59 in Tokyo
    expect(await tick()).toEqual({ built: 0, delivered: 0 });
    expect(mailTo(OWNER.address)).toHaveLength(0);

    fixture.server.clock.set(new Date('2026-03-12T21:00:00.000Z')); // 06:00 in Tokyo
    expect(await tick()).toEqual({ built: 0, delivered: 1 });
    const [delivered] = await playbooksOf(key, sessionId);
    expect(delivered.delivered_at).toBe('2026-03-12T21:00:00.000Z');
    await smtp().waitFor(2); // Ben's auto-reply, then the playbook
    expect(mailTo(OWNER.address)).toHaveLength(1);
    const [mail] = mailTo(OWNER.address);
    expect(mail?.mailFrom).toBe('');
    expect(mail?.raw).toMatch(/Content-Type: text\/plain/i);
    expect(mail?.raw).toMatch(/Content-Type: text\/html/i);
    expect(mail?.parsed.text).toContain(built.summary.slice(0, 40));

    const detail = await fixture.server.request('GET', `/api/v1/ooo-sessions/${sessionId}`, { key });
    expect(detail.body.status).toBe('completed');
    expect(detail.body.playbook).toMatchObject({ id: built.id, delivered_at: '2026-03-12T21:00:00.000Z' });

    expect(await tick()).toEqual({ built: 0, delivered: 0 });
    expect(mailTo(OWNER.address)).toHaveLength(1);
  });

  it('ending early with status "completed" builds and delivers the playbook at once', async () => {
    const { key, sessionId, token } = await ownerWithSession();
    await deliverMail(token, [colleagueQuestion({ from: PRIYA, to: [OWNER.address] })]);
    const ended = await fixture.server.request('PATCH', `/api/v1/ooo-sessions/${sessionId}`, {
      key,
      body: { status: 'completed' },
    });
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('completed');
    expect(ended.body.playbook).toMatchObject({ delivered_at: fixture.server.clock.now().toISOString() });
    await smtp().waitFor(1);
    expect(mailTo(OWNER.address)).toHaveLength(1);
    expect(await tick()).toEqual({ built: 0, delivered: 0 });
  });

  it('a server that was down across the end and the return morning catches up at its next tick', async () => {
    const { key, sessionId, token } = await ownerWithSession();
    await deliverMail(token, [colleagueQuestion({ from: BEN, to: [OWNER.address] })]);
    fixture.server.clock.set(new Date('2026-03-20T08:00:00.000Z'));
    expect(await tick()).toEqual({ built: 1, delivered: 1 });
    expect((await playbooksOf(key, sessionId))[0].delivered_at).toBe('2026-03-20T08:00:00.000Z');
  });

  it('ticks running at the same time build one playbook and send one email', async () => {
    const { key, sessionId } = await ownerWithSession();
    fixture.server.clock.set(new Date('2026-03-20T08:00:00.000Z'));
    const results = await Promise.all(Array.from({ length: 5 }, () => tick()));
    expect(results.reduce((sum, r) => sum + r.built, 0)).toBe(1);
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(1);
    expect(await playbooksOf(key, sessionId)).toHaveLength(1);
    await smtp().waitFor(1);
    expect(mailTo(OWNER.address)).toHaveLength(1);
  });

  it('a failed delivery is retried later and the owner still gets exactly one email', async () => {
    const { key, sessionId } = await ownerWithSession();
    smtp().setRcptMode(451);
    fixture.server.clock.set(new Date('2026-03-20T08:00:00.000Z'));
    expect(await tick()).toEqual({ built: 1, delivered: 0 });
    expect((await playbooksOf(key, sessionId))[0].delivered_at).toBeNull();
    smtp().setRcptMode('accept');
    expect(await tick()).toEqual({ built: 0, delivered: 0 }); // still backing off
    fixture.server.clock.advance(10 * 60_000);
    expect(await tick()).toEqual({ built: 0, delivered: 1 });
    expect(mailTo(OWNER.address)).toHaveLength(1);
  });

  it('a cancelled session gets no playbook', async () => {
    const account = await buildAccount(fixture.server.prisma, { plan: 'team_growth', timezone: 'UTC' });
    const { key } = await buildApiKey(fixture.server.prisma, { accountId: account.id });
    const now = fixture.server.clock.now();
    const created = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key,
      body: { start_date: at(now, days(1)).toISOString(), end_date: at(now, days(2)).toISOString() },
    });
    await fixture.server.request('PATCH', `/api/v1/ooo-sessions/${created.body.id}`, {
      key,
      body: { status: 'cancelled' },
    });
    fixture.server.clock.set(at(now, days(10)));
    await tick();
    expect(await playbooksOf(key, created.body.id)).toEqual([]);
  });
});

describe('viewed_at', () => {
  async function openInDashboard(key: string, id: string) {
    const response = await fetch(`${fixture.server.baseUrl}/trpc/playbooks.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }

  it('is set by the first opening through the internal procedure, never by reading the REST API', async () => {
    const { key, sessionId } = await ownerWithSession();
    fixture.server.clock.set(new Date('2026-03-20T08:00:00.000Z'));
    await tick();
    await playbooksOf(key, sessionId);
    const [unread] = await playbooksOf(key, sessionId);
    expect(unread.viewed_at).toBeNull();

    fixture.server.clock.set(new Date('2026-03-20T09:30:00.000Z'));
    const first = await openInDashboard(key, unread.id);
    expect(first.status).toBe(200);
    expect(first.body.result.data.viewed_at).toBe('2026-03-20T09:30:00.000Z');
    fixture.server.clock.advance(HOUR);
    const again = await openInDashboard(key, unread.id);
    expect(again.body.result.data.viewed_at).toBe('2026-03-20T09:30:00.000Z');
    expect((await playbooksOf(key, sessionId))[0].viewed_at).toBe('2026-03-20T09:30:00.000Z');
  });

  it("another account's playbook is not found, and nothing is marked", async () => {
    const { key, sessionId } = await ownerWithSession();
    fixture.server.clock.set(new Date('2026-03-20T08:00:00.000Z'));
    await tick();
    const [playbook] = await playbooksOf(key, sessionId);
    const stranger = await buildAccount(fixture.server.prisma, { plan: 'team_growth' });
    const { key: strangerKey } = await buildApiKey(fixture.server.prisma, { accountId: stranger.id });
    const response = await openInDashboard(strangerKey, playbook.id);
    expect(response.status).toBe(404);
    expect((await playbooksOf(key, sessionId))[0].viewed_at).toBeNull();
  });
});
