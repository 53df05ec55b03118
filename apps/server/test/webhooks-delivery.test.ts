import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  enqueueWebhookEvent,
  enqueueWebhookEvents,
  postWebhook,
  RESPONSE_BODY_LIMIT,
  startWebhookWorker,
  type WebhookWorker,
} from '@drift/core';
import { openDatabase } from '@drift/db';
import { usesPostgres } from '@drift/db/testing';
import { newId } from '@drift/domain';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFileService, useTestServer } from './support/fixture.ts';
import { postInbound, VIP } from './support/inbound.ts';
import { buildRawMail, JONAS, OWNER } from './support/raw-mail.ts';
import type { Json, TestServer } from './support/server.ts';
import { startSmtpSink } from './support/smtp.ts';
import { startReceiver } from './webhooks-delivery.receiver.ts';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
const receiver = useFileService(startReceiver, (r) => r.close());
// A database per test: deliveries left pending by one test must not reach the receiver in another.
const fixture = useTestServer({
  perTest: true,
  mailbox: true,
  start: () => ({ mailer: smtp().createTransport() }),
});

const DAY = 24 * 3_600_000;
let worker: WebhookWorker | undefined;

beforeEach(() => {
  smtp().reset();
  receiver().reset();
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

function workerFor(
  server: TestServer,
  options: { allowPrivate?: boolean; timeoutMs?: number } = {},
): WebhookWorker {
  worker = startWebhookWorker(
    { prisma: server.prisma, clock: server.clock, mailer: server.mailer },
    {
      allowPrivate: options.allowPrivate ?? true,
      ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
    },
  );
  return worker;
}

/** A webhook.test event for `webhookId` alone; its delivery id. */
async function queueTestEvent(server: TestServer, accountId: string, webhookId: string): Promise<string> {
  const [id] = await enqueueWebhookEvent(server, { accountId, type: 'webhook.test', data: {}, webhookId });
  return id as string;
}

async function createWebhook(
  server: TestServer,
  accountId: string,
  options: { url?: string; events?: string[]; format?: 'standard' | 'slack' } = {},
) {
  return server.prisma.webhook.create({
    data: {
      id: newId('wh'),
      accountId,
      url: options.url ?? receiver().url,
      events: options.events ?? [
        'email.captured',
        'email.urgent',
        'session.started',
        'session.completed',
        'playbook.ready',
      ],
      format: options.format ?? 'standard',
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    },
  });
}

const urgentMail = () =>
  buildRawMail({
    from: { name: 'Maria Chen', address: VIP },
    subject: 'Board deck numbers',
    body: 'Alex, can you call me today? I need your answer on the board deck numbers before the 5pm meeting.\n\nMaria',
  });

const plainMail = () =>
  buildRawMail({
    from: JONAS,
    to: OWNER.address,
    subject: 'Lunch menu',
    body: 'FYI: the canteen menu for next week is up.',
  });

const parsed = (body: string): Json => JSON.parse(body);

describe('webhook delivery', () => {
  it('signs email.captured and email.urgent per Standard Webhooks, with the email as the REST API shows it', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    workerFor(server);
    const posted = await postInbound(server, mailbox.token, urgentMail());
    expect(posted.status).toBe(202);
    const received = await receiver().waitFor(2);
    expect(received.map((r) => parsed(r.body).type).sort()).toEqual(['email.captured', 'email.urgent']);

    const listed = await server.request('GET', `/api/v1/emails?session_id=${mailbox.session?.id}`, {
      key: mailbox.key,
    });
    const [email] = listed.body.data;
    const verifier = new Webhook(hook.secret);
    for (const request of received) {
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-signature']).toMatch(/^v1,/);
      const verified = verifier.verify(request.body, request.headers as Record<string, string>) as Json;
      expect(Object.keys(verified)).toEqual(['type', 'timestamp', 'data']);
      expect(verified.data).toEqual(email);
      expect(verified.timestamp).toBe(server.clock.now().toISOString());
    }
    const other = new Webhook(`whsec_${randomBytes(24).toString('base64')}`);
    expect(() =>
      other.verify(received[0]?.body ?? '', received[0]?.headers as Record<string, string>),
    ).toThrow();
    const rows = await server.prisma.webhookDelivery.findMany({ where: { webhookId: hook.id } });
    expect(rows.map((row) => row.status)).toEqual(['delivered', 'delivered']);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set(rows.map((row) => row.id)));
  });

  it('sends email.captured only for mail that is not urgent, and nothing for unsubscribed events', async () => {
    const { server, mailbox } = fixture;
    await createWebhook(server, mailbox.accountId, { events: ['email.captured'] });
    workerFor(server);
    await postInbound(server, mailbox.token, plainMail());
    await postInbound(server, mailbox.token, urgentMail());
    await receiver().waitFor(2);
    await worker?.drain();
    expect(receiver().received.map((r) => parsed(r.body).type)).toEqual(['email.captured', 'email.captured']);
  });

  it('goes out at once after POST /inbound, without waiting for a scheduler tick', async () => {
    const { server, mailbox } = fixture;
    await createWebhook(server, mailbox.accountId, { events: ['email.urgent'] });
    workerFor(server);
    const started = performance.now();
    await postInbound(server, mailbox.token, urgentMail());
    const [first] = await receiver().waitFor(1, 1_000);
    expect((first?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(1_000);
  });

  it('retries a failing delivery with backoff under the same webhook-id until it is accepted', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().answer({ status: 500 }, { status: 503 });
    const w = workerFor(server);
    const [id] = await enqueueWebhookEvent(server, {
      accountId: mailbox.accountId,
      type: 'webhook.test',
      data: { webhook_id: hook.id },
      webhookId: hook.id,
    });
    await w.drain();
    expect(receiver().received).toHaveLength(1);
    const afterFirst = await server.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    const wait = afterFirst.nextAttemptAt.getTime() - server.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(4_500);
    expect(wait).toBeLessThanOrEqual(5_500);

    await w.drain(); // not due yet: nothing is sent
    expect(receiver().received).toHaveLength(1);
    server.clock.advance(6_000);
    await w.drain();
    server.clock.advance(40_000);
    await w.drain();
    const received = receiver().received;
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(new Set([id]));
    for (const r of received) new Webhook(hook.secret).verify(r.body, r.headers as Record<string, string>);

    const attempts = await server.prisma.webhookAttempt.findMany({
      where: { deliveryId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(attempts.map((a) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500'],
      [503, 'HTTP 503'],
      [200, null],
    ]);
    const delivered = await server.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 3, claimedUntil: null });
  });

  it('gives a delivery up after about a day of failures', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().setFallback({ status: 500 });
    const w = workerFor(server);
    const id = await queueTestEvent(server, mailbox.accountId, hook.id);
    for (let hour = 0; hour <= 25; hour++) {
      await w.drain();
      server.clock.advance(3_600_000);
    }
    const row = await server.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('failed');
    expect(row.attempts).toBeGreaterThanOrEqual(9);
    expect(receiver().received).toHaveLength(row.attempts);
  });

  it('is delivered by another instance after the first stopped mid-retry', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().answer({ status: 500 });
    const first = workerFor(server);
    const id = await queueTestEvent(server, mailbox.accountId, hook.id);
    await first.drain();
    await first.stop();
    worker = undefined;

    // The other instance: on PostgreSQL its own connection pool to the same database.
    const other = usesPostgres()
      ? await openDatabase({ databaseUrl: server.database.databaseUrl, migrate: false })
      : null;
    const second = startWebhookWorker(
      { prisma: other?.prisma ?? server.prisma, clock: server.clock, mailer: server.mailer },
      { allowPrivate: true },
    );
    try {
      server.clock.advance(10_000);
      await second.drain();
    } finally {
      await second.stop();
      await other?.close();
    }
    expect(receiver().received.map((r) => r.headers['webhook-id'])).toEqual([id, id]);
    expect((await server.prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).status).toBe(
      'delivered',
    );
  });

  it('fails an attempt that gets no answer in time', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().answer({ hang: true });
    const w = workerFor(server, { timeoutMs: 300 });
    const id = await queueTestEvent(server, mailbox.accountId, hook.id);
    await w.drain();
    const [attempt] = await server.prisma.webhookAttempt.findMany({ where: { deliveryId: id } });
    expect(attempt).toMatchObject({ statusCode: null, error: 'no answer within 0.3 s' });
    expect(attempt?.durationMs).toBeGreaterThanOrEqual(290);
  });

  it('does not follow redirects', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().answer({ redirectTo: `${receiver().url}/elsewhere` });
    const w = workerFor(server);
    const id = await queueTestEvent(server, mailbox.accountId, hook.id);
    await w.drain();
    expect(receiver().received).toHaveLength(1);
    const [attempt] = await server.prisma.webhookAttempt.findMany({ where: { deliveryId: id } });
    expect(attempt).toMatchObject({ statusCode: 302, error: 'redirect not followed' });
  });

  it('reads at most 64 KB of an answer, even an endless one', async () => {
    receiver().answer({ endless: true });
    const started = performance.now();
    const result = await postWebhook({
      url: receiver().url,
      headers: {},
      body: '{}',
      allowPrivate: true,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: true, statusCode: 200, error: null });
    expect(Buffer.byteLength(result.responseBody)).toBe(RESPONSE_BODY_LIMIT);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  describe('refuses hosts of the server own network without DRIFT_WEBHOOK_PRIVATE_HOSTS=allow', () => {
    it.each([
      ['plain http to loopback', () => `http://127.0.0.1:${receiver().port}/hooks`, /must be an https/],
      ['a private address', () => 'https://10.0.0.1/hooks', /own network/],
      ['IPv6 loopback', () => 'https://[::1]/hooks', /own network/],
      ['the cloud metadata address', () => 'https://169.254.169.254/latest/meta-data', /own network/],
      ['CGNAT space', () => 'https://100.64.1.1/hooks', /own network/],
      ['an IPv4-mapped IPv6 loopback', () => 'https://[::ffff:127.0.0.1]/hooks', /own network/],
      ['unique-local IPv6', () => 'https://[fd00::1]/hooks', /own network/],
      ['the unspecified address', () => 'https://0.0.0.0/hooks', /own network/],
      ['localhost by name', () => `https://localhost:${receiver().port}/hooks`, /own network/],
      // Resolved at send time (the machine's own name resolves to one of its addresses): the DNS answer is checked too.
      [
        'a host name that resolves to the server itself',
        () => `https://${hostname()}:${receiver().port}/hooks`,
        /resolves to /,
      ],
    ])('%s', async (_name, url, reason) => {
      const { server, mailbox } = fixture;
      const hook = await createWebhook(server, mailbox.accountId, { url: url() });
      const w = workerFor(server, { allowPrivate: false });
      const id = await queueTestEvent(server, mailbox.accountId, hook.id);
      await w.drain();
      expect(receiver().received).toHaveLength(0);
      const [attempt] = await server.prisma.webhookAttempt.findMany({ where: { deliveryId: id } });
      expect(attempt?.statusCode).toBeNull();
      expect(attempt?.error).toMatch(/^refused: /);
      expect(attempt?.error).toMatch(reason);
      expect(attempt?.error).not.toContain(hook.secret.slice(6));
    });
  });

  it('disables a webhook that failed for 3 days and tells the owner by mail', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().setFallback({ status: 500 });
    const w = workerFor(server);
    const test = () =>
      enqueueWebhookEvent(server, { accountId: mailbox.accountId, type: 'email.captured', data: {} });
    await test();
    await w.drain();
    expect((await server.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toEqual(
      server.clock.now(),
    );

    server.clock.advance(2 * DAY);
    await test();
    await w.drain();
    expect((await server.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } })).disabledAt).toBeNull();

    server.clock.advance(DAY + 60_000);
    const [last] = await test();
    await w.drain();
    const disabled = await server.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect(disabled.disabledAt).toEqual(server.clock.now());
    expect(disabled.disabledReason).toMatch(/3 days.*HTTP 500/);
    expect((await server.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: last } })).status).toBe(
      'failed',
    );

    const [mail] = await smtp().waitFor(1);
    expect(mail?.rcptTo).toEqual([mailbox.account.email]);
    expect(mail?.parsed.subject).toBe(`Drift disabled your webhook to 127.0.0.1:${receiver().port}`);
    expect(mail?.parsed.text).toContain(`Drift has disabled your webhook ${hook.id}`);
    expect(mail?.parsed.text).toContain('HTTP 500');
    expect(mail?.raw).not.toContain(hook.secret.slice(6, 20));

    // Disabled: new events no longer go to it.
    const before = receiver().received.length;
    expect(await test()).toEqual([]);
    await w.drain();
    expect(receiver().received).toHaveLength(before);
    expect(smtp().received).toHaveLength(1);

    // Repaired: a test event the receiver accepts enables the webhook again, and events flow.
    receiver().setFallback({ status: 204 });
    await queueTestEvent(server, mailbox.accountId, hook.id);
    await w.drain();
    const enabled = await server.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    expect([enabled.disabledAt, enabled.disabledReason, enabled.failingSince]).toEqual([null, null, null]);
    const [resumed] = await test();
    await w.drain();
    expect(
      (await server.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: resumed as string } })).status,
    ).toBe('delivered');
  });

  it('clears the run of failures on a success', async () => {
    const { server, mailbox } = fixture;
    const hook = await createWebhook(server, mailbox.accountId);
    receiver().answer({ status: 500 });
    const w = workerFor(server);
    await queueTestEvent(server, mailbox.accountId, hook.id);
    await w.drain();
    expect(
      (await server.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } })).failingSince,
    ).not.toBeNull();
    server.clock.advance(2 * DAY);
    await w.drain();
    expect(
      (await server.prisma.webhook.findUniqueOrThrow({ where: { id: hook.id } })).failingSince,
    ).toBeNull();
  });

  it('sends nothing for an account that left the Team Growth plan', async () => {
    const { server, mailbox } = fixture;
    await createWebhook(server, mailbox.accountId);
    await server.prisma.account.update({ where: { id: mailbox.accountId }, data: { plan: 'free' } });
    const queued = await enqueueWebhookEvent(server, {
      accountId: mailbox.accountId,
      type: 'email.captured',
      data: {},
    });
    expect(queued).toEqual([]);
    await workerFor(server).drain();
    expect(receiver().received).toHaveLength(0);
  });

  it('sends Slack messages for email.urgent and nothing for email.captured to a Slack webhook', async () => {
    const { server, mailbox } = fixture;
    await createWebhook(server, mailbox.accountId, {
      format: 'slack',
      events: ['email.captured', 'email.urgent'],
    });
    workerFor(server);
    await postInbound(server, mailbox.token, plainMail());
    await postInbound(server, mailbox.token, urgentMail());
    const [message] = await receiver().waitFor(1);
    await worker?.drain();
    expect(receiver().received).toHaveLength(1);
    const slack = parsed(message?.body ?? '');
    expect(Object.keys(slack).sort()).toEqual(['blocks', 'text']);
    expect(slack.text).toBe('Urgent email from Maria Chen <maria.chen@acme.test>: Board deck numbers');
    expect(slack.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(slack.blocks[0].text.text).toContain('*Board deck numbers*');
  });
});

describe.skipIf(!usesPostgres())('two instances on one PostgreSQL', () => {
  it('never send the same delivery twice', async () => {
    const { server, mailbox } = fixture;
    await createWebhook(server, mailbox.accountId, { events: ['email.captured'] });
    const other = await openDatabase({ databaseUrl: server.database.databaseUrl, migrate: false });
    const deps = (prisma: typeof server.prisma) => ({ prisma, clock: server.clock, mailer: server.mailer });
    // Filled before either worker looks, so that both find the same due rows.
    const events = Array.from({ length: 300 }, (_, i) => ({
      accountId: mailbox.accountId,
      type: 'email.captured' as const,
      data: { i },
    }));
    const ids = await enqueueWebhookEvents(
      { prisma: other.prisma, clock: server.clock },
      mailbox.accountId,
      events,
    );
    const a = startWebhookWorker(deps(server.prisma), { allowPrivate: true, concurrency: 16 });
    const b = startWebhookWorker(deps(other.prisma), { allowPrivate: true, concurrency: 16 });
    try {
      await Promise.all([a.drain(), b.drain()]);
      await receiver().waitFor(300);
    } finally {
      await a.stop();
      await b.stop();
      await other.close();
    }
    const seen = receiver().received.map((r) => r.headers['webhook-id']);
    expect(seen).toHaveLength(300);
    expect(new Set(seen)).toEqual(new Set(ids));
    const statuses = await server.prisma.webhookDelivery.groupBy({
      by: ['status'],
      _count: true,
      where: { id: { in: ids } },
    });
    expect(statuses).toEqual([{ status: 'delivered', _count: 300 }]);
  });
});
