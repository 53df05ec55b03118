// The server side of `pnpm bench:ingest`, in a process of its own so that its memory is measured
// alone and the load generator does not share its event loop. Started by ingest.ts with an IPC
// channel: it answers `ready` (the inbound URL), then, asked `finish`, the rows stored and its peak
// resident memory, and exits.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryRateLimiter } from '@drift/core';
import { openDatabase } from '@drift/db';
import { generateApiKey, systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { buildServer } from '../src/app.ts';
import { seedAwayOwner } from './seed.ts';

export type IngestServerReply =
  | { type: 'ready'; url: string }
  | { type: 'finished'; stored: number; peakRssMb: number };

const OWNER = { name: 'Alex', email: process.env.BENCH_OWNER ?? 'alex@acme.test' };
const databaseUrl = process.env.BENCH_DATABASE_URL;
const send = (reply: IngestServerReply) => process.send?.(reply);

const database = await openDatabase(databaseUrl ? { databaseUrl } : { inMemory: true });
const { prisma } = database;
const { accountId, inboundToken } = await seedAwayOwner(prisma, OWNER);
const outboxDir = await mkdtemp(join(tmpdir(), 'drift-bench-outbox-'));
const mailer = createMailTransport({ outboxDir });
const app = await buildServer({
  prisma,
  clock: systemClock,
  rateLimiter: new InMemoryRateLimiter(),
  adminToken: generateApiKey().key,
  mailer,
  logLevel: 'warn',
  pingDatabase: async () => {},
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

process.on('message', async (message: { type: string }) => {
  if (message.type === 'reset-peak') {
    peakRss = process.memoryUsage.rss();
    return;
  }
  if (message.type !== 'finish') return;
  clearInterval(sampler);
  const stored = await prisma.email.count({ where: { accountId } });
  const peakRssMb = Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20;
  await app.close();
  mailer.close();
  await database.close();
  await rm(outboxDir, { recursive: true, force: true });
  send({ type: 'finished', stored, peakRssMb });
  process.disconnect();
  process.exit(0);
});
send({ type: 'ready', url: `${base}/inbound/${inboundToken}` });
