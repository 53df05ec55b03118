import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialsCipher, startMailboxSync } from '@drift/core';
import { type Database, openDatabase } from '@drift/db';
import { newId, systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { startTestImapServer, type TestImapServer } from '@drift/mail/testing';
import { ImapFlow } from 'imapflow';
import { parseBenchArgs } from './cli.ts';
import { generateMail } from './generate-mail.ts';
import { withPostgres } from './postgres.ts';
import { seedAwayOwner } from './seed.ts';
import { median, percentile } from './stats.ts';

// What the bench does, and its options: printed by --help.
const USAGE = `
pnpm bench:imap [--messages 1000] [--runs 3] [--pings 20] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Against a throwaway Dovecot on loopback, in one run:
- first sync: N messages that arrived during an active session, read and captured by the sync
  worker (fetch, parse, thread, triage, store, auto-reply to the outbox), on PGlite and on
  PostgreSQL, beside a baseline that only fetches the same messages over one IMAP connection;
- new-mail latency: from the APPEND that delivers one message to its row in the database, beside
  a baseline that only waits for the server's IDLE announcement of it.
Medians over runs (first sync) and over single messages (latency).
`;

const args = parseBenchArgs(USAGE, { messages: 1000, runs: 3, pings: 20 }, ['skip-pg']);
const COUNT = args.messages;
const RUNS = args.runs;
const PINGS = args.pings;
const OWNER = 'alex@acme.test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(imap: TestImapServer): ImapFlow {
  return new ImapFlow({
    host: imap.host,
    port: imap.tlsPort,
    secure: true,
    tls: { ca: [imap.ca] },
    auth: { user: imap.user.username, pass: imap.user.password },
    logger: false,
  });
}

async function fill(imap: TestImapServer, count: number, seed: number): Promise<void> {
  const writer = client(imap);
  await writer.connect();
  try {
    const arrived = new Date(Date.now() - 60_000);
    for (const mail of generateMail(count, OWNER, seed)) await writer.append('INBOX', mail.raw, [], arrived);
  } finally {
    await writer.logout();
  }
}

/** Baseline: the same messages fetched over one connection, 20 sources at a time, as the sync does. */
async function fetchOnly(imap: TestImapServer): Promise<number> {
  const reader = client(imap);
  await reader.connect();
  try {
    await reader.mailboxOpen('INBOX', { readOnly: true });
    const start = performance.now();
    const uids = (await reader.search({ all: true }, { uid: true })) || [];
    let bytes = 0;
    for (let i = 0; i < uids.length; i += 20) {
      for await (const message of reader.fetch(
        uids.slice(i, i + 20).join(','),
        { uid: true, source: true },
        { uid: true },
      )) {
        bytes += message.source?.length ?? 0;
      }
    }
    if (uids.length !== COUNT || bytes === 0) throw new Error(`fetched ${uids.length} messages`);
    return (COUNT / (performance.now() - start)) * 1000;
  } finally {
    await reader.logout();
  }
}

interface Synced {
  rate: number;
  latencies: number[];
}

/** The product: a mailbox connected to an account in an active session, synced by the worker. */
async function syncedByDrift(
  database: Database,
  imap: TestImapServer,
  measureLatency: boolean,
): Promise<Synced> {
  const { prisma } = database;
  const cipher = new CredentialsCipher(randomBytes(32));
  const { accountId } = await seedAwayOwner(prisma, { name: 'Alex', email: OWNER });
  const mailbox = await prisma.mailboxConnection.create({
    data: {
      id: newId('mbx'),
      accountId,
      host: imap.host,
      port: imap.tlsPort,
      security: 'tls',
      username: imap.user.username,
      authMethod: 'password',
      sealedSecret: cipher.seal(imap.user.password, accountId),
    },
  });
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-bench-outbox-'));
  const mailer = createMailTransport({ outboxDir });
  const quiet = { info() {}, warn() {} };
  const start = performance.now();
  const sync = startMailboxSync(
    { prisma, clock: systemClock, mailer, mailboxes: { cipher, imap: { ca: imap.ca } } },
    {
      instanceId: 'bench',
      scanIntervalMs: 50,
      leaseMs: 30_000,
      pollIntervalMs: 600_000,
      backoff: { initialMs: 100, maxMs: 1_000 },
      log: quiet,
    },
  );
  const captured = () => prisma.email.count({ where: { accountId } });
  try {
    for (;;) {
      const row = await prisma.mailboxConnection.findUniqueOrThrow({ where: { id: mailbox.id } });
      if (row.firstSyncDoneAt) break;
      await sleep(5);
    }
    const rate = (COUNT / (performance.now() - start)) * 1000;
    if ((await captured()) !== COUNT) throw new Error(`captured ${await captured()} of ${COUNT}`);
    const latencies: number[] = [];
    if (measureLatency) {
      for (const mail of generateMail(PINGS, OWNER, 99)) {
        const before = await captured();
        await imap.deliver(mail.raw, new Date());
        const delivered = performance.now();
        while ((await captured()) === before) await sleep(10);
        latencies.push(performance.now() - delivered);
      }
    }
    return { rate, latencies };
  } finally {
    await sync.stop();
    mailer.close();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

/** Baseline latency: from APPEND to the IDLE announcement on a plain client. */
async function idleOnly(imap: TestImapServer): Promise<number[]> {
  const watcher = client(imap);
  await watcher.connect();
  await watcher.mailboxOpen('INBOX', { readOnly: true });
  let announced: (() => void) | undefined;
  watcher.on('exists', () => announced?.());
  const latencies: number[] = [];
  try {
    // IDLE from now on (it resolves only when IDLE ends); the server pushes EXISTS meanwhile.
    void watcher.idle().catch(() => undefined);
    for (const mail of generateMail(PINGS, OWNER, 77)) {
      const seen = new Promise<void>((resolve) => {
        announced = resolve;
      });
      await sleep(50);
      await imap.deliver(mail.raw, new Date());
      const delivered = performance.now();
      await seen;
      latencies.push(performance.now() - delivered);
    }
  } finally {
    await watcher.logout().catch(() => watcher.close());
  }
  return latencies;
}

const imap = await startTestImapServer();
try {
  process.stdout.write(
    `imap benchmark: ${COUNT} messages in the INBOX, ${RUNS} runs, ${PINGS} single deliveries\n`,
  );
  await fill(imap, COUNT, 1);
  const baselineRates: number[] = [];
  const rows: [string, number[]][] = [];
  const pgliteRates: number[] = [];
  const pgRates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baselineRates.push(await fetchOnly(imap));
    const pglite = await openDatabase({ inMemory: true });
    try {
      pgliteRates.push((await syncedByDrift(pglite, imap, false)).rate);
    } finally {
      await pglite.close();
    }
    if (!args['skip-pg'])
      pgRates.push((await withPostgres(args.pg, (db) => syncedByDrift(db, imap, false))).rate);
  }
  // Last, since the single deliveries add to the INBOX that the first syncs above read.
  const latencyDatabase = await openDatabase({ inMemory: true });
  let latencies: number[];
  try {
    latencies = (await syncedByDrift(latencyDatabase, imap, true)).latencies;
  } finally {
    await latencyDatabase.close();
  }
  rows.push(['fetch only (baseline)', baselineRates], ['first sync, PGlite', pgliteRates]);
  if (pgRates.length) rows.push(['first sync, PostgreSQL', pgRates]);
  const base = median(baselineRates);
  const pad = (s: string, n: number) => s.padEnd(n);
  process.stdout.write(
    `\n${pad('first sync', 26)}${pad('msgs/s (median)', 18)}${pad('runs', 30)}vs baseline\n`,
  );
  for (const [name, rates] of rows) {
    process.stdout.write(
      `${pad(name, 26)}${pad(median(rates).toFixed(0), 18)}${pad(rates.map((r) => r.toFixed(0)).join(' '), 30)}${(median(rates) / base).toFixed(2)}\n`,
    );
  }
  const IMAP_TARGET = 500;
  if (pgRates.length)
    process.stdout.write(
      `first sync on PostgreSQL >= ${IMAP_TARGET} msgs/s (issue 13): ${median(pgRates) >= IMAP_TARGET ? 'PASS' : 'FAIL'}\n`,
    );
  const idle = await idleOnly(imap);
  process.stdout.write(
    `\n${pad('new mail latency', 26)}${pad('median ms', 12)}${pad('p90 ms', 10)}vs baseline\n`,
  );
  for (const [name, xs] of [
    ['IDLE announcement only', idle],
    ['captured (PGlite)', latencies],
  ] as const) {
    process.stdout.write(
      `${pad(name, 26)}${pad(median(xs).toFixed(1), 12)}${pad(percentile(xs, 90).toFixed(1), 10)}${(median(xs) / median(idle)).toFixed(1)}x\n`,
    );
  }
} finally {
  await imap.close();
}
