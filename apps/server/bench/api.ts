import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyCache, InMemoryRateLimiter } from '@drift/core';
import type { Database, PrismaClient } from '@drift/db';
import { generateApiKey, generateSecretToken, newId, SCOPES, systemClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { buildServer } from '../src/app.ts';
import { buildBaseline } from './api-baseline.ts';
import { type LoadResult, type LoadSpec, runLoad } from './api-load.ts';
import { type OpenLoopResult, runOpenLoop } from './api-open-loop.ts';
import { parseBenchArgs } from './cli.ts';
import { withPostgres } from './postgres.ts';
import { median } from './stats.ts';

const SCENARIO_IDS = ['list', 'get', 'emails0', 'emails-offset', 'emails-cursor', 'post-delete'] as const;
type ScenarioId = (typeof SCENARIO_IDS)[number];

// What the bench does, and its options: printed by --help.
const USAGE = `
pnpm bench:api [--duration 3] [--repeats 3] [--connections 10] [--rate 200] [--rate-duration 10]
               [--emails 100000] [--page 50] [--only ${SCENARIO_IDS.join(',')}] [--no-layers]
               [--fixed-baseline] [--limiter-window-ms 1000] [--pg postgresql://postgres@127.0.0.1:5432/postgres]

Starts the server on a fresh PostgreSQL database (one session holding --emails emails, seeded by
set-based INSERTs) and drives its REST API on loopback, beside a baseline in the same run: a bare
Fastify instance whose routes run the equivalent Prisma queries without tRPC, authentication or
rate limit. Scenarios (--only picks some): list sessions, get session, GET /emails at offset 0,
the last page by offset (closed loop only: the "before" of the cursor), the last page by cursor
(starting_after), POST+DELETE a session. Emails pages use the API's default limit, 50.

Each scenario gets
  - closed-loop throughput: autocannon, --connections connections, API and baseline alternated,
    median of --repeats runs of --duration s, and the API's ratio to its baseline;
  - an open-loop run of the API at --rate requests per second for --rate-duration s: a constant
    arrival schedule whatever the answers, latency counted from each request's due time (so a
    server falling behind is not hidden by coordinated omission); p50/p99 against 50 ms.
    --fixed-baseline runs the baseline at the same rate too.
List sessions also runs two layers beside it (unless --no-layers): the baseline plus the API key
lookup, and the API over its /trpc adapter (without the REST layer). Load runs in worker threads.

The API limits a key to 100 requests a minute: the bench gives the server an InMemoryRateLimiter
of 1e9 requests per window instead (still consulted on every request).
Default run: about 5 minutes.
`;

const args = parseBenchArgs(
  USAGE,
  {
    duration: 3,
    repeats: 3,
    connections: 10,
    rate: 200,
    'rate-duration': 10,
    emails: 100_000,
    page: 50,
    sessions: 50,
    'limiter-window-ms': 1000,
  },
  ['no-layers', 'fixed-baseline'],
  { only: SCENARIO_IDS.join(',') },
);
const DURATION = args.duration;
const REPEATS = args.repeats;
const CONNECTIONS = args.connections;
const RATE = args.rate;
const RATE_DURATION = args['rate-duration'];
const BIG = args.emails;
const PAGE = args.page;
const SESSIONS = args.sessions;
const LIMITER_WINDOW_MS = args['limiter-window-ms'];
const ONLY = new Set(args.only.split(',').map((id) => id.trim()));
for (const id of ONLY)
  if (!SCENARIO_IDS.includes(id as ScenarioId))
    throw new Error(`--only: unknown scenario ${id} (one of ${SCENARIO_IDS.join(', ')})`);
const EMAILS_PER_SMALL_SESSION = 20;
const LAST_OFFSET = Math.max(0, BIG - PAGE);
const DAY = 86_400_000;

const THROUGHPUT_RATIO_TARGET = 0.75;
const P99_TARGET_MS = 50;

const out = (line = '') => process.stdout.write(`${line}\n`);

interface Seeded {
  accountId: string;
  key: string;
  bigSessionId: string;
  smallSessionId: string;
  /** The big session's email just before its last page (received_at desc, id desc): the cursor of that page. */
  lastPageCursor: string;
}

/**
 * Inserts `count` emails into a session in one set-based statement (rows built inside PostgreSQL,
 * no round trip per row), every NOT NULL column filled.
 */
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
  const t = performance.now();
  await prisma.oooSession.createMany({ data: sessions });
  for (const [i, session] of sessions.entries()) {
    const count = i === 0 ? BIG : EMAILS_PER_SMALL_SESSION;
    await insertEmails(prisma, accountId, session.id, count, session.startDate);
  }
  await prisma.$executeRawUnsafe('ANALYZE');
  out(
    `seeded ${SESSIONS} sessions, ${(BIG + (SESSIONS - 1) * EMAILS_PER_SMALL_SESSION).toLocaleString('en-US')} emails (${BIG.toLocaleString('en-US')} in one session) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const bigSessionId = ids[0] as string;
  const [anchor] = await prisma.$queryRawUnsafe<{ id: string }[]>(
    'SELECT id FROM emails WHERE session_id = $1 ORDER BY received_at DESC, id DESC OFFSET $2 LIMIT 1',
    bigSessionId,
    Math.max(0, LAST_OFFSET - 1),
  );
  if (!anchor) throw new Error('no email before the last page: raise --emails');
  return {
    accountId,
    key,
    bigSessionId,
    smallSessionId: ids[SESSIONS - 1] as string,
    lastPageCursor: anchor.id,
  };
}

interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
}

interface Scenario {
  id: ScenarioId;
  name: string;
  kind: LoadSpec['kind'];
  /** The API's path. */
  api: string;
  /** The baseline's path for the same answer. */
  baseline: string;
  /** False: closed loop only (a deep OFFSET costs the database O(offset); the cursor is its fast path). */
  fixedRate?: boolean;
}

/** Medians of a scenario's closed-loop runs on one target. */
interface ClosedRow {
  scenario: Scenario;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  s5xx: number;
  codes: Record<string, number>;
}

interface OpenRow {
  scenario: Scenario;
  target: string;
  result: OpenLoopResult;
}

let dayBase = 0;
let total5xx = 0;
let totalErrors = 0;
const sampleErrors = new Map<string, string>();

function noteErrors(scenario: Scenario, target: Target, result: { s5xx: number; sampleError?: string }) {
  total5xx += result.s5xx;
  const at = `${scenario.name} (${target.label})`;
  if (result.sampleError && !sampleErrors.has(at)) sampleErrors.set(at, result.sampleError);
}

async function closedLoop(target: Target, scenario: Scenario, path: string, durationSec: number) {
  const result = await runLoad({
    url: target.url,
    connections: CONNECTIONS,
    durationSec,
    headers: target.headers,
    kind: scenario.kind,
    path,
    dayBase,
  });
  dayBase += result.posts + 1;
  totalErrors += result.errors;
  noteErrors(scenario, target, result);
  return result;
}

/**
 * An open-loop run that overloads the server leaves requests queued behind it: wait until the
 * target answers promptly again (or 15 s), so that they do not weigh on the next run.
 */
async function drain(target: Target) {
  const until = performance.now() + 15_000;
  while (performance.now() < until) {
    const t = performance.now();
    await fetch(`${target.url}/healthz`).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    );
    if (performance.now() - t < 20) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function openLoop(target: Target, scenario: Scenario, path: string): Promise<OpenRow> {
  const result = await runOpenLoop({
    url: target.url,
    rate: RATE,
    durationSec: RATE_DURATION,
    headers: target.headers,
    kind: scenario.kind,
    path,
    dayBase,
  });
  dayBase += result.posts + 1;
  totalErrors += result.errors;
  noteErrors(scenario, target, result);
  await drain(target);
  return { scenario, target: target.label, result };
}

function summarize(scenario: Scenario, target: string, results: LoadResult[]): ClosedRow {
  const codes: Record<string, number> = {};
  for (const r of results)
    for (const [code, n] of Object.entries(r.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
  return {
    scenario,
    target,
    rps: median(results.map((r) => r.rps)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    s5xx: results.reduce((n, r) => n + r.s5xx, 0),
    codes,
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
    // As main.ts builds it for one instance without Redis.
    apiKeyCache: new ApiKeyCache(),
    adminToken: generateApiKey().key,
    mailer,
    logLevel: 'warn',
    pingDatabase: async () => {},
  });
  const baselineApp = await buildBaseline(prisma, seeded.accountId);
  const api: Target = {
    label: 'API (REST)',
    url: await app.listen({ port: 0, host: '127.0.0.1' }),
    headers: { authorization: `Bearer ${seeded.key}` },
  };
  const baseline: Target = {
    label: 'baseline',
    url: await baselineApp.listen({ port: 0, host: '127.0.0.1' }),
    headers: {},
  };
  const emails = (page: string) => `emails?session_id=${seeded.bigSessionId}&limit=${PAGE}&${page}`;
  const allScenarios: Scenario[] = [
    {
      id: 'list',
      name: 'GET list sessions',
      kind: 'get',
      api: '/api/v1/ooo-sessions',
      baseline: '/sessions',
    },
    {
      id: 'get',
      name: 'GET session',
      kind: 'get',
      api: `/api/v1/ooo-sessions/${seeded.smallSessionId}`,
      baseline: `/sessions/${seeded.smallSessionId}`,
    },
    {
      id: 'emails0',
      name: 'GET emails offset 0',
      kind: 'get',
      api: `/api/v1/${emails('offset=0')}`,
      baseline: `/${emails('offset=0')}`,
    },
    {
      id: 'emails-offset',
      name: `GET emails offset ${LAST_OFFSET}`,
      kind: 'get',
      api: `/api/v1/${emails(`offset=${LAST_OFFSET}`)}`,
      baseline: `/${emails(`offset=${LAST_OFFSET}`)}`,
      fixedRate: false,
    },
    {
      id: 'emails-cursor',
      name: 'GET emails last by cursor',
      kind: 'get',
      api: `/api/v1/${emails(`starting_after=${seeded.lastPageCursor}`)}`,
      baseline: `/${emails(`starting_after=${seeded.lastPageCursor}`)}`,
    },
    {
      id: 'post-delete',
      name: 'POST+DELETE session',
      kind: 'pair',
      api: '/api/v1/ooo-sessions',
      baseline: '/sessions',
    },
  ];
  const scenarios = allScenarios.filter((s) => ONLY.has(s.id));
  // Layers beside list sessions: the baseline plus the API key lookup of the API's authentication,
  // and the same procedure over tRPC's own adapter (the API without the REST layer).
  const layers: { target: Target; path: string }[] = args['no-layers']
    ? []
    : [
        {
          target: { ...baseline, label: 'baseline + key lookup', headers: api.headers },
          path: '/keyed/sessions',
        },
        {
          target: { ...api, label: 'API via /trpc' },
          path: `/trpc/sessions.list?input=${encodeURIComponent('{}')}`,
        },
      ];

  out(
    `rate limit: InMemoryRateLimiter(1e9 per ${LIMITER_WINDOW_MS} ms) instead of 100/min per key (still consulted on every request)`,
  );
  out(
    `closed loop: autocannon in a worker thread, ${CONNECTIONS} connections, median of ${REPEATS} x ${DURATION} s (API and baseline alternated)`,
  );
  out(
    `open loop: ${RATE} req/s offered for ${RATE_DURATION} s on a fixed schedule, latency from each request's due time`,
  );
  out(`emails page: limit ${PAGE}; last page by cursor = starting_after ${seeded.lastPageCursor}`);
  out('server log level: warn (no per-request log line); API key cache as in main.ts without Redis');
  out();

  const closed: ClosedRow[] = [];
  const open: OpenRow[] = [];
  for (const scenario of scenarios) {
    const t = performance.now();
    // Warm-up (not reported; 5xx still counted).
    await closedLoop(api, scenario, scenario.api, 1);
    await closedLoop(baseline, scenario, scenario.baseline, 1);
    const apiRuns: LoadResult[] = [];
    const baseRuns: LoadResult[] = [];
    const layerRuns = layers.map(() => [] as LoadResult[]);
    for (let i = 0; i < REPEATS; i++) {
      apiRuns.push(await closedLoop(api, scenario, scenario.api, DURATION));
      baseRuns.push(await closedLoop(baseline, scenario, scenario.baseline, DURATION));
      if (scenario.id === 'list')
        for (const [n, layer] of layers.entries())
          layerRuns[n]?.push(await closedLoop(layer.target, scenario, layer.path, DURATION));
    }
    closed.push(summarize(scenario, api.label, apiRuns));
    closed.push(summarize(scenario, baseline.label, baseRuns));
    for (const [n, layer] of layers.entries())
      if (layerRuns[n]?.length) closed.push(summarize(scenario, layer.target.label, layerRuns[n]));
    if (scenario.fixedRate !== false) {
      open.push(await openLoop(api, scenario, scenario.api));
      if (args['fixed-baseline']) open.push(await openLoop(baseline, scenario, scenario.baseline));
    }
    out(`  ${scenario.name}: done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }

  // Let the last answers of the worker's destroyed connections finish before closing the pool.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await app.close();
  await baselineApp.close();
  mailer.close();
  await rm(outboxDir, { recursive: true, force: true });
  return { closed, open, explained };
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
  const order = 'ORDER BY received_at DESC, id DESC';
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
    ['emails count (big session)', `SELECT count(*) FROM emails WHERE ${emailWhere}`],
    ['emails page offset 0', `SELECT * FROM emails WHERE ${emailWhere} ${order} LIMIT ${PAGE} OFFSET 0`],
    [
      `emails page offset ${LAST_OFFSET}`,
      `SELECT * FROM emails WHERE ${emailWhere} ${order} LIMIT ${PAGE} OFFSET ${LAST_OFFSET}`,
    ],
    [
      'emails last page by keyset',
      `SELECT * FROM emails WHERE ${emailWhere} AND (received_at, id) < (SELECT received_at, id FROM emails WHERE id = '${seeded.lastPageCursor}') ${order} LIMIT ${PAGE}`,
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
const { closed, open, explained } = await withPostgres(args.pg, bench);

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padStart = (s: string | number, n: number) => String(s).padStart(n);
const nonOk = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}x${n}`)
    .join(' ') || '-';

let failed = false;
const verdicts: string[] = [];
const verdict = (ok: boolean, text: string) => {
  if (!ok) failed = true;
  verdicts.push(`  ${ok ? 'PASS' : 'FAIL'}  ${text}`);
  return ok ? 'PASS' : 'FAIL';
};

const baselineOf = (scenario: Scenario) =>
  closed.find((r) => r.scenario === scenario && r.target === 'baseline');
const ratioTarget = (scenario: Scenario) => scenario.id === 'list' || scenario.id === 'get';

out();
out(
  `Summary: closed loop = median req/s of ${REPEATS} x ${DURATION} s at ${CONNECTIONS} connections; open loop = ${RATE} req/s offered for ${RATE_DURATION} s, latency from the due time (target p99 < ${P99_TARGET_MS} ms)`,
);
out(
  `${pad('scenario', 28)}${pad('target', 23)}${padStart('req/s', 7)}${padStart('ratio', 7)}${padStart('cl p99', 8)}  |${padStart('answered', 10)}${padStart('p50', 8)}${padStart('p99', 8)}${padStart('max', 8)}${padStart('5xx', 5)}  p99<${P99_TARGET_MS}  non-2xx`,
);
for (const row of closed) {
  const base = baselineOf(row.scenario);
  const isBase = row.target === 'baseline';
  const ratio = isBase || !base ? '' : (row.rps / base.rps).toFixed(2);
  const fixed = open.find((o) => o.scenario === row.scenario && o.target === row.target);
  let openCols = '';
  if (fixed) {
    const r = fixed.result;
    const keptUp = r.answered >= r.offered * 0.99 && r.errors === 0;
    const ok = verdict(
      r.p99 < P99_TARGET_MS && keptUp && r.s5xx === 0,
      `${row.scenario.name} (${row.target}) at ${RATE} req/s: p99 ${r.p99} ms, ${r.answered}/${r.offered} answered, ${r.s5xx} 5xx (target p99 < ${P99_TARGET_MS} ms${keptUp ? '' : '; NOT every offered request was answered'})`,
    );
    openCols = `${padStart(`${r.answered}/${r.offered}`, 10)}${padStart(r.p50.toFixed(1), 8)}${padStart(r.p99.toFixed(1), 8)}${padStart(r.max.toFixed(0), 8)}${padStart(r.s5xx, 5)}  ${pad(ok, 7)}${nonOk({ ...r.statusCodes })}`;
  } else
    openCols = `${padStart('', 10)}${padStart('', 8)}${padStart('', 8)}${padStart('', 8)}${padStart('', 5)}  ${pad('', 7)}`;
  out(
    `${pad(row.scenario.name, 28)}${pad(row.target, 23)}${padStart(row.rps.toFixed(0), 7)}${padStart(ratio, 7)}${padStart(row.p99, 8)}  |${openCols}${row.non2xx ? ` closed: ${nonOk(row.codes)}` : ''}`,
  );
  if (!isBase && base && row.target === 'API (REST)' && ratioTarget(row.scenario)) {
    const r = row.rps / base.rps;
    verdict(
      r >= THROUGHPUT_RATIO_TARGET,
      `${row.scenario.name} throughput ${row.rps.toFixed(0)} req/s = ${r.toFixed(2)}x baseline ${base.rps.toFixed(0)} req/s (target >= ${THROUGHPUT_RATIO_TARGET})`,
    );
  }
}

out();
out('Database execution time per query, idle server (EXPLAIN ANALYZE, median of 5)');
for (const [name, ms] of explained) out(`  ${name.padEnd(30)}${ms.toFixed(2)} ms`);
if (sampleErrors.size) {
  out();
  out('First non-2xx answer per scenario and target (any 5xx fails the run)');
  for (const [at, line] of sampleErrors) out(`  ${at}: ${line}`);
}
out();
out('Targets');
verdict(
  total5xx === 0,
  `zero 5xx over every run, warm-ups included: ${total5xx} 5xx, ${totalErrors} connection errors/timeouts`,
);
for (const line of verdicts) out(line);
// One process holds both servers and the load workers: its peak bounds the server's.
out(
  `\npeak RSS of the bench process (API server + baseline + load worker threads): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
out(`load average after the run: ${loadavg()}`);
out(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failed ? 1 : 0;
