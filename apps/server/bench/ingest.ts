import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryRateLimiter } from '@drift/core';
import { type Database, openDatabase } from '@drift/db';
import { generateApiKey, systemClock } from '@drift/domain';
import { createMailTransport, parseMessage } from '@drift/mail';
import { buildServer } from '../src/app.ts';
import { parseBenchArgs } from './cli.ts';
import { type GeneratedMail, generateMail } from './generate-mail.ts';
import { withPostgres } from './postgres.ts';
import { seedAwayOwner } from './seed.ts';

import { median } from './stats.ts';

// What the bench does, and its options: printed by --help.
const USAGE = `
pnpm bench:ingest [--messages 10000] [--concurrency 8] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Pushes generated messages through POST /inbound/:token (parse, thread, triage, store, auto-reply
to the outbox) on PGlite and on PostgreSQL, beside a parse-only baseline of the same messages
in the same run. Rates are medians over batches of 1,000 messages.
`;

const args = parseBenchArgs(USAGE, { messages: 10_000, concurrency: 8 }, ['skip-pg', 'skip-pglite']);
const COUNT = args.messages;
const CONCURRENCY = args.concurrency;
const BATCH = Math.min(1000, COUNT);
const OWNER = 'alex@acme.test';

interface Rate {
  median: number;
  overall: number;
}

function rateOf(batchMs: number[], totalMs: number): Rate {
  return { median: median(batchMs.map((ms) => (BATCH / ms) * 1000)), overall: (COUNT / totalMs) * 1000 };
}

async function parseOnly(mails: GeneratedMail[]): Promise<Rate> {
  const batches: number[] = [];
  const start = performance.now();
  for (let i = 0; i < mails.length; i += BATCH) {
    const t = performance.now();
    for (const mail of mails.slice(i, i + BATCH)) await parseMessage(mail.raw);
    batches.push(performance.now() - t);
  }
  return rateOf(batches, performance.now() - start);
}

async function fullPath(database: Database, mails: GeneratedMail[], warmup: GeneratedMail[]): Promise<Rate> {
  const { prisma } = database;
  const { accountId, inboundToken } = await seedAwayOwner(prisma, { name: 'Alex', email: OWNER });
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
  const url = `${base}/inbound/${inboundToken}`;
  const post = async (mail: GeneratedMail) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: mail.raw,
    });
    if (response.status !== 202)
      throw new Error(`inbound answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const pushAll = async (list: GeneratedMail[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < list.length) await post(list[next++] as GeneratedMail);
      }),
    );
  };
  try {
    await pushAll(warmup);
    const batches: number[] = [];
    const start = performance.now();
    for (let i = 0; i < mails.length; i += BATCH) {
      const t = performance.now();
      await pushAll(mails.slice(i, i + BATCH));
      batches.push(performance.now() - t);
    }
    const total = performance.now() - start;
    const stored = await prisma.email.count({ where: { accountId } });
    if (stored !== mails.length + warmup.length)
      throw new Error(`stored ${stored}, expected ${mails.length + warmup.length}`);
    return rateOf(batches, total);
  } finally {
    await app.close();
    mailer.close();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

const mails = generateMail(COUNT, OWNER, 1);
const warmup = generateMail(200, OWNER, 2);
process.stdout.write(
  `ingest benchmark: ${COUNT} generated messages, ${CONCURRENCY} concurrent POST /inbound\n`,
);

const baseline = await parseOnly(mails);
const rows: [string, Rate][] = [['parse only (baseline)', baseline]];

if (!args['skip-pglite']) {
  const pglite = await openDatabase({ inMemory: true });
  try {
    rows.push(['full path, PGlite', await fullPath(pglite, mails, warmup)]);
  } finally {
    await pglite.close();
  }
}
if (!args['skip-pg'])
  rows.push(['full path, PostgreSQL', await withPostgres(args.pg, (db) => fullPath(db, mails, warmup))]);

const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(
  `\n${pad('path', 24)}${pad('msgs/s (median batch)', 24)}${pad('msgs/s (overall)', 20)}vs parse-only\n`,
);
for (const [name, rate] of rows) {
  process.stdout.write(
    `${pad(name, 24)}${pad(rate.median.toFixed(0), 24)}${pad(rate.overall.toFixed(0), 20)}${(rate.median / baseline.median).toFixed(2)}\n`,
  );
}
