import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseMessage } from '@drift/mail';
import { parseBenchArgs } from './cli.ts';
import { type GeneratedMail, generateMail } from './generate-mail.ts';
import type { IngestServerReply } from './ingest-server.ts';
import { withPostgresUrl } from './postgres.ts';
import { median } from './stats.ts';

// What the bench does, and its options: printed by --help.
const USAGE = `
pnpm bench:ingest [--messages 10000] [--concurrency 8] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Pushes generated messages through POST /inbound/:token (parse, thread, triage, store, auto-reply
to the outbox) on PGlite and on PostgreSQL, beside a parse-only baseline of the same messages
in the same run. Rates are medians over batches of 1,000 messages. Every message must be stored
exactly once (rows are counted). The server runs in a process of its own; peak RSS is that process's.
Targets (issue 13): PostgreSQL >= 0.40x parse-only, PGlite >= 0.25x, peak RSS < 400 MB.
`;

const args = parseBenchArgs(USAGE, { messages: 10_000, concurrency: 8 }, ['skip-pg', 'skip-pglite']);
const COUNT = args.messages;
const CONCURRENCY = args.concurrency;
const BATCH = Math.min(1000, COUNT);
const OWNER = 'alex@acme.test';

interface Rate {
  median: number;
  overall: number;
  /** Peak resident memory of the server process while the path ran, in MB. */
  peakRssMb?: number;
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

/** The server in a child process on `databaseUrl` (PGlite in memory without one). */
async function startServer(databaseUrl?: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL('./ingest-server.ts', import.meta.url)), {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_SERVER_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`]
        : []),
    ],
    env: { ...process.env, BENCH_OWNER: OWNER, ...(databaseUrl && { BENCH_DATABASE_URL: databaseUrl }) },
  });
  const reply = await nextReply(child);
  if (reply.type !== 'ready') throw new Error(`ingest server answered ${reply.type}`);
  return { child, url: reply.url };
}

function nextReply(child: ChildProcess): Promise<IngestServerReply> {
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as IngestServerReply));
    child.once('exit', (code) => reject(new Error(`ingest server exited with ${code}`)));
  });
}

async function fullPath(
  mails: GeneratedMail[],
  warmup: GeneratedMail[],
  databaseUrl?: string,
): Promise<Rate> {
  const { child, url } = await startServer(databaseUrl);
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
    child.send({ type: 'reset-peak' });
    const batches: number[] = [];
    const start = performance.now();
    for (let i = 0; i < mails.length; i += BATCH) {
      const t = performance.now();
      await pushAll(mails.slice(i, i + BATCH));
      batches.push(performance.now() - t);
    }
    const total = performance.now() - start;
    child.send({ type: 'finish' });
    const reply = await nextReply(child);
    if (reply.type !== 'finished') throw new Error(`ingest server answered ${reply.type}`);
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    if (reply.stored !== mails.length + warmup.length)
      throw new Error(`stored ${reply.stored}, expected ${mails.length + warmup.length}`);
    return { ...rateOf(batches, total), peakRssMb: reply.peakRssMb };
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

const mails = generateMail(COUNT, OWNER, 1);
const warmup = generateMail(200, OWNER, 2);
process.stdout.write(
  `ingest benchmark: ${COUNT} generated messages, ${CONCURRENCY} concurrent POST /inbound\n`,
);

const baseline = await parseOnly(mails);
const rows: [string, Rate, number?][] = [['parse only (baseline)', baseline]];

if (!args['skip-pglite']) rows.push(['full path, PGlite', await fullPath(mails, warmup), 0.25]);
if (!args['skip-pg'])
  rows.push([
    'full path, PostgreSQL',
    await withPostgresUrl(args.pg, (url) => fullPath(mails, warmup, url)),
    0.4,
  ]);

const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(
  `\n${pad('path', 24)}${pad('msgs/s (median batch)', 24)}${pad('msgs/s (overall)', 20)}${pad('vs parse-only', 16)}peak RSS\n`,
);
const RSS_LIMIT_MB = 400;
for (const [name, rate, target] of rows) {
  const ratio = rate.median / baseline.median;
  const verdict =
    target === undefined
      ? ''
      : `  ${ratio >= target ? 'PASS' : 'FAIL'} (>= ${target.toFixed(2)}x, RSS < ${RSS_LIMIT_MB} MB: ${(rate.peakRssMb ?? 0) < RSS_LIMIT_MB ? 'PASS' : 'FAIL'})`;
  process.stdout.write(
    `${pad(name, 24)}${pad(rate.median.toFixed(0), 24)}${pad(rate.overall.toFixed(0), 20)}${pad(ratio.toFixed(2), 16)}${rate.peakRssMb === undefined ? '' : `${rate.peakRssMb.toFixed(0)} MB`}${verdict}\n`,
  );
}
