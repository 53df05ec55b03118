import { describe, expect, it } from 'vitest';
import * as triage from './index.ts';
import {
  buildPlaybook,
  type PlaybookContent,
  type PlaybookEmail,
  type PlaybookOptions,
  TIME_SAVED_MINUTES,
} from './playbook.ts';

// A week away, 20-27 March 2026, read on the morning of the 27th in Los Angeles.
const OPTIONS: PlaybookOptions = {
  vipSenders: ['maria.chen@acme.test'],
  timeZone: 'America/Los_Angeles',
  now: new Date('2026-03-27T15:00:00.000Z'),
  sessionStart: new Date('2026-03-20T07:00:00.000Z'),
  sessionEnd: new Date('2026-03-27T07:00:00.000Z'),
};

/** `at('03-21 09:00')` is 21 March 2026, 09:00 UTC. */
function at(monthDayTime: string): Date {
  return new Date(`2026-${monthDayTime.replace(' ', 'T')}:00.000Z`);
}

let serial = 0;
function email(overrides: Partial<PlaybookEmail> = {}): PlaybookEmail {
  serial++;
  const id = overrides.id ?? `em_${String(serial).padStart(4, '0')}`;
  return {
    id,
    threadId: overrides.threadId ?? `th_${id}`,
    subject: 'Hello',
    fromEmail: 'sam.jones@example.test',
    fromName: 'Sam Jones',
    summary: 'Sam says hello.',
    category: 'fyi',
    urgencyScore: 2,
    receivedAt: at('03-21 09:00'),
    deadline: null,
    ...overrides,
  };
}

const build = (emails: Iterable<PlaybookEmail>, options: Partial<PlaybookOptions> = {}) =>
  buildPlaybook(emails, { ...OPTIONS, ...options });

const ids = (items: { email_id: string }[]) => items.map((i) => i.email_id);

describe('buildPlaybook ordering', () => {
  it.each<[string, PlaybookEmail[], keyof PlaybookContent, string[]]>([
    [
      'urgent by score, highest first',
      [
        email({ id: 'u8', category: 'urgent', urgencyScore: 8 }),
        email({ id: 'u10', category: 'urgent', urgencyScore: 10 }),
        email({ id: 'u9', category: 'urgent', urgencyScore: 9 }),
      ],
      'action_items',
      ['u10', 'u9', 'u8'],
    ],
    [
      // The VIP wrote the first message (upper-case address); a colleague wrote the latest. The
      // non-VIP thread is older and sorts first by id, so only the VIP rule puts `vip` first.
      'a VIP thread before a non-VIP one at equal score',
      [
        email({
          id: 'plain',
          threadId: 'th_a',
          category: 'urgent',
          urgencyScore: 8,
          receivedAt: at('03-21 08:00'),
        }),
        email({
          id: 'vip-ask',
          threadId: 'th_b',
          fromEmail: 'Maria.Chen@ACME.test',
          category: 'urgent',
          urgencyScore: 8,
          receivedAt: at('03-22 08:00'),
        }),
        email({
          id: 'vip',
          threadId: 'th_b',
          category: 'urgent',
          urgencyScore: 8,
          receivedAt: at('03-22 09:00'),
        }),
        email({ id: 'higher', threadId: 'th_c', category: 'urgent', urgencyScore: 9 }),
      ],
      'action_items',
      ['higher', 'vip', 'plain'],
    ],
    [
      'urgent before action_required, which goes by deadline, then age, no deadline last',
      [
        email({ id: 'late', category: 'action_required', urgencyScore: 6, deadline: at('03-30 17:00') }),
        email({
          id: 'soon-new',
          category: 'action_required',
          urgencyScore: 7,
          receivedAt: at('03-24 10:00'),
          deadline: at('03-28 17:00'),
        }),
        email({
          id: 'soon-old',
          category: 'action_required',
          urgencyScore: 4,
          receivedAt: at('03-22 10:00'),
          deadline: at('03-28 17:00'),
        }),
        email({
          id: 'none-new',
          category: 'action_required',
          urgencyScore: 7,
          receivedAt: at('03-25 10:00'),
        }),
        email({
          id: 'none-old',
          category: 'action_required',
          urgencyScore: 5,
          receivedAt: at('03-20 10:00'),
        }),
        email({ id: 'urgent', category: 'urgent', urgencyScore: 8, receivedAt: at('03-26 10:00') }),
      ],
      'action_items',
      ['urgent', 'soon-old', 'soon-new', 'late', 'none-old', 'none-new'],
    ],
    [
      // Not in the issue: at equal score and VIP-ness the earlier deadline, then the older thread.
      'urgent at equal score and VIP-ness by deadline, then age',
      [
        email({ id: 'no-deadline-old', category: 'urgent', urgencyScore: 8, receivedAt: at('03-20 10:00') }),
        email({ id: 'far', category: 'urgent', urgencyScore: 8, deadline: at('03-29 17:00') }),
        email({ id: 'near', category: 'urgent', urgencyScore: 8, deadline: at('03-27 17:00') }),
        email({ id: 'no-deadline-new', category: 'urgent', urgencyScore: 8, receivedAt: at('03-26 10:00') }),
      ],
      'action_items',
      ['near', 'far', 'no-deadline-old', 'no-deadline-new'],
    ],
    [
      'fyi newest first',
      [
        email({ id: 'mid', receivedAt: at('03-22 10:00') }),
        email({ id: 'new', receivedAt: at('03-25 10:00') }),
        email({ id: 'old', receivedAt: at('03-20 10:00') }),
      ],
      'fyi_items',
      ['new', 'mid', 'old'],
    ],
    [
      'resolved newest first',
      [
        email({ id: 'old', category: 'resolved', urgencyScore: 0, receivedAt: at('03-20 10:00') }),
        email({ id: 'new', category: 'resolved', urgencyScore: 0, receivedAt: at('03-25 10:00') }),
      ],
      'resolved_items',
      ['new', 'old'],
    ],
    [
      'equal keys fall back to the thread id',
      [
        email({ id: 'b', threadId: 'th_2', category: 'action_required', urgencyScore: 5 }),
        email({ id: 'a', threadId: 'th_1', category: 'action_required', urgencyScore: 5 }),
      ],
      'action_items',
      ['a', 'b'],
    ],
  ])('%s', (_case, emails, section, expected) => {
    const playbook = build(emails);
    expect(ids(playbook[section] as { email_id: string }[])).toEqual(expected);
  });

  it('lists newsletters and promotions nowhere', () => {
    const playbook = build([
      email({ category: 'newsletter', urgencyScore: 0 }),
      email({ category: 'promotional', urgencyScore: 0 }),
    ]);
    expect([...playbook.action_items, ...playbook.fyi_items, ...playbook.resolved_items]).toEqual([]);
    expect(playbook.stats.total_emails).toBe(2);
  });
});

describe('buildPlaybook latest state of a thread', () => {
  it('puts a thread that ends resolved only in resolved_items, as its latest message', () => {
    const playbook = build([
      email({
        id: 'ask',
        threadId: 't',
        category: 'action_required',
        urgencyScore: 6,
        receivedAt: at('03-21 09:00'),
        deadline: at('03-24 17:00'),
      }),
      email({
        id: 'nudge',
        threadId: 't',
        category: 'urgent',
        urgencyScore: 8,
        receivedAt: at('03-22 09:00'),
      }),
      email({
        id: 'done',
        threadId: 't',
        category: 'resolved',
        urgencyScore: 1,
        receivedAt: at('03-23 09:00'),
      }),
    ]);
    expect(playbook.action_items).toEqual([]);
    expect(playbook.resolved_items).toHaveLength(1);
    expect(playbook.resolved_items[0]).toMatchObject({
      email_id: 'done',
      category: 'resolved',
      urgency_score: 1,
      deadline: null,
      message_count: 3,
    });
  });

  it('keeps the highest urgency and earliest deadline when the latest message is a follow-up', () => {
    const playbook = build([
      email({
        id: 'follow-up',
        threadId: 't',
        category: 'action_required',
        urgencyScore: 5,
        receivedAt: at('03-24 09:00'),
        deadline: at('03-30 17:00'),
      }),
      email({
        id: 'ask',
        threadId: 't',
        category: 'urgent',
        urgencyScore: 9,
        receivedAt: at('03-21 09:00'),
        deadline: at('03-26 17:00'),
      }),
      email({ id: 'fyi', threadId: 't', category: 'fyi', urgencyScore: 2, receivedAt: at('03-22 09:00') }),
    ]);
    expect(playbook.action_items).toHaveLength(1);
    expect(playbook.action_items[0]).toMatchObject({
      email_id: 'follow-up',
      category: 'action_required',
      urgency_score: 9,
      deadline: '2026-03-26T17:00:00.000Z',
      message_count: 3,
    });
  });

  it('ignores resolved messages when an open thread takes its urgency and deadline', () => {
    const settled = email({
      id: 'settled',
      threadId: 't',
      category: 'resolved',
      urgencyScore: 3,
      receivedAt: at('03-21 09:00'),
      deadline: at('03-22 17:00'),
    });
    const news = email({
      id: 'news',
      threadId: 't',
      category: 'fyi',
      urgencyScore: 1,
      receivedAt: at('03-23 09:00'),
    });
    // Both arrival orders: the first message of a thread and the later ones take different paths.
    for (const order of [
      [settled, news],
      [news, settled],
    ]) {
      const playbook = build(order);
      expect(playbook.fyi_items).toEqual([
        expect.objectContaining({ email_id: 'news', urgency_score: 1, deadline: null }),
      ]);
      expect(playbook.resolved_items).toEqual([]);
    }
  });

  it('breaks a tie on the instant by the greater id, whatever the order', () => {
    const a = email({ id: 'em_a', threadId: 't', category: 'action_required', urgencyScore: 5 });
    const b = email({ id: 'em_b', threadId: 't', category: 'fyi', urgencyScore: 2 });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const playbook = build(order);
      expect(ids(playbook.fyi_items)).toEqual(['em_b']);
      expect(playbook.action_items).toEqual([]);
    }
  });
});

describe('buildPlaybook stats', () => {
  it('counts every message and filters newsletter, promotional and resolved ones', () => {
    const playbook = build([
      email({ category: 'newsletter', urgencyScore: 0 }),
      email({ category: 'newsletter', urgencyScore: 0 }),
      email({ category: 'promotional', urgencyScore: 0 }),
      // A two-message thread: the ask is not filtered, its settling reply is.
      email({ threadId: 'settled', category: 'action_required', urgencyScore: 5 }),
      email({ threadId: 'settled', category: 'resolved', urgencyScore: 0, receivedAt: at('03-22 09:00') }),
      email({ category: 'fyi' }),
      email({ category: 'urgent', urgencyScore: 9 }),
    ]);
    expect(playbook.stats.total_emails).toBe(7);
    expect(playbook.stats.filtered_emails).toBe(4);
  });

  it('documents the weights of the time-saved formula', () => {
    expect(TIME_SAVED_MINUTES).toEqual({
      urgent: 0,
      action_required: 0,
      fyi: 2,
      newsletter: 2,
      promotional: 1,
      resolved: 3,
    });
  });

  it('saves the sum of the weights over the messages', () => {
    const playbook = build([
      ...[1, 2, 3].map(() => email({ category: 'newsletter', urgencyScore: 0 })), // 3 x 2
      ...[1, 2].map(() => email({ category: 'promotional', urgencyScore: 0 })), // 2 x 1
      email({ category: 'resolved', urgencyScore: 0 }), // 1 x 3
      ...[1, 2].map(() => email({ category: 'fyi' })), // 2 x 2
      email({ category: 'urgent', urgencyScore: 9 }), // 0
      email({ category: 'action_required', urgencyScore: 5 }), // 0
    ]);
    expect(playbook.stats).toEqual({ total_emails: 10, filtered_emails: 6, time_saved_minutes: 15 });
  });
});

describe('buildPlaybook summary', () => {
  const week = [
    email({
      id: 'outage',
      fromEmail: 'ingrid@shop.test',
      fromName: 'Ingrid Halvorsen',
      subject: 'RE: Nightly order sync outage',
      category: 'urgent',
      urgencyScore: 9,
    }),
    email({
      id: 'budget',
      fromEmail: 'jane@acme.test',
      fromName: null,
      subject: 'Q1 Budget Review - Action Needed before the quarterly board meeting',
      category: 'action_required',
      urgencyScore: 6,
      deadline: at('03-28 01:00'),
    }),
    email({ id: 'later', category: 'action_required', urgencyScore: 5, deadline: at('03-31 17:00') }),
    email({ category: 'fyi' }),
    email({ category: 'fyi' }),
    email({ category: 'resolved', urgencyScore: 0 }),
    ...[1, 2, 3].map(() => email({ category: 'newsletter', urgencyScore: 0 })),
    email({ category: 'promotional', urgencyScore: 0 }),
  ];

  it('leads with the count, the dates and what needs you today, then the rest', () => {
    expect(build(week).summary).toBe(
      'You received 10 emails while you were away (Mar 20 – Mar 27); 2 need you today: ' +
        'Ingrid Halvorsen about “Nightly order sync outage” and jane@acme.test about “Q1 Budget Review - Action Needed before…”. ' +
        '1 more can wait for your reply, 2 were only FYI, and 1 thread resolved itself. ' +
        'Drift filtered 5 (newsletters, promotion, and settled thread), saving you about 14 minutes.',
    );
  });

  it.each<[string, PlaybookEmail[], string]>([
    ['an empty session', [], 'You received no email while you were away.'],
    [
      'a single FYI',
      [email({ category: 'fyi' })],
      'You received 1 email while you were away (Mar 20 – Mar 27); nothing needs you. 1 was only FYI. ' +
        "Reading Drift's summaries instead saves you about 2 minutes.",
    ],
    [
      'an all-filtered session',
      [
        ...Array.from({ length: 40 }, () => email({ category: 'newsletter', urgencyScore: 0 })),
        ...Array.from({ length: 30 }, () => email({ category: 'promotional', urgencyScore: 0 })),
      ],
      'You received 70 emails while you were away (Mar 20 – Mar 27); nothing needs you. ' +
        'Drift filtered all 70 (newsletters and promotions), saving you about 2 hours.',
    ],
    [
      'a single filtered email',
      [email({ category: 'promotional', urgencyScore: 0 })],
      'You received 1 email while you were away (Mar 20 – Mar 27); nothing needs you. ' +
        'Drift filtered it (promotion), saving you about 1 minute.',
    ],
    [
      'asks that can all wait',
      [
        email({ category: 'action_required', urgencyScore: 5 }),
        email({ category: 'action_required', urgencyScore: 5 }),
      ],
      'You received 2 emails while you were away (Mar 20 – Mar 27); nothing needs you today. 2 can wait for your reply.',
    ],
    [
      'more than three for today names the first three',
      [
        email({ fromName: 'A', subject: 'one', category: 'urgent', urgencyScore: 10 }),
        email({ fromName: 'B', subject: 'two', category: 'urgent', urgencyScore: 9 }),
        email({ fromName: 'C', subject: 'three', category: 'urgent', urgencyScore: 8 }),
        email({
          fromName: 'D',
          subject: 'four',
          category: 'action_required',
          urgencyScore: 5,
          deadline: at('03-27 20:00'),
        }),
      ],
      'You received 4 emails while you were away (Mar 20 – Mar 27); 4 need you today, starting with ' +
        'A about “one”, B about “two”, and C about “three”.',
    ],
    [
      'an overdue ask counts for today',
      [
        email({
          fromName: 'Ben',
          subject: 'Sign-off',
          category: 'action_required',
          urgencyScore: 6,
          deadline: at('03-25 17:00'),
        }),
      ],
      'You received 1 email while you were away (Mar 20 – Mar 27); 1 needs you today: Ben about “Sign-off”.',
    ],
  ])('%s', (_case, emails, expected) => {
    expect(build(emails).summary).toBe(expected);
  });

  it('prints the years when the session spans New Year, in the owner zone', () => {
    const summary = build([email()], {
      sessionStart: new Date('2025-12-28T08:00:00.000Z'),
      sessionEnd: new Date('2026-01-03T07:59:00.000Z'),
    }).summary;
    // 03 January 07:59 UTC is still 2 January in Los Angeles.
    expect(summary).toMatch(/^You received 1 email while you were away \(Dec 28, 2025 – Jan 2, 2026\);/);
  });

  it('in Asia/Tokyo, counts a deadline tomorrow morning local as today, not one tomorrow night', () => {
    const tokyo: Partial<PlaybookOptions> = {
      timeZone: 'Asia/Tokyo',
      // Friday 27 March, 22:00 in Tokyo (13:00 UTC).
      now: new Date('2026-03-27T13:00:00.000Z'),
      sessionStart: new Date('2026-03-19T15:00:00.000Z'),
      sessionEnd: new Date('2026-03-26T15:00:00.000Z'),
    };
    const playbook = build(
      [
        // Saturday 09:00 in Tokyo: 11 h away, but already the next day in UTC.
        email({
          fromName: 'Aiko Sato',
          subject: 'Contract',
          category: 'action_required',
          urgencyScore: 6,
          deadline: new Date('2026-03-28T00:00:00.000Z'),
        }),
        // Saturday 23:30 in Tokyo: 25.5 h away.
        email({
          fromName: 'Ken Ito',
          subject: 'Slides',
          category: 'action_required',
          urgencyScore: 6,
          deadline: new Date('2026-03-28T14:30:00.000Z'),
        }),
      ],
      tokyo,
    );
    expect(playbook.summary).toBe(
      'You received 2 emails while you were away (Mar 20 – Mar 27); 1 needs you today: Aiko Sato about “Contract”. ' +
        '1 more can wait for your reply.',
    );
  });
});

describe('buildPlaybook items', () => {
  it('are JSON-ready: ISO 8601 UTC strings and the thread message count', () => {
    const playbook = build([
      email({
        id: 'em_1',
        threadId: 'thread_xyz',
        category: 'action_required',
        urgencyScore: 4,
        receivedAt: at('03-22 14:30'),
      }),
      email({
        id: 'em_abc123',
        threadId: 'thread_xyz',
        subject: 'Q1 Budget Review - Action Needed',
        fromEmail: 'manager@company.com',
        fromName: 'Jane Smith',
        summary: 'Manager requesting budget approval by Friday.',
        category: 'action_required',
        urgencyScore: 7,
        receivedAt: new Date('2026-03-22T14:30:00.5Z'),
        deadline: at('03-27 17:00'),
      }),
    ]);
    expect(playbook.action_items).toEqual([
      {
        email_id: 'em_abc123',
        thread_id: 'thread_xyz',
        subject: 'Q1 Budget Review - Action Needed',
        from_email: 'manager@company.com',
        from_name: 'Jane Smith',
        summary: 'Manager requesting budget approval by Friday.',
        category: 'action_required',
        urgency_score: 7,
        received_at: '2026-03-22T14:30:00.500Z',
        deadline: '2026-03-27T17:00:00.000Z',
        message_count: 2,
      },
    ]);
    expect(JSON.parse(JSON.stringify(playbook))).toEqual(playbook);
  });

  it('an empty session has no items and zero stats', () => {
    expect(build([])).toEqual({
      summary: 'You received no email while you were away.',
      action_items: [],
      fyi_items: [],
      resolved_items: [],
      stats: { total_emails: 0, filtered_emails: 0, time_saved_minutes: 0 },
    });
  });
});

describe('buildPlaybook determinism', () => {
  // A small mixed session with ties everywhere: equal scores, instants and deadlines.
  const categories = ['urgent', 'action_required', 'fyi', 'newsletter', 'promotional', 'resolved'] as const;
  const session = Array.from({ length: 60 }, (_, i) =>
    email({
      id: `em_${String(i).padStart(3, '0')}`,
      threadId: `th_${i % 23}`,
      fromEmail: i % 7 === 0 ? 'maria.chen@acme.test' : `p${i % 5}@example.test`,
      fromName: `Person ${i % 5}`,
      category: categories[(i * 7) % 6] ?? 'fyi',
      urgencyScore: (i * 3) % 11,
      receivedAt: at(`03-2${i % 6} 0${i % 3}:00`),
      deadline: i % 4 === 0 ? at(`03-2${(i % 3) + 6} 17:00`) : null,
    }),
  );

  /** Deterministic Fisher-Yates with a small LCG. */
  function shuffled<T>(items: T[], seed: number): T[] {
    const copy = [...items];
    let state = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      const j = state % (i + 1);
      const tmp = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = tmp;
    }
    return copy;
  }

  it.each([1, 2, 3, 42, 1234])('shuffled input (seed %i) gives identical output', (seed) => {
    const shuffledSession = shuffled(session, seed);
    expect(shuffledSession.map((e) => e.id)).not.toEqual(session.map((e) => e.id));
    expect(build(shuffledSession)).toEqual(build(session));
  });

  it('reads any iterable, such as a generator, in one pass', () => {
    let reads = 0;
    function* rows() {
      for (const row of session) {
        reads++;
        yield row;
      }
    }
    expect(build(rows())).toEqual(build(session));
    expect(reads).toBe(session.length);
  });

  it('is exported from the package entry point', () => {
    expect(triage.buildPlaybook).toBe(buildPlaybook);
    expect(triage.TIME_SAVED_MINUTES).toBe(TIME_SAVED_MINUTES);
  });
});
