import { performance } from 'node:perf_hooks';
import { seededRandom } from '../src/learn/trainer.ts';
import {
  buildPlaybook,
  type PlaybookContent,
  type PlaybookEmail,
  type PlaybookOptions,
} from '../src/playbook.ts';
import { type Category, URGENCY_BANDS } from '../src/types.ts';

// `pnpm --filter @drift/triage bench:playbook`: time and memory of buildPlaybook on synthetic
// sessions of 1k, 10k and 100k emails. Targets: 100k emails in under 5 s and under 300 MB, and
// time growing no faster than linearly (the ms per 1k emails should stay flat across sizes).
// The script runs under `node --expose-gc` so the heap can be settled between the measurements.

const TARGET_MS = 5000;
const TARGET_MB = 300;
const SIZES: readonly [number, number][] = [
  [1_000, 5],
  [10_000, 5],
  [100_000, 3],
];
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const START = Date.parse('2026-03-20T07:00:00.000Z');
const OPTIONS_BASE = {
  timeZone: 'America/Los_Angeles',
  sessionStart: new Date(START),
  sessionEnd: new Date(START + WEEK_MS),
  now: new Date(START + WEEK_MS + 8 * 60 * 60 * 1000),
};

// The latest state of a thread, in proportions like a real mailbox after a week away: mostly bulk
// mail, a fifth FYI, a tenth of asks, a few urgent threads and some that settled themselves.
const THREAD_KINDS: readonly [Category, number][] = [
  ['newsletter', 0.3],
  ['promotional', 0.22],
  ['fyi', 0.2],
  ['action_required', 0.12],
  ['resolved', 0.1],
  ['urgent', 0.06],
];
const SUBJECTS = [
  'Nightly order sync outage',
  'Q1 Budget Review - Action Needed',
  'Contract renewal',
  'Weekly digest',
  'Your invoice is ready',
  'Offsite planning',
  'Spring sale: 30% off',
  'Staging deploy failed',
  'Quick question about the roadmap',
  'Security review sign-off',
];

function generateSession(size: number, seed: number): { emails: PlaybookEmail[]; vipSenders: string[] } {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = ([lo, hi]: readonly [number, number]) => lo + Math.floor(random() * (hi - lo + 1));
  const senders = Array.from({ length: 2_000 }, (_, i) => `person${i}@example${i % 50}.test`);
  const vipSenders = senders.slice(0, 20);
  const emails: PlaybookEmail[] = [];
  let thread = 0;
  while (emails.length < size) {
    thread++;
    let r = random();
    let kind: Category = 'fyi';
    for (const [category, share] of THREAD_KINDS) {
      if (r < share) {
        kind = category;
        break;
      }
      r -= share;
    }
    // 1 + a geometric tail with mean 1.5: about 2.5 messages per thread.
    let length = 1;
    while (random() < 0.6) length++;
    const subject = `${pick(SUBJECTS)} #${thread}`;
    const opened = START + random() * WEEK_MS * 0.9;
    for (let m = 0; m < length && emails.length < size; m++) {
      const last = m === length - 1;
      // Earlier messages of a thread vary (the ask before the settling reply, a follow-up
      // after the urgent report); the latest one carries the thread's kind.
      const category: Category =
        last || kind === 'newsletter' || kind === 'promotional'
          ? kind
          : pick<Category>(['action_required', 'urgent', 'fyi', kind]);
      const sender = random() < 0.03 ? pick(vipSenders) : pick(senders);
      const asks = category === 'urgent' || category === 'action_required';
      emails.push({
        id: `em_${String(emails.length).padStart(7, '0')}`,
        threadId: `th_${thread}`,
        subject: m === 0 ? subject : `Re: ${subject}`,
        fromEmail: random() < 0.1 ? sender.toUpperCase() : sender,
        fromName: random() < 0.8 ? `Person ${sender.slice(6, sender.indexOf('@'))}` : null,
        summary: `${category} message ${m + 1} about ${subject}.`,
        category,
        urgencyScore: int(URGENCY_BANDS[category]),
        receivedAt: new Date(opened + m * random() * 12 * 60 * 60 * 1000),
        deadline: asks && random() < 0.4 ? new Date(START + WEEK_MS + random() * 5 * 24 * 3600 * 1000) : null,
      });
    }
  }
  // Rows come back from the database in arrival order.
  emails.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  return { emails, vipSenders };
}

const gc = (globalThis as { gc?: () => void }).gc;
const settle = () => {
  gc?.();
  gc?.();
};
const mb = (bytes: number) => bytes / (1024 * 1024);
const fmt = (n: number, digits = 1) => n.toFixed(digits).padStart(8);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * The floor to compare with: one bare pass counting the messages of each thread in a Map, over
 * the same input. Its time per email rises with size too (cache and TLB misses once the input
 * outgrows the CPU caches); a steady build/group ratio means the build adds no growth of its own.
 */
function groupOnly(emails: readonly PlaybookEmail[]): number {
  const counts = new Map<string, number>();
  for (const e of emails) counts.set(e.threadId, (counts.get(e.threadId) ?? 0) + 1);
  return counts.size;
}

if (!gc) console.log('warning: run under `node --expose-gc` for heap figures that exclude garbage\n');
console.log('buildPlaybook on synthetic sessions (one untimed warm-up build per size, then median)');
console.log(
  [
    'emails'.padStart(8),
    'threads'.padStart(8),
    'runs'.padStart(5),
    'median ms'.padStart(10),
    'ms/1k'.padStart(8),
    'group ms'.padStart(8),
    'build/group'.padStart(11),
    'input MB'.padStart(9),
    'build MB'.padStart(9),
    'kept MB'.padStart(8),
    'RSS+ MB'.padStart(8),
    'peak RSS'.padStart(9),
  ].join(' '),
);

const rows: { size: number; ms: number; buildMb: number; peakRssMb: number; ratio: number }[] = [];
for (const [size, runs] of SIZES) {
  settle();
  const heapEmpty = process.memoryUsage().heapUsed;
  const { emails, vipSenders } = generateSession(size, size);
  settle();
  const inputMb = mb(process.memoryUsage().heapUsed - heapEmpty);
  const options: PlaybookOptions = { ...OPTIONS_BASE, vipSenders };

  buildPlaybook(emails, options); // warm-up: the JIT compiles before the timed runs
  const threadCount = groupOnly(emails);
  const groupTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    groupOnly(emails);
    groupTimes.push(performance.now() - t0);
  }
  const groupMs = median(groupTimes);

  const times: number[] = [];
  let buildPeakMb = 0;
  let keptMb = 0;
  settle();
  const rssBefore = process.memoryUsage().rss;
  let rssHigh = rssBefore;
  // Held outside the loop and dropped before each measurement: a stale reference to the previous
  // run's playbook (an interpreter register keeps one) would otherwise count against the next.
  let playbook: PlaybookContent | null = null;
  for (let run = 0; run < runs; run++) {
    playbook = null;
    settle();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    playbook = buildPlaybook(emails, options);
    times.push(performance.now() - t0);
    const after = process.memoryUsage();
    // Everything the build allocated that no GC has reclaimed yet: the working set of the build
    // plus its garbage, an estimate of its peak heap.
    buildPeakMb = Math.max(buildPeakMb, mb(after.heapUsed - heapBefore));
    rssHigh = Math.max(rssHigh, after.rss);
    settle();
    keptMb = mb(process.memoryUsage().heapUsed - heapBefore); // the playbook itself
    if (playbook.stats.total_emails !== size) throw new Error('lost emails');
  }
  const ms = median(times);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  rows.push({ size, ms, buildMb: buildPeakMb, peakRssMb, ratio: ms / groupMs });
  console.log(
    [
      String(size).padStart(8),
      String(threadCount).padStart(8),
      String(runs).padStart(5),
      fmt(ms, 1).padStart(10),
      fmt((ms / size) * 1000, 3),
      fmt(groupMs, 1),
      fmt(ms / groupMs, 1).padStart(11),
      fmt(inputMb).padStart(9),
      fmt(buildPeakMb).padStart(9),
      fmt(keptMb),
      fmt(mb(rssHigh - rssBefore)),
      fmt(peakRssMb).padStart(9),
    ].join(' '),
  );
}

console.log(`
ms/1k     median ms per 1,000 emails: flat means linear (1k carries the fixed cost of the summary)
group ms  median time of a bare Map grouping pass over the same input (see groupOnly)
input MB  heap retained by the generated emails (heapUsed after GC, before/after generating)
build MB  heapUsed right after a build minus heapUsed (after GC) right before it: what the build
          allocated and no GC reclaimed yet, an estimate of its peak heap; max over the runs
kept MB   heap still held by the returned playbook after GC
RSS+ MB   growth of the process RSS over the timed builds
peak RSS  the whole process's high-water RSS so far (Node, tsx, the inputs and the builds)`);

const largest = rows[rows.length - 1];
if (largest) {
  const timeOk = largest.ms < TARGET_MS;
  // Judged on the whole process's peak RSS, which includes Node itself and the input: the strict
  // reading of "under 300 MB".
  const memoryOk = largest.peakRssMb < TARGET_MB;
  const perK = rows.map((r) => `${r.size}: ${((r.ms / r.size) * 1000).toFixed(3)}`).join(', ');
  const ratios = rows.map((r) => `${r.size}: ${r.ratio.toFixed(1)}`).join(', ');
  console.log(`
${largest.size} emails: median ${largest.ms.toFixed(1)} ms (target < ${TARGET_MS} ms) ${timeOk ? 'PASS' : 'FAIL'}
${largest.size} emails: process peak RSS ${largest.peakRssMb.toFixed(1)} MB, build heap ~${largest.buildMb.toFixed(1)} MB (target < ${TARGET_MB} MB) ${memoryOk ? 'PASS' : 'FAIL'}
ms per 1k emails by size: ${perK}
build time / bare grouping pass by size: ${ratios}`);
  if (!timeOk || !memoryOk) process.exitCode = 1;
}
