import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryRateLimiter } from '@drift/core';
import type { Database, PrismaClient } from '@drift/db';
import { generateApiKey, generateSecretToken, newId, SCOPES, systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { buildServer } from '../src/app.ts';
import { buildBaseline } from './api-baseline.ts';
import { type LoadResult, type LoadSpec, runLoad } from './api-load.ts';
import { parseBenchArgs } from './cli.ts';
import { withPostgres } from './postgres.ts';

import { median } from './stats.ts';

// What the bench does, and its options: printed by --help.
const USAGE = `
pnpm bench:api [--duration 5] [--repeats 3] [--connections 10] [--rate 200] [--rate-duration 10]
               [--emails 100000] [--limiter-window-ms 1000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Starts the server on a fresh PostgreSQL database and drives its REST API with autocannon on
loopback, beside a baseline in the same run: a bare Fastify instance whose routes run the same
Prisma queries without tRPC, authentication or rate limit. Each scenario gets closed-loop
throughput runs (API and baseline alternated, median of --repeats) and one fixed-rate run of the
API at --rate requests per second. autocannon runs in a worker thread.

The API limits a key to 100 requests a minute: the bench gives the server an InMemoryRateLimiter
of 1e9 requests per window instead (still consulted on every request).
`;

const args = parseBenchArgs(USAGE, {
  duration: 5,
  repeats: 3,
  connections: 10,
  rate: 200,
  'rate-duration': 10,
  emails: 100_000,
  sessions: 50,
  'limiter-window-ms': 1000,
});
const DURATION = args.duration;
const REPEATS = args.repeats;
const CONNECTIONS = args.connections;
const RATE = args.rate;
const RATE_DURATION = args['rate-duration'];
const BIG = args.emails;
const SESSIONS = args.sessions;
const LIMITER_WINDOW_MS = args['limiter-window-ms'];
const EMAILS_PER_SMALL_SESSION = 20;
const PAGE = 50;
const DEEP_OFFSET = BIG - 2 * PAGE;
const DAY = 86_400_000;

const THROUGHPUT_RATIO_TARGET = 0.6;
const P99_TARGET_MS = 50;

const out = (line = '') => process.stdout.write(`${line}\n`);

interface Seeded {
  accountId: string;
  key: string;
  bigSessionId: string;
  smallSessionId: string;
}

/** Inserts `count` emails into a session in one statement, every NOT NULL column filled. */
async function insertEmails(
  prisma: PrismaClient,
  accountId: string,
  sessionId: string,
  count: number,
  firstReceivedAt: Date,
) {
  await prisma.$executeRawUnsafe(
    `INSERT INTO emails (id, account_id, session_id, external_id, message_id, thread_id, subject,
       from_email, from_name, to_addresses, body_text, category, urgency_score, ai_summary, source,
       received_at, created_at, thread_subject, participants)
     SELECT 'eml_' || $2 || '_' || g, $1, $2, 'ext_' || g, '<' || $2 || '.' || g || '@bench.test>',
       'thr_' || (g % 5000), 'Bench subject ' || g, 'sender' || (g % 1000) || '@example.com',
       'Sender ' || (g % 1000), ARRAY['owner@acme.test'], 'Body of message ' || g,
       (ARRAY['urgent','action_required','fyi','newsletter','promotional','resolved'])[1 + g % 6]::"EmailCategory",
       g % 11, 'Summary of message ' || g, 'inbound',
       $3::timestamptz + g * interval '1 second', now(), 'bench subject ' || g,
       ARRAY['sender' || (g % 1000) || '@example.com', 'owner@acme.test']
     FROM generate_series(1, $4::int) AS g`,
    accountId,
    sessionId,
    firstReceivedAt,
    count,
  );
}

async function seed(prisma: PrismaClient): Promise<Seeded> {
  const accountId = newId('acct');
  const { key, hash, displayPrefix } = generateApiKey();
  await prisma.account.create({
    data: {
      id: accountId,
      name: 'Bench',
      email: 'owner@acme.test',
      plan: 'team_growth',
      inboundToken: generateSecretToken(),
    },
  });
  await prisma.apiKey.create({
    data: {
      id: newId('key'),
      accountId,
      name: 'Bench key',
      keyHash: hash,
      displayPrefix,
      scopes: [...SCOPES],
    },
  });
  // Past, back-to-back weeks; the oldest holds the big mailbox, so the first page of the list
  // (20 newest) shows small sessions and its stats groupBy stays small.
  const now = Date.now();
  const ids: string[] = [];
  const sessions = Array.from({ length: SESSIONS }, (_, i) => {
    const start = new Date(now - (SESSIONS - i + 1) * 7 * DAY);
    const id = newId('sess');
    ids.push(id);
    return {
      id,
      accountId,
      startDate: start,
      endDate: new Date(start.getTime() + 6 * DAY),
      returnDate: new Date(start.getTime() + 7 * DAY),
      createdAt: new Date(now - (SESSIONS - i) * 60_000),
      updatedAt: new Date(now - (SESSIONS - i) * 60_000),
    };
  });
  await prisma.oooSession.createMany({ data: sessions });
  const t = performance.now();
  for (const [i, session] of sessions.entries()) {
    const count = i === 0 ? BIG : EMAILS_PER_SMALL_SESSION;
    await insertEmails(prisma, accountId, session.id, count, session.startDate);
  }
  await prisma.$executeRawUnsafe('ANALYZE');
  out(
    `seeded ${SESSIONS} sessions, ${BIG + (SESSIONS - 1) * EMAILS_PER_SMALL_SESSION} emails (${BIG} in one session) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  return { accountId, key, bigSessionId: ids[0] as string, smallSessionId: ids[SESSIONS - 1] as string };
}

interface Target {
  url: string;
  headers: Record<string, string>;
  prefix: string;
}

interface Scenario {
  name: string;
  kind: LoadSpec['kind'];
  /** Path under the target's prefix (API) or the baseline's own path. */
  api: string;
  baseline: string;
}

interface Row {
  scenario: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  s5xx: number;
  errors: number;
  codes: Record<string, number>;
}

let dayBase = 0;
let total5xx = 0;
let totalErrors = 0;
const sampleErrors = new Map<string, string>();

async function load(
  target: Target,
  scenario: Scenario,
  path: string,
  durationSec: number,
  overallRate?: number,
) {
  const spec: LoadSpec = {
    url: target.url,
    connections: CONNECTIONS,
    durationSec,
    ...(overallRate ? { overallRate } : {}),
    headers: target.headers,
    kind: scenario.kind,
    path,
    dayBase,
  };
  const result = await runLoad(spec);
  if (result.sampleError && !sampleErrors.has(scenario.name + target.url))
    sampleErrors.set(
      scenario.name + target.url,
      `${scenario.name} (${target.prefix ? 'API' : 'baseline'}): ${result.sampleError}`,
    );
  dayBase += result.posts + 1;
  total5xx += result.s5xx;
  totalErrors += result.errors;
  return result;
}

function mergeCodes(results: LoadResult[]) {
  const codes: Record<string, number> = {};
  for (const r of results)
    for (const [code, n] of Object.entries(r.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
  return codes;
}

function summarize(scenario: string, target: string, results: LoadResult[]): Row {
  return {
    scenario,
    target,
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    s5xx: results.reduce((n, r) => n + r.s5xx, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    codes: mergeCodes(results),
  };
}

async function bench(database: Database) {
  const { prisma } = database;
  const seeded = await seed(prisma);
  const explained = await explain(prisma, seeded);
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-bench-api-outbox-'));
  const mailer = createMailTransport({ outboxDir });
  const app = await buildServer({
    prisma,
    clock: systemClock,
    rateLimiter: new InMemoryRateLimiter(1e9, LIMITER_WINDOW_MS),
    adminToken: generateApiKey().key,
    mailer,
    logLevel: 'warn',
    pingDatabase: async () => {},
  });
  const baselineApp = await buildBaseline(prisma, seeded.accountId);
  const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const baselineUrl = await baselineApp.listen({ port: 0, host: '127.0.0.1' });
  const api: Target = {
    url: apiUrl,
    headers: { authorization: `Bearer ${seeded.key}` },
    prefix: '/api/v1',
  };
  const baseline: Target = { url: baselineUrl, headers: {}, prefix: '' };
  const emails = (offset: number) =>
    `emails?session_id=${seeded.bigSessionId}&offset=${offset}&limit=${PAGE}`;
  const scenarios: Scenario[] = [
    { name: 'GET list sessions', kind: 'get', api: '/api/v1/ooo-sessions', baseline: '/sessions' },
    {
      name: 'GET session',
      kind: 'get',
      api: `/api/v1/ooo-sessions/${seeded.smallSessionId}`,
      baseline: `/sessions/${seeded.smallSessionId}`,
    },
    { name: 'GET emails offset 0', kind: 'get', api: `/api/v1/${emails(0)}`, baseline: `/${emails(0)}` },
    {
      name: `GET emails offset ${DEEP_OFFSET.toLocaleString('en-US')}`,
      kind: 'get',
      api: `/api/v1/${emails(DEEP_OFFSET)}`,
      baseline: `/${emails(DEEP_OFFSET)}`,
    },
    { name: 'POST+DELETE session', kind: 'pair', api: '/api/v1/ooo-sessions', baseline: '/sessions' },
  ];
  // The same procedure over tRPC's own adapter, for the cost of the REST (trpc-to-openapi) layer.
  const trpcList: Scenario = {
    name: 'GET list sessions',
    kind: 'get',
    api: `/trpc/sessions.list?input=${encodeURIComponent('{}')}`,
    baseline: '',
  };

  // The baseline plus the API key lookup of the API's authentication.
  const keyedList: Scenario = {
    name: 'GET list sessions',
    kind: 'get',
    api: '/keyed/sessions',
    baseline: '',
  };
  const keyed: Target = { ...baseline, headers: api.headers };

  out(
    `rate limit: InMemoryRateLimiter(1e9 per ${LIMITER_WINDOW_MS} ms) instead of 100/min per key (still consulted on every request)`,
  );
  out(
    `load: autocannon in a worker thread, ${CONNECTIONS} connections; throughput = median of ${REPEATS} x ${DURATION} s (API and baseline alternated); fixed rate = ${RATE} req/s for ${RATE_DURATION} s, API only`,
  );
  out('server log level: warn (no per-request log line)');
  out();

  const throughput: Row[] = [];
  const fixed: Row[] = [];
  for (const scenario of scenarios) {
    const t = performance.now();
    // Warm-up (not reported; 5xx still counted).
    await load(api, scenario, scenario.api, 1);
    await load(baseline, scenario, scenario.baseline, 1);
    const apiRuns: LoadResult[] = [];
    const baseRuns: LoadResult[] = [];
    const trpcRuns: LoadResult[] = [];
    const keyedRuns: LoadResult[] = [];
    for (let i = 0; i < REPEATS; i++) {
      apiRuns.push(await load(api, scenario, scenario.api, DURATION));
      baseRuns.push(await load(baseline, scenario, scenario.baseline, DURATION));
      if (scenario === scenarios[0]) {
        trpcRuns.push(await load(api, trpcList, trpcList.api, DURATION));
        keyedRuns.push(await load(keyed, keyedList, keyedList.api, DURATION));
      }
    }
    throughput.push(summarize(scenario.name, 'API (REST)', apiRuns));
    throughput.push(summarize(scenario.name, 'baseline', baseRuns));
    if (keyedRuns.length) throughput.push(summarize(scenario.name, 'baseline + key lookup', keyedRuns));
    if (trpcRuns.length) throughput.push(summarize(scenario.name, 'API via /trpc', trpcRuns));
    fixed.push(
      summarize(scenario.name, 'API (REST)', [await load(api, scenario, scenario.api, RATE_DURATION, RATE)]),
    );
    out(`  ${scenario.name}: done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }

  // Let the last answers of the worker's destroyed connections finish before closing the pool.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await app.close();
  await baselineApp.close();
  mailer.close();
  await rm(outboxDir, { recursive: true, force: true });
  return { throughput, fixed, explained };
}

/** Server-side execution time of the main queries, to tell database time from layer time. */
async function explain(prisma: PrismaClient, seeded: Seeded) {
  const recent = await prisma.oooSession.findMany({
    where: { accountId: seeded.accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 20,
    select: { id: true },
  });
  const inList = recent.map((s) => `'${s.id}'`).join(',');
  const emailWhere = `account_id = '${seeded.accountId}' AND session_id = '${seeded.bigSessionId}'`;
  const queries: [string, string][] = [
    ['sessions count', `SELECT count(*) FROM ooo_sessions WHERE account_id = '${seeded.accountId}'`],
    [
      'sessions page (20)',
      `SELECT * FROM ooo_sessions WHERE account_id = '${seeded.accountId}' ORDER BY created_at DESC, id DESC LIMIT 20 OFFSET 0`,
    ],
    [
      'stats groupBy (20 sessions)',
      `SELECT session_id, category, count(*) FROM emails WHERE session_id IN (${inList}) GROUP BY session_id, category`,
    ],
    ['emails count (100k session)', `SELECT count(*) FROM emails WHERE ${emailWhere}`],
    [
      'emails page offset 0',
      `SELECT * FROM emails WHERE ${emailWhere} ORDER BY received_at DESC, id DESC LIMIT ${PAGE} OFFSET 0`,
    ],
    [
      `emails page offset ${DEEP_OFFSET}`,
      `SELECT * FROM emails WHERE ${emailWhere} ORDER BY received_at DESC, id DESC LIMIT ${PAGE} OFFSET ${DEEP_OFFSET}`,
    ],
  ];
  const rows: [string, number][] = [];
  for (const [name, sql] of queries) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [plan] = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': [{ 'Execution Time': number }] }[]>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      );
      times.push(plan?.['QUERY PLAN'][0]['Execution Time'] ?? Number.NaN);
    }
    rows.push([name, median(times)]);
  }
  return rows;
}

const started = performance.now();
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
out(`machine: ${os.availableParallelism()} CPUs, load average ${loadavg()} (1/5/15 min) before the run`);
out(`API load benchmark on PostgreSQL (${args.pg.replace(/\/\/[^@]*@/, '//')}), loopback`);
const { throughput, fixed, explained } = await withPostgres(args.pg, bench);

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const codes = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}x${n}`)
    .join(' ') || '-';
const header = `${pad('scenario', 26)}${pad('target', 22)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}${pad('non-2xx', 9)}${pad('5xx', 6)}${pad('vs baseline', 13)}codes`;

out();
out(`Throughput (closed loop, ${CONNECTIONS} connections, median of ${REPEATS} x ${DURATION} s)`);
out(header);
const baselineOf = (scenario: string) =>
  throughput.find((r) => r.scenario === scenario && r.target === 'baseline');
for (const row of throughput) {
  const base = baselineOf(row.scenario);
  const ratio = row.target === 'baseline' || !base ? '' : (row.rps / base.rps).toFixed(2);
  out(
    `${pad(row.scenario, 26)}${pad(row.target, 22)}${pad(row.rps.toFixed(0), 9)}${pad(row.p50, 8)}${pad(row.p99, 8)}${pad(row.non2xx, 9)}${pad(row.s5xx, 6)}${pad(ratio, 13)}${codes(row.codes)}`,
  );
}
out();
out(
  `Fixed rate (${RATE} req/s offered, ${CONNECTIONS} connections, ${RATE_DURATION} s; POST+DELETE counts both requests)`,
);
out(header);
for (const row of fixed) {
  out(
    `${pad(row.scenario, 26)}${pad(row.target, 22)}${pad(row.rps.toFixed(0), 9)}${pad(row.p50, 8)}${pad(row.p99, 8)}${pad(row.non2xx, 9)}${pad(row.s5xx, 6)}${pad('', 13)}${codes(row.codes)}`,
  );
}

out();
out('Database execution time per query, idle server (EXPLAIN ANALYZE, median of 5)');
for (const [name, ms] of explained) out(`  ${name.padEnd(30)}${ms.toFixed(2)} ms`);
if (sampleErrors.size) {
  out();
  out('First non-2xx answer per scenario and target');
  for (const line of sampleErrors.values()) out(`  ${line}`);
}
out();
out('Targets');
let failed = false;
const verdict = (ok: boolean, text: string) => {
  if (!ok) failed = true;
  out(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
};
const listApi = throughput.find((r) => r.scenario === 'GET list sessions' && r.target === 'API (REST)');
const listBase = baselineOf('GET list sessions');
if (listApi && listBase) {
  const ratio = listApi.rps / listBase.rps;
  verdict(
    ratio >= THROUGHPUT_RATIO_TARGET,
    `list sessions throughput ${listApi.rps.toFixed(0)} req/s = ${(ratio * 100).toFixed(0)}% of baseline ${listBase.rps.toFixed(0)} req/s (target >= ${THROUGHPUT_RATIO_TARGET * 100}%)`,
  );
}
for (const row of fixed) {
  // A run that could not keep up with the offered rate has not shown its p99 at that rate.
  const keptUp = row.rps >= RATE * 0.95;
  verdict(
    row.p99 < P99_TARGET_MS && keptUp,
    `${row.scenario}: p99 ${row.p99} ms at ${row.rps.toFixed(0)}/${RATE} req/s (target < ${P99_TARGET_MS} ms${keptUp ? '' : '; did not sustain the offered rate'})`,
  );
}
verdict(
  total5xx === 0,
  `zero 5xx over every run, warm-ups included: ${total5xx} 5xx, ${totalErrors} connection errors/timeouts`,
);
out(`\nload average after the run: ${loadavg()}`);
out(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failed ? 1 : 0;
