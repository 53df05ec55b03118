// Batched capture (captureBatch, the capture queue behind POST /inbound): a batch stores what the
// same messages stored one by one would, per account and Message-ID at most once, answers each
// sender once per session, really batches concurrent deliveries, and lets a message the database
// refuses fail alone.

import { at, days } from '@drift/api/testing';
import {
  type CaptureResult,
  captureBatch,
  captureMessage,
  createCaptureQueue,
  type ParsedDelivery,
  parseOrRefuse,
} from '@drift/core';
import type { PrismaClient } from '@drift/db';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CorpusMail, captureCorpus, settledThenNoticeThread } from './support/capture-corpus.ts';
import { useFileService, useTestServer } from './support/fixture.ts';
import { buildOwnerMailbox, type OwnerMailbox, postInbound } from './support/inbound.ts';
import { BEN, buildRawMail, colleagueQuestion, JONAS, listDigest } from './support/raw-mail.ts';
import { BASE_NOW, type Json } from './support/server.ts';
import { startSmtpSink } from './support/smtp.ts';

const smtp = useFileService(startSmtpSink, (sink) => sink.close());
beforeEach(async () => {
  await smtp().start();
  smtp().reset();
});
const fixture = useTestServer({ start: () => ({ mailer: smtp().createTransport() }) });

const deps = () => ({
  prisma: fixture.server.prisma,
  clock: fixture.server.clock,
  mailer: fixture.server.mailer,
});

const parsed = async (raw: string, source: ParsedDelivery['source'] = { kind: 'inbound' }) => {
  const bytes = Buffer.from(raw);
  return { raw: bytes, parsed: await parseOrRefuse(bytes), source };
};

/** What a delivery's answer says: stored, a duplicate, or why it was not captured. */
const outcomeOf = (result: CaptureResult | Json): string =>
  result.captured ? (result.duplicate ? 'duplicate' : 'stored') : result.reason;

/** Gives the clock a tick, so that mail delivered one after another arrives one after another. */
const tick = () => fixture.server.clock.advance(1);

interface Stored {
  category: string;
  urgencyScore: number;
  settlesThread: boolean;
  autoReplied: boolean;
}

/** What an account ended up with, named by the corpus (thread ids hash the account, so partitions). */
async function snapshotOf(accountId: string, nameOf: Map<string, string>) {
  const { prisma } = fixture.server;
  const rows = await prisma.email.findMany({ where: { accountId } });
  const replies = await prisma.autoReply.findMany({ where: { accountId } });
  const messages: Record<string, Stored> = {};
  const threads = new Map<string, string[]>();
  const autoRepliedBySender: Record<string, number> = {};
  for (const row of rows) {
    const name = nameOf.get(row.messageId) ?? `unknown ${row.messageId}`;
    const { category, urgencyScore, settlesThread, autoReplied } = row;
    messages[name] = { category, urgencyScore, settlesThread, autoReplied };
    threads.set(row.threadId, [...(threads.get(row.threadId) ?? []), name]);
    if (autoReplied) autoRepliedBySender[row.fromEmail] = (autoRepliedBySender[row.fromEmail] ?? 0) + 1;
  }
  const autoRepliesBySender: Record<string, string[]> = {};
  for (const reply of replies) {
    autoRepliesBySender[reply.senderAddress] = [
      ...(autoRepliesBySender[reply.senderAddress] ?? []),
      reply.status,
    ];
  }
  return {
    rows: rows.length,
    messages,
    threads: [...threads.values()].map((names) => names.sort().join(' + ')).sort(),
    autoRepliedBySender,
    autoRepliesBySender,
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;

/** Per message, each field on which `actual` departs from `expected`, in words a report can quote. */
function differences(expected: Snapshot, actual: Snapshot): string[] {
  const found: string[] = [];
  for (const name of new Set([...Object.keys(expected.messages), ...Object.keys(actual.messages)])) {
    const [want, got] = [expected.messages[name], actual.messages[name]];
    if (!want || !got) {
      found.push(`${name}: ${want ? 'missing' : 'unexpected'}`);
      continue;
    }
    for (const field of Object.keys(want) as (keyof Stored)[]) {
      if (want[field] !== got[field])
        found.push(`${name}.${field}: one by one ${want[field]}, batch ${got[field]}`);
    }
  }
  return found;
}

/** The corpus's lanes, each in corpus order. */
function lanesOf(corpus: CorpusMail[]): { mail: CorpusMail; index: number }[][] {
  const lanes = new Map<string, { mail: CorpusMail; index: number }[]>();
  corpus.forEach((mail, index) => {
    lanes.set(mail.lane, [...(lanes.get(mail.lane) ?? []), { mail, index }]);
  });
  return [...lanes.values()];
}

describe('a batch stores what one-by-one capture stores', () => {
  it('one by one, in one captureBatch, and as concurrent POST /inbound: the same labels, threads, duplicates and auto-replies', async () => {
    const { server } = fixture;
    const corpus = captureCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    const [oneByOne, batched, posted] = [
      await buildOwnerMailbox(server),
      await buildOwnerMailbox(server),
      await buildOwnerMailbox(server),
    ];

    // (a) One by one, in corpus order, each a millisecond after the previous one.
    const single: CaptureResult[] = [];
    for (const mail of corpus) {
      tick();
      single.push(await captureMessage(deps(), oneByOne.account, Buffer.from(mail.raw)));
    }
    const nameOf = new Map<string, string>();
    single.forEach((result, i) => {
      const name = (corpus[i] as CorpusMail).name;
      if (result.captured && !nameOf.has(result.email.messageId)) nameOf.set(result.email.messageId, name);
    });

    // (b) The whole corpus in one batch, at one instant.
    server.clock.set(BASE_NOW);
    const deliveries = await Promise.all(corpus.map((mail) => parsed(mail.raw)));
    const batch = await captureBatch(deps(), batched.account, deliveries);

    // (c) Concurrent relay deliveries: the lanes side by side, each lane's mail in its order.
    server.clock.set(BASE_NOW);
    const answers: Json[] = new Array(corpus.length);
    await Promise.all(
      lanesOf(corpus).map(async (lane) => {
        for (const { mail, index } of lane) {
          tick();
          const response = await postInbound(server, posted.token, mail.raw);
          expect(response.status, `${mail.name}: ${response.text}`).toBe(202);
          answers[index] = response.body;
        }
      }),
    );

    const outcomes = single.map(outcomeOf);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(corpus.length - 1);
    expect(batch.map(outcomeOf)).toEqual(outcomes);
    expect(answers.map(outcomeOf)).toEqual(outcomes);
    // The repeat answers with the row the first delivery stored.
    const retry = corpus.findIndex((mail) => mail.name === 'retry.again');
    for (const results of [single, batch, answers]) {
      expect(results[retry].email.id).toBe(results[retry - 1].email.id);
    }

    const expected = await snapshotOf(oneByOne.accountId, nameOf);
    // The corpus means what it says, one by one: otherwise the comparison proves little.
    expect(expected.rows).toBe(corpus.length - 1);
    expect(expected.threads).toEqual(
      expect.arrayContaining([
        'queue.last + queue.late + queue.middle + queue.root',
        'train.child + train.grandchild + train.root',
        'staging.ask + staging.nudge + staging.settle + staging.thanks',
        'reopen.again + reopen.ask + reopen.settle',
        'early.ask + early.settle',
        'roadmap.cc + roadmap.reply + roadmap.root',
        'roadmap.stranger',
      ]),
    );
    expect(
      ['staging.ask', 'staging.nudge', 'staging.settle', 'staging.thanks', 'early.ask', 'early.settle'].map(
        (name) => expected.messages[name]?.category,
      ),
    ).toEqual(Array(6).fill('resolved'));
    expect(expected.messages['reopen.ask']?.category).toBe('action_required');
    expect(expected.messages['reopen.again']?.category).toMatch(/^(?:urgent|action_required)$/);
    expect(expected.messages.vip?.category).toBe('urgent');
    expect(expected.messages['weekly.1']?.category).toBe('newsletter');
    expect(expected.autoRepliesBySender[JONAS.address]).toEqual(['sent']);
    expect(expected.autoRepliedBySender[JONAS.address]).toBe(1);
    expect(expected.autoRepliesBySender['editor@weekly-engineer.test']).toBeUndefined();

    const fromBatch = await snapshotOf(batched.accountId, nameOf);
    expect(fromBatch.threads).toEqual(expected.threads);
    expect(differences(expected, fromBatch), 'captureBatch departs from one-by-one capture').toEqual([]);
    expect(fromBatch).toEqual(expected);

    // Concurrent lanes race for a sender's first answer, so which message of a sender is answered
    // may differ; how many, and everything else, may not.
    const fromPosts = await snapshotOf(posted.accountId, nameOf);
    const withoutAnsweredFlag = (snapshot: Snapshot) =>
      Object.fromEntries(
        Object.entries(snapshot.messages).map(([name, { autoReplied: _, ...rest }]) => [name, rest]),
      );
    expect(fromPosts.threads).toEqual(expected.threads);
    expect(withoutAnsweredFlag(fromPosts)).toEqual(withoutAnsweredFlag(expected));
    expect(fromPosts.autoRepliedBySender).toEqual(expected.autoRepliedBySender);
    expect(fromPosts.autoRepliesBySender).toEqual(expected.autoRepliesBySender);
  }, 60_000);
});

/** Captures `mails` one by one, a millisecond apart, into a fresh account; names its Message-IDs. */
async function oneByOneReference(mails: CorpusMail[]) {
  const mailbox = await buildOwnerMailbox(fixture.server);
  const nameOf = new Map<string, string>();
  for (const mail of mails) {
    tick();
    const result = await captureMessage(deps(), mailbox.account, Buffer.from(mail.raw));
    if (result.captured) nameOf.set(result.email.messageId, mail.name);
  }
  return { nameOf, snapshot: await snapshotOf(mailbox.accountId, nameOf) };
}

describe('messages of one batch arrive at one instant', () => {
  // KNOWN FAILURE (reported to the lead, capture code not changed here): captureBatch gives every
  // message of a batch the same received_at and orders a thread by (received_at, id) with random
  // ids, so the batch's own order is lost; here the new question finds the settled reply, not the
  // notice, last in the thread (about 2 times in 3), re-opens it, and relabels the ask and the
  // settling reply. Five batches make a pass by luck about 1 in 250.
  it('a thread settled, then a notice, then a question: the batch keeps its order (as one by one does)', async () => {
    const thread = settledThenNoticeThread();
    const reference = await oneByOneReference(thread);
    expect(reference.snapshot.messages['notice.ask']?.category).toBe('resolved');
    expect(reference.snapshot.messages['notice.settle']?.category).toBe('resolved');
    const departures: string[] = [];
    for (let trial = 1; trial <= 5; trial++) {
      const mailbox = await buildOwnerMailbox(fixture.server);
      await captureBatch(deps(), mailbox.account, await Promise.all(thread.map((mail) => parsed(mail.raw))));
      const found = differences(reference.snapshot, await snapshotOf(mailbox.accountId, reference.nameOf));
      departures.push(...found.map((d) => `batch ${trial}: ${d}`));
    }
    expect(departures, 'captureBatch departs from one-by-one capture').toEqual([]);
  });
});

interface EdgeCase {
  name: string;
  /** Stored one by one before the batch. */
  before?: string[];
  batch: ParsedDelivery[] | (() => Promise<ParsedDelivery[]>);
  check(results: CaptureResult[], mailbox: OwnerMailbox): Promise<void>;
}

const rowsOf = (mailbox: OwnerMailbox) =>
  fixture.server.prisma.email.findMany({
    where: { accountId: mailbox.accountId },
    orderBy: { receivedAt: 'asc' },
  });

const twice = colleagueQuestion({ from: JONAS, subject: 'Twice in one batch' });
const storedFirst = colleagueQuestion({ from: JONAS, subject: 'Stored before the batch' });

const EDGE_CASES: EdgeCase[] = [
  {
    name: 'the same Message-ID twice in one batch: one row, the second a duplicate of it',
    batch: async () => [await parsed(twice), await parsed(twice)],
    async check([first, second], mailbox) {
      expect([first, second].map(outcomeOf)).toEqual(['stored', 'duplicate']);
      expect(second?.captured && second.email.id).toBe(first?.captured && first.email.id);
      expect(await rowsOf(mailbox)).toHaveLength(1);
    },
  },
  {
    name: 'a Message-ID stored before: a duplicate of the stored row, the rest of the batch stored',
    before: [storedFirst],
    batch: async () => [await parsed(storedFirst), await parsed(colleagueQuestion({ from: BEN }))],
    async check([again, other], mailbox) {
      expect([again, other].map(outcomeOf)).toEqual(['duplicate', 'stored']);
      const rows = await rowsOf(mailbox);
      expect(rows).toHaveLength(2);
      const stored = rows.find((row) => row.subject === 'Stored before the batch');
      expect(again?.captured && again.email.id).toBe(stored?.id);
    },
  },
  {
    name: 'two messages of one sender: one auto-reply, for the first',
    batch: async () => [
      await parsed(colleagueQuestion({ from: BEN, subject: 'First question' })),
      await parsed(colleagueQuestion({ from: BEN, subject: 'Second question' })),
    ],
    async check(results, mailbox) {
      expect(results.map((r) => r.captured && r.email.autoReplied)).toEqual([true, false]);
      expect(smtp().received.map((mail) => [mail.rcptTo, mail.parsed.subject])).toEqual([
        [[BEN.address], 'Auto: First question'],
      ]);
      const rows = await fixture.server.prisma.email.findMany({ where: { accountId: mailbox.accountId } });
      const answered = rows.filter((row) => row.autoReplied).map((row) => row.subject);
      expect(answered).toEqual(['First question']);
      const replies = await fixture.server.prisma.autoReply.findMany({
        where: { accountId: mailbox.accountId },
      });
      expect(replies.map((r) => [r.senderAddress, r.status])).toEqual([[BEN.address, 'sent']]);
    },
  },
  {
    name: 'a message from before the session: not captured, the rest of the batch stored',
    batch: async () => [
      await parsed(colleagueQuestion({ from: BEN })),
      await parsed(colleagueQuestion({ from: JONAS }), {
        kind: 'imap',
        externalId: 'INBOX:7:41',
        receivedAt: at(BASE_NOW, -days(3)),
      }),
      await parsed(listDigest()),
    ],
    async check(results, mailbox) {
      expect(results.map(outcomeOf)).toEqual(['stored', 'no_active_session', 'stored']);
      expect((await rowsOf(mailbox)).map((row) => row.fromEmail).sort()).toEqual(
        [BEN.address, 'editor@weekly-engineer.test'].sort(),
      );
    },
  },
  {
    name: 'an empty batch: nothing',
    batch: [],
    async check(results, mailbox) {
      expect(results).toEqual([]);
      expect(await rowsOf(mailbox)).toEqual([]);
    },
  },
];

describe('captureBatch edge cases', () => {
  it.each(EDGE_CASES)('$name', async ({ before = [], batch, check }) => {
    const mailbox = await buildOwnerMailbox(fixture.server);
    for (const raw of before) await captureMessage(deps(), mailbox.account, Buffer.from(raw));
    smtp().reset();
    const deliveries = typeof batch === 'function' ? await batch() : batch;
    await check(await captureBatch(deps(), mailbox.account, deliveries), mailbox);
  });
});

/**
 * Insert statements that wrote the account's email rows: each statement is its own transaction
 * (or shares one with the batch's updates), and a row keeps its inserting transaction's id as
 * xmin until it is updated. Only for mail nothing updates later (no auto-reply, no relabel).
 */
async function insertStatementsOf(accountId: string): Promise<{ rows: number; statements: number }> {
  const [counts] = await fixture.server.prisma.$queryRaw<{ rows: number; statements: number }[]>`
    SELECT count(*)::int AS rows, count(DISTINCT xmin::text)::int AS statements
    FROM emails WHERE account_id = ${accountId}`;
  return counts ?? { rows: 0, statements: 0 };
}

describe('the capture queue', () => {
  it('stores concurrent POST /inbound to one account in fewer multi-row inserts than messages', async () => {
    const { server } = fixture;
    // The measure first: deliveries one after another are one insert each.
    const sequential = await buildOwnerMailbox(server);
    for (let i = 0; i < 3; i++) {
      const response = await postInbound(server, sequential.token, listDigest());
      expect(response.status).toBe(202);
    }
    expect(await insertStatementsOf(sequential.accountId)).toEqual({ rows: 3, statements: 3 });

    const concurrent = await buildOwnerMailbox(server);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postInbound(server, concurrent.token, listDigest())),
    );
    expect(responses.map((r) => [r.status, r.body.captured, r.body.duplicate])).toEqual(
      Array(20).fill([202, true, false]),
    );
    const { rows, statements } = await insertStatementsOf(concurrent.accountId);
    expect(rows).toBe(20);
    expect(statements).toBeLessThan(20);
  });

  it('a NUL byte in a body does not cost the message: stored (as U+FFFD) with the rest of its batch', async () => {
    const { server } = fixture;
    const mailbox = await buildOwnerMailbox(server);
    const raws = [...good(9).slice(0, 4), withNul(), ...good(9).slice(4)];
    const responses = await Promise.all(raws.map((raw) => postInbound(server, mailbox.token, raw)));
    expect(responses.map((r) => [r.status, r.body.captured, r.body.duplicate])).toEqual(
      Array(10).fill([202, true, false]),
    );
    const rows = await rowsOf(mailbox);
    expect(rows).toHaveLength(10);
    expect(rows.find((row) => row.fromEmail === JONAS.address)?.bodyText).toContain(
      'the log says \uFFFD here.',
    );
  });

  it('a batch whose insert fails (fault injected into the database client) is captured one by one: nothing is lost', async () => {
    const mailbox = await buildOwnerMailbox(fixture.server);
    let failures = 0;
    const flaky = fixture.server.prisma.$extends({
      query: {
        async $allOperations({ operation, args, query }) {
          if (operation === '$queryRaw' && failures === 0 && JSON.stringify(args).includes('INSERT INTO')) {
            failures += 1;
            throw new Error('injected: the multi-row insert failed');
          }
          return query(args);
        },
      },
    }) as unknown as PrismaClient;
    // Ten deliveries, a batch of at most ten, a window far longer than they take to arrive: one batch.
    const queue = createCaptureQueue({ ...deps(), prisma: flaky }, { maxBatch: 10, windowMs: 1_000 });
    const settled = await Promise.all(good(10).map((raw) => queue.capture(mailbox.token, Buffer.from(raw))));
    expect(failures).toBe(1);
    expect(settled.map((s) => outcomeOf(s.result))).toEqual(Array(10).fill('stored'));
    expect(await rowsOf(mailbox)).toHaveLength(10);
  });
});

/** Digests with distinct subjects: stored, never answered. */
const good = (count: number) =>
  Array.from({ length: count }, (_, i) => listDigest({ subject: `The Weekly Engineer #${400 + i}` }));
/** PostgreSQL text cannot hold NUL; the parser reads it as the replacement character. */
const withNul = () => buildRawMail({ from: JONAS, body: 'Hi Alex,\n\nthe log says \u0000 here.' });
