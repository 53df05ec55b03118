import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  enqueueWebhookEvents,
  InMemoryRateLimiter,
  startWebhookWorker,
  type WebhookEventInput,
} from '@drift/core';
import { type Database, openDatabase } from '@drift/db';
import { generateApiKey, generateSecretToken, newId, systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { buildServer } from '../src/app.ts';
import { startReceiver } from '../test/webhooks-delivery.receiver.ts';
import { parseBenchArgs } from './cli.ts';
import { withPostgresUrl } from './postgres.ts';
import { median, percentile } from './stats.ts';

// What the bench does, and its options: printed by --help.
const USAGE = `
pnpm bench:webhooks [--events 5000] [--concurrency 32] [--samples 200] [--skip-pg] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Delivers webhook events from the outbox (claim, sign, POST, record the attempt) to a receiver on
loopback, beside a bare fetch loop POSTing the same bodies to the same receiver with the same
concurrency in the same run; rates are medians over batches of 1,000 events. Then the latency
from POST /inbound of an urgent message to the arrival of its email.urgent event, one message
at a time. On PGlite (in memory), and on PostgreSQL unless --skip-pg.
Targets (issue 15): delivery >= 0.5x the fetch loop; inbound to email.urgent p99 < 1 s.
`;

const args = parseBenchArgs(USAGE, { events: 5_000, concurrency: 32, samples: 200 }, ['skip-pg']);
const EVENTS = args.events;
const CONCURRENCY = args.concurrency;
const BATCH = Math.min(1_000, EVENTS);
const VIP = 'maria.chen@acme.test';

const eventBody = (i: number) => ({
  id: `em_bench${String(i).padStart(12, '0')}`,
  subject: `Benchmark message ${i}`,
  from_email: 'ben.okafor@acme.test',
  from_name: 'Ben Okafor',
  category: 'fyi',
  urgency_score: 3,
  ai_summary: 'A message of the webhook benchmark, about as large as a real email event.',
  received_at: new Date().toISOString(),
});

interface Rate {
  median: number;
  overall: number;
}

const rateOf = (batchMs: number[], totalMs: number, count: number): Rate => ({
  median: median(batchMs.map((ms) => (BATCH / ms) * 1000)),
  overall: (count / totalMs) * 1000,
});

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function untilReceived(receiver: Receiver, count: number, timeoutMs = 60_000): Promise<void> {
  await receiver.waitFor(count, timeoutMs);
}

/** The baseline: fetch POSTs of the same bodies, CONCURRENCY at a time, nothing else. */
async function fetchLoop(receiver: Receiver): Promise<Rate> {
  const bodies = Array.from({ length: EVENTS }, (_, i) =>
    JSON.stringify({ type: 'email.captured', timestamp: new Date().toISOString(), data: eventBody(i) }),
  );
  const batches: number[] = [];
  const start = performance.now();
  for (let i = 0; i < bodies.length; i += BATCH) {
    const slice = bodies.slice(i, i + BATCH);
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < slice.length) {
          const response = await fetch(receiver.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: slice[next++],
          });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`receiver answered ${response.status}`);
        }
      }),
    );
    batches.push(performance.now() - t);
  }
  return rateOf(batches, performance.now() - start, EVENTS);
}

async function seed(database: Database, url: string) {
  const { prisma } = database;
  const accountId = newId('acct');
  const inboundToken = generateSecretToken();
  await prisma.account.create({
    data: {
      id: accountId,
      name: 'Alex',
      email: 'alex@acme.test',
      plan: 'team_growth',
      inboundToken,
      vipSenders: [VIP],
    },
  });
  const now = Date.now();
  await prisma.oooSession.create({
    data: {
      id: newId('sess'),
      accountId,
      startDate: new Date(now - 3_600_000),
      endDate: new Date(now + 86_400_000),
      returnDate: new Date(now + 2 * 86_400_000),
      // Announced already: the bench is about mail events.
      startedEventAt: new Date(now),
    },
  });
  const webhookId = newId('wh');
  await prisma.webhook.create({
    data: {
      id: webhookId,
      accountId,
      url,
      events: ['email.captured', 'email.urgent'],
      secret: `whsec_${randomBytes(24).toString('base64')}`,
    },
  });
  return { accountId, inboundToken };
}

const urgentMail = (i: number) =>
  [
    `From: Maria Chen <${VIP}>`,
    'To: Alex <alex@acme.test>',
    `Subject: Board deck numbers ${i}`,
    `Message-ID: <bench-${i}-${randomBytes(6).toString('hex')}@acme.test>`,
    `Date: ${new Date().toUTCString()}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Alex, can you call me today? I need your answer on the board deck numbers before the 5pm meeting.',
    '',
    'Maria',
    '',
  ].join('\r\n');

interface PathResult {
  rate: Rate;
  latency: { p50: number; p99: number; max: number };
}

async function webhookPath(receiver: Receiver, databaseUrl?: string): Promise<PathResult> {
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { inMemory: true });
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-bench-outbox-'));
  const mailer = createMailTransport({ outboxDir });
  const deps = { prisma: database.prisma, clock: systemClock, mailer };
  const app = await buildServer({
    ...deps,
    rateLimiter: new InMemoryRateLimiter(),
    adminToken: generateApiKey().key,
    logLevel: 'warn',
    pingDatabase: async () => {},
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const worker = startWebhookWorker(deps, { allowPrivate: true, concurrency: CONCURRENCY });
  try {
    const { accountId, inboundToken } = await seed(database, receiver.url);

    // Throughput: a batch of events into the outbox, then until every one arrived and is recorded.
    receiver.reset();
    const batches: number[] = [];
    const start = performance.now();
    for (let i = 0; i < EVENTS; i += BATCH) {
      const events: WebhookEventInput[] = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, j) => ({
        accountId,
        type: 'email.captured',
        data: eventBody(i + j),
      }));
      const t = performance.now();
      await enqueueWebhookEvents(deps, accountId, events);
      await untilReceived(receiver, i + events.length);
      await worker.idle();
      batches.push(performance.now() - t);
    }
    const rate = rateOf(batches, performance.now() - start, EVENTS);
    const delivered = await database.prisma.webhookDelivery.count({ where: { status: 'delivered' } });
    if (delivered !== EVENTS) throw new Error(`delivered ${delivered}, expected ${EVENTS}`);
    if (receiver.received.length !== EVENTS)
      throw new Error(`received ${receiver.received.length}, expected ${EVENTS}`);

    // Latency: POST /inbound of an urgent message until its email.urgent arrives.
    const latencies: number[] = [];
    for (let i = 0; i < args.samples; i++) {
      receiver.reset();
      const t = performance.now();
      const response = await fetch(`${base}/inbound/${inboundToken}`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822' },
        body: new TextEncoder().encode(urgentMail(i)),
      });
      if (response.status !== 202)
        throw new Error(`inbound answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      const deadline = Date.now() + 10_000;
      let urgent = receiver.ofType('email.urgent')[0];
      while (!urgent) {
        if (Date.now() > deadline) throw new Error('no email.urgent within 10 s: is the message urgent?');
        await new Promise((resolve) => setImmediate(resolve));
        urgent = receiver.ofType('email.urgent')[0];
      }
      latencies.push(urgent.at - t);
      await receiver.waitFor(2);
      await worker.idle();
    }
    return {
      rate,
      latency: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
      },
    };
  } finally {
    await app.close();
    await worker.stop();
    mailer.close();
    await database.close();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

const receiver = await startReceiver();
process.stdout.write(
  `webhook benchmark: ${EVENTS} events, ${CONCURRENCY} in flight, ${args.samples} urgent messages through POST /inbound\n`,
);
try {
  const baseline = await fetchLoop(receiver);
  const rows: [string, PathResult][] = [['webhooks, PGlite', await webhookPath(receiver)]];
  if (!args['skip-pg'])
    rows.push(['webhooks, PostgreSQL', await withPostgresUrl(args.pg, (url) => webhookPath(receiver, url))]);

  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    `\n${pad('path', 24)}${pad('events/s (median)', 20)}${pad('events/s (overall)', 20)}${pad('vs fetch loop', 16)}inbound → email.urgent p50 / p99 / max\n`,
  );
  process.stdout.write(
    `${pad('fetch loop (baseline)', 24)}${pad(baseline.median.toFixed(0), 20)}${pad(baseline.overall.toFixed(0), 20)}${pad('1.00', 16)}\n`,
  );
  for (const [name, { rate, latency }] of rows) {
    const ratio = rate.median / baseline.median;
    const verdict = `  ${ratio >= 0.5 ? 'PASS' : 'FAIL'} (>= 0.50x), ${latency.p99 < 1_000 ? 'PASS' : 'FAIL'} (p99 < 1 s)`;
    process.stdout.write(
      `${pad(name, 24)}${pad(rate.median.toFixed(0), 20)}${pad(rate.overall.toFixed(0), 20)}${pad(ratio.toFixed(2), 16)}${latency.p50.toFixed(1)} / ${latency.p99.toFixed(1)} / ${latency.max.toFixed(1)} ms${verdict}\n`,
    );
  }
} finally {
  await receiver.close();
}
