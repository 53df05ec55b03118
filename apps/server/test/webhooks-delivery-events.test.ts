import { randomBytes } from 'node:crypto';
import { at, buildAccount, buildApiKey, buildSession, days } from '@drift/api/testing';
import { emitSessionEvents, startWebhookWorker, type WebhookWorker } from '@drift/core';
import { newId } from '@drift/domain';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScheduler } from '../src/scheduler.ts';
import { useFileService, useTestServer } from './support/fixture.ts';
import type { Json } from './support/server.ts';
import { type Receiver, startReceiver } from './webhooks-delivery.receiver.ts';

const receiver = useFileService(startReceiver, (r) => r.close());
// A database per test: ticks act on every account's sessions.
const fixture = useTestServer({ perTest: true });
const HOUR = 3_600_000;
let worker: WebhookWorker;

beforeEach(() => {
  receiver().reset();
  const { server } = fixture;
  worker = startWebhookWorker(
    { prisma: server.prisma, clock: server.clock, mailer: server.mailer },
    { allowPrivate: true },
  );
});
afterEach(async () => {
  await worker.stop();
});

/** One scheduler tick as the server runs it (in process), then the deliveries it caused. */
async function tick(): Promise<void> {
  const { server } = fixture;
  const scheduler = await startScheduler({
    deps: { prisma: server.prisma, clock: server.clock, mailer: server.mailer },
    intervalMs: 3_600_000,
    log: Fastify({ logger: false }).log,
    kicks: { webhooks: worker },
  });
  await scheduler.stop();
  await worker.drain();
}

async function ownerWithWebhook(events = ['session.started', 'session.completed', 'playbook.ready']) {
  const { server } = fixture;
  const account = await buildAccount(server.prisma, { plan: 'team_growth' });
  const { key } = await buildApiKey(server.prisma, { accountId: account.id });
  await server.prisma.webhook.create({
    data: {
      id: newId('wh'),
      accountId: account.id,
      url: receiver().url,
      events,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    },
  });
  return { account, key };
}

const types = (r: Receiver) => r.received.map((request) => (JSON.parse(request.body) as Json).type);
const dataOf = (r: Receiver, type: string): Json[] =>
  r.ofType(type).map((request) => JSON.parse(request.body).data);

describe('session and playbook events', () => {
  it('emits session.started, then playbook.ready and session.completed, each once, with the REST API objects', async () => {
    const { server } = fixture;
    const { account, key } = await ownerWithWebhook();
    const session = await buildSession(server.prisma, {
      accountId: account.id,
      startDate: at(server.clock.now(), HOUR),
      endDate: at(server.clock.now(), days(1)),
    });

    await tick();
    expect(types(receiver())).toEqual([]);

    server.clock.advance(HOUR);
    await tick();
    await tick();
    expect(types(receiver())).toEqual(['session.started']);
    const started = (await server.request('GET', `/api/v1/ooo-sessions/${session.id}`, { key })).body;
    expect(dataOf(receiver(), 'session.started')).toEqual([started]);
    expect(started.status).toBe('active');

    server.clock.advance(days(1));
    await tick();
    await tick();
    expect(types(receiver()).sort()).toEqual(['playbook.ready', 'session.completed', 'session.started']);
    const completed = (await server.request('GET', `/api/v1/ooo-sessions/${session.id}`, { key })).body;
    expect(dataOf(receiver(), 'session.completed')).toEqual([completed]);
    expect(completed.playbook).not.toBeNull();
    const playbooks = (await server.request('GET', `/api/v1/playbooks?session_id=${session.id}`, { key }))
      .body;
    expect(dataOf(receiver(), 'playbook.ready')).toEqual(playbooks.data);
  });

  it('sends playbook.ready at once when a session is ended early, and session.completed at the next tick', async () => {
    const { server } = fixture;
    const { account, key } = await ownerWithWebhook();
    const session = await buildSession(server.prisma, {
      accountId: account.id,
      startDate: at(server.clock.now(), -HOUR),
      endDate: at(server.clock.now(), days(3)),
    });
    await tick();
    const ended = await server.request('PATCH', `/api/v1/ooo-sessions/${session.id}`, {
      key,
      body: { status: 'completed' },
    });
    expect(ended.status).toBe(200);
    await receiver().waitFor(2);
    expect(types(receiver())).toEqual(['session.started', 'playbook.ready']);
    await tick();
    expect(types(receiver())).toEqual(['session.started', 'playbook.ready', 'session.completed']);
  });

  it('announces a cancelled session never', async () => {
    const { server } = fixture;
    const { account } = await ownerWithWebhook();
    await buildSession(server.prisma, {
      accountId: account.id,
      startDate: at(server.clock.now(), HOUR),
      endDate: at(server.clock.now(), days(1)),
      cancelledAt: server.clock.now(),
    });
    server.clock.advance(days(2));
    await tick();
    expect(types(receiver())).toEqual([]);
  });

  it('emits each event once when ticks run at the same time', async () => {
    const { server } = fixture;
    const { account } = await ownerWithWebhook();
    await buildSession(server.prisma, {
      accountId: account.id,
      startDate: at(server.clock.now(), -HOUR),
      endDate: at(server.clock.now(), days(1)),
    });
    const deps = { prisma: server.prisma, clock: server.clock };
    const runs = await Promise.all(Array.from({ length: 4 }, () => emitSessionEvents(deps)));
    expect(runs.reduce((sum, run) => sum + run.started, 0)).toBe(1);
    await worker.drain();
    expect(types(receiver())).toEqual(['session.started']);
  });
});
