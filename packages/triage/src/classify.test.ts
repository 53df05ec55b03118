import { describe, expect, it } from 'vitest';
import { buildMessage, buildSettings } from './build-message.test-util.ts';
import { triageMessage } from './classify.ts';
import { resolvedUrgencyScore } from './thread-outcome.ts';
import {
  type Category,
  type PriorMessage,
  type SpamScore,
  type TriageMessage,
  URGENCY_BANDS,
} from './types.ts';

const settings = buildSettings();
const MONDAY = new Date('2026-03-02T18:00:00Z'); // Monday 10:00 PST

function triage(overrides: Partial<TriageMessage>, thread: PriorMessage[] = [], at = MONDAY, s = settings) {
  return triageMessage(buildMessage(overrides), s, thread, at);
}

function prior(category: Category, fromAddress = 'sam.jones@example.test'): PriorMessage {
  return {
    messageId: 'root@example.test',
    fromAddress,
    category,
    receivedAt: MONDAY,
    subject: 'Earlier',
    text: 'Earlier.',
  };
}

const cases: [string, Partial<TriageMessage>, Category][] = [
  [
    'an editorial digest with list headers',
    {
      from: { address: 'digest@weekly.test', name: 'The Weekly' },
      subject: 'The Weekly #12: queues, caches and more',
      headers: { 'list-id': ['<weekly.test>'], precedence: ['bulk'] },
      text: 'THE WEEKLY - Issue #12\n\nThis week: three reads on queues.\n\nUnsubscribe: https://weekly.test/u',
    },
    'newsletter',
  ],
  [
    'a discount mail with list headers',
    {
      from: { address: 'deals@shop.test', name: 'Shop' },
      subject: 'URGENT: 40% off ends tonight',
      headers: { 'list-unsubscribe': ['<https://shop.test/u>'] },
      text: 'Your 40% discount expires tonight. Use code SPRING40. Shop now!',
    },
    'promotional',
  ],
  [
    'a cold sales pitch from a person',
    {
      from: { address: 'kyle@growthco.test', name: 'Kyle Jensen' },
      subject: 'Quick question, Alex',
      text: 'Hi Alex,\n\nI noticed your team is hiring. We help engineering leaders at companies like Orbit cut 30% off cloud spend.\n\nWorth a 15-minute look next week?\n\nKyle\nAccount Executive',
    },
    'promotional',
  ],
  [
    'a spam-flagged mail',
    { headers: { 'x-spam-flag': ['YES'] }, subject: 'You won', text: 'Claim your prize now.' },
    'promotional',
  ],
  [
    'an out-of-office reply',
    {
      subject: 'Automatic reply: budget',
      headers: { 'auto-submitted': ['auto-replied'] },
      text: 'I am out of the office until Monday. For anything urgent call the desk.',
    },
    'fyi',
  ],
  [
    'a bounce',
    {
      from: { address: 'mailer-daemon@mx.acme.test', name: 'Mail Delivery System' },
      returnPath: '',
      subject: 'Undelivered Mail Returned to Sender',
      headers: { 'content-type': ['multipart/report; report-type=delivery-status'] },
      text: 'Your message could not be delivered to one or more recipients. Please send mail to postmaster.',
    },
    'fyi',
  ],
  [
    'a deploy notice from CI',
    {
      from: { address: 'ci-noreply@acme.test', name: 'Acme CI' },
      subject: 'Deployed billing v2',
      headers: { 'auto-submitted': ['auto-generated'] },
      text: 'Deployment succeeded\n\nService: billing\nVersion: v2',
    },
    'fyi',
  ],
  [
    'a review request from a code host',
    {
      from: { address: 'notifications@git.test', name: 'Aisha Bello' },
      subject: '[acme/api] Add retries (PR #12)',
      headers: { 'list-id': ['<api.acme.git.test>'] },
      text: '@aisha requested your review on: acme/api#12.\n\nThis needs your approval before it can merge.\n\n--\nYou are receiving this because your review was requested.',
    },
    'action_required',
  ],
  [
    'a direct question without a deadline',
    {
      subject: 'Reference?',
      text: 'Hi Alex,\n\nWould you be a reference for me? Totally fine to say no.\n\nSam',
    },
    'action_required',
  ],
  [
    'a direct ask due tomorrow with money at stake',
    {
      subject: 'Invoices waiting on your approval',
      text: 'Hi Alex,\n\nThree invoices are in your approval queue. The payment run goes to the bank tomorrow at 12:00 PT; please approve by then or we breach the contract.\n\nNadia',
    },
    'urgent',
  ],
  [
    'an outage report with an ask',
    {
      subject: 'Sync failing since Sunday',
      text: 'Alex,\n\nThe nightly sync has failed three nights in a row and we are missing 2,300 orders. Can you get someone on this?\n\nIngrid',
    },
    'urgent',
  ],
  [
    'a heads-up that needs nothing',
    {
      subject: 'Heads up: rotation change',
      text: 'Hi Alex,\n\nQuick heads up, no action needed. The on-call rotation moves to follow-the-sun on Monday.\n\nPriya',
    },
    'fyi',
  ],
  [
    'a note to self',
    {
      from: { address: 'alex.morgan@acme.test', name: 'Alex Morgan' },
      subject: 'Fwd: hotel',
      text: 'Saving this for later.',
    },
    'fyi',
  ],
  [
    'a German approval request',
    {
      subject: 'Urlaubsantrag',
      text: 'Hallo Alex,\n\nkein Stress. Der Antrag wartet jetzt auf deine Freigabe im HR-Tool.\n\nViele Grüße\nJonas',
    },
    'action_required',
  ],
  [
    'a French outage with a callback request',
    {
      subject: 'Intégration en panne',
      text: 'Bonjour Alex,\n\nNotre intégration est en panne depuis ce matin. Pouvez-vous nous rappeler avant ce soir ?\n\nJulien',
    },
    'urgent',
  ],
];

describe('triageMessage: categories', () => {
  it.each(cases)('%s', (_case, overrides, expected) => {
    const result = triage(overrides);
    expect(result.category).toBe(expected);
    const [lo, hi] = URGENCY_BANDS[result.category];
    expect(Number.isInteger(result.urgencyScore)).toBe(true);
    expect(result.urgencyScore).toBeGreaterThanOrEqual(lo);
    expect(result.urgencyScore).toBeLessThanOrEqual(hi);
  });

  it.each(cases)('%s: the summary is one short sentence that is not the subject', (_case, overrides) => {
    const message = buildMessage(overrides);
    const { summary } = triageMessage(message, settings, [], MONDAY);
    expect(summary.length).toBeGreaterThan(10);
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary).not.toContain('\n');
    expect(summary.toLowerCase()).not.toBe(message.subject.toLowerCase());
    expect(summary).toMatch(/[.!?…]$/);
    expect(summary.slice(0, -1)).not.toMatch(/[.!?]\s+\p{Lu}\p{Ll}+\s/u);
  });

  it('is deterministic', () => {
    const overrides = cases[9]?.[1] ?? {};
    expect(triage(overrides)).toEqual(triage(overrides));
  });
});

describe('triageMessage: settings matter', () => {
  // A VIP the models never saw in training (the corpora's VIP is Maria Chen).
  const vipSettings = buildSettings({ vipSenders: ['hannah.lee@acme.test'] });
  const ask = {
    from: { address: 'hannah.lee@acme.test', name: 'Hannah Lee' },
    subject: 'Offsite venue',
    text: 'Hi Alex,\n\nno rush: when you are back next month, could you send me your thoughts on the offsite venue?\n\nHannah',
  };

  it('a VIP who asks something is urgent; the same mail from a non-VIP is not', () => {
    expect(triage(ask, [], MONDAY, vipSettings).category).toBe('urgent');
    expect(triage(ask).category).toBe('action_required');
  });

  it('a VIP FYI stays fyi but scores higher', () => {
    const fyi = { ...ask, text: 'FYI, no action needed: the board moved to the 19th.\n\nHannah' };
    const vip = triage(fyi, [], MONDAY, vipSettings);
    const plain = triage(fyi);
    expect(vip.category).toBe('fyi');
    expect(plain.category).toBe('fyi');
    expect(vip.urgencyScore).toBeGreaterThan(plain.urgencyScore);
    expect(vip.urgencyScore).toBeGreaterThanOrEqual(3);
  });

  it('an urgent keyword makes any mail but bulk mail urgent, matched on word boundaries and case-insensitively', () => {
    const msg = {
      subject: 'Update',
      text: 'Hi Alex, the Ridgeway hearing moved to May. Nothing for you to do.',
    };
    const base = triage(msg);
    expect(base.category).toBe('fyi');
    const forced = triage(msg, [], MONDAY, buildSettings({ urgentKeywords: ['RIDGEWAY'] }));
    expect(forced.category).toBe('urgent');
    expect(forced.urgencyScore).toBeGreaterThanOrEqual(9);
    expect(triage(msg, [], MONDAY, buildSettings({ urgentKeywords: ['ridge'] }))).toEqual(base);
  });

  it('an urgent keyword does not make a newsletter urgent', () => {
    const digest = cases[0]?.[1] ?? {};
    const result = triage(digest, [], MONDAY, buildSettings({ urgentKeywords: ['queues'] }));
    expect(result.category).toBe('newsletter');
  });

  it('own addresses come from the settings', () => {
    const msg = {
      from: { address: 'me@home.test', name: 'Alex' },
      subject: 'note',
      text: 'Remember the dentist.',
    };
    const withAlias = buildSettings({ ownAddresses: ['alex@acme.test', 'me@home.test'] });
    expect(triage(msg, [], MONDAY, withAlias).summary).toMatch(/^Note to self/);
    expect(triage(msg).summary).not.toMatch(/^Note to self/);
  });
});

describe('triageMessage: deadlines raise urgency', () => {
  const msg = {
    subject: 'Approval needed',
    text: 'Hi Alex,\n\nCould you approve the vendor invoice in Payflow by March 6? Otherwise it slips to the next payment run.\n\nNadia',
  };

  it.each([
    ['weeks ahead', new Date('2026-02-10T18:00:00Z'), 'action_required'],
    ['the same day', new Date('2026-03-06T18:00:00Z'), 'urgent'],
  ] as const)('received %s', (_case, receivedAt, category) => {
    const result = triage({ ...msg, date: receivedAt, headers: {} }, [], receivedAt);
    expect(result.category).toBe(category);
    expect(result.deadline?.toISOString()).toBe('2026-03-07T07:59:00.000Z');
  });

  it('reports no deadline on fyi mail', () => {
    const headsUp = cases.find(([name]) => name === 'a heads-up that needs nothing')?.[1] ?? {};
    const result = triage({ ...headsUp, text: `${headsUp.text} The old rota ends by Friday.` });
    expect(result.category).toBe('fyi');
    expect(result.deadline).toBeNull();
  });
});

describe('triageMessage: threads', () => {
  const reply = (text: string, overrides: Partial<TriageMessage> = {}) => ({
    subject: 'Re: Can you approve the resize?',
    inReplyTo: 'root@example.test',
    references: ['root@example.test'],
    text,
    ...overrides,
  });

  it.each([
    ['never mind', 'Never mind, Priya approved it as your delegate.'],
    ['please disregard', 'Please disregard my last email, it was fixed on our end.'],
    ['nothing needed from you', 'Done and deployed. Alex, nothing needed from you.'],
    ['found it', 'Scratch that, found it!'],
    ['someone took it over', 'I can take the Wednesday slot.'],
    ['German', 'Hat sich erledigt, danke.'],
    ['Spanish', 'Por nuestra parte, tema cerrado.'],
    ['French', "Laisse tomber, c'est réglé."],
  ])('"%s" settles a thread with an open request', (_case, text) => {
    const result = triage(reply(text), [prior('action_required')]);
    expect(result.category).toBe('resolved');
    expect(result.settlesThread).toBe(true);
    expect(result.urgencyScore).toBeLessThanOrEqual(1);
  });

  it('does not settle without an earlier message in the thread', () => {
    const result = triage(reply('Never mind, Priya approved it as your delegate.'));
    expect(result.settlesThread).toBe(false);
    expect(result.category).not.toBe('resolved');
  });

  it('does not settle a thread that had no request', () => {
    const result = triage(reply('Nothing needed from you, just closing the loop.'), [prior('fyi')]);
    expect(result.settlesThread).toBe(false);
    expect(result.category).toBe('fyi');
  });

  it('a recovery notice settles the alert it follows, though the alert asked nothing', () => {
    const alert: PriorMessage = {
      ...prior('fyi', 'nagios@mon.acme.test'),
      subject: 'PROBLEM: disk /var on db-2 is CRITICAL',
      text: 'Service: disk /var\nHost: db-2\nState: CRITICAL\nAlert: 3% free, writes failing',
    };
    const result = triage(
      reply('RECOVERY: disk /var on db-2 is OK. 41% free. Nothing left to do.', {
        from: { address: 'nagios@mon.acme.test', name: 'Nagios' },
        subject: 'Re: PROBLEM: disk /var on db-2 is CRITICAL',
      }),
      [alert],
    );
    expect(result.settlesThread).toBe(true);
    expect(result.category).toBe('resolved');
  });

  it('a takeover does not settle when it asks the owner something new', () => {
    const result = triage(reply('I can take the slot, but can you approve the travel budget by Friday?'), [
      prior('action_required'),
    ]);
    expect(result.settlesThread).toBe(false);
    expect(result.category).not.toBe('resolved');
  });

  it('a pressure follow-up keeps the request open and scores higher', () => {
    const result = triage(reply("Following up since I haven't heard back. Any news?"), [
      prior('action_required'),
    ]);
    expect(result.category).toBe('action_required');
    expect(result.urgencyScore).toBeGreaterThan(5);
  });

  it('a thank-you after the thread was settled stays resolved', () => {
    const result = triage(reply('Thanks everyone!'), [prior('action_required'), prior('resolved')]);
    expect(result.category).toBe('resolved');
  });

  it('a sales bump in a promotional thread stays promotional', () => {
    const result = triage(
      reply('Bumping this to the top of your inbox in case it got buried.', {
        from: { address: 'kyle@growthco.test', name: 'Kyle' },
      }),
      [prior('promotional', 'kyle@growthco.test')],
    );
    expect(result.category).toBe('promotional');
  });
});

describe('resolvedUrgencyScore', () => {
  it.each([
    [10, 2],
    [8, 2],
    [7, 1],
    [4, 1],
    [3, 0],
    [0, 0],
  ])('%i -> %i', (score, expected) => {
    expect(resolvedUrgencyScore(score)).toBe(expected);
  });
});

describe('triageMessage: spam is promotional, scored 0, and says who called it', () => {
  const pitch = {
    from: { address: 'winner@prizes.test', name: 'Prize Desk' },
    subject: 'Congratulations! You have been selected for a $1,000 gift card',
    text: 'Dear friend,\n\nYou have been selected to receive a $1,000 gift card. Click here now to claim your reward before it expires. This offer is limited, act now! Reply with your bank details to receive the transfer. Unsubscribe here.',
  };
  const question = {
    subject: 'Staging resize',
    text: 'Hi Alex,\n\nCould you approve the staging resize before Friday? I need your OK to go ahead.\n\nSam',
  };

  it.each<[string, Partial<TriageMessage>, SpamScore | null, string]>([
    ['an upstream X-Spam-Flag', { ...question, headers: { 'x-spam-flag': ['YES'] } }, null, 'x-spam-flag'],
    [
      'an upstream X-Spam-Status',
      { ...question, headers: { 'x-spam-status': ['Yes, score=9.1'] } },
      null,
      'x-spam-status',
    ],
    ['spamd over its threshold', question, { score: 7.5, threshold: 5 }, 'spamd'],
    ['the content model on a pitch', pitch, null, 'content'],
  ])('%s', (_case, overrides, spamd, source) => {
    const result = triageMessage(buildMessage(overrides), settings, [], MONDAY, { spamd });
    expect(result).toMatchObject({
      category: 'promotional',
      urgencyScore: 0,
      spam: { isSpam: true, source },
    });
  });

  it.each([
    ['from a VIP', { ...pitch, from: { address: 'maria.chen@acme.test', name: 'Maria Chen' } }],
    ['from a colleague', { ...pitch, from: { address: 'priya.raman@acme.test', name: 'Priya Raman' } }],
    [
      'in a thread that asked the owner something',
      { ...pitch, inReplyTo: 'root@example.test', references: ['root@example.test'] },
    ],
    ['when it is a line or two', { ...pitch, text: 'Claim your $1,000 gift card now!' }],
    [
      "that reads as a customer asking for help, under a subject like a spammer's",
      {
        from: { address: 'rachel.kim@globex.example', name: 'Rachel Kim' },
        subject: 'test 123',
        text: 'Hi Alex,\n\nThe payment API is down for all customers since 09:00 and we lose orders every minute. Can you call me right away?\n\nRachel',
      },
    ],
  ])('the content model alone never convicts mail %s', (_case, overrides) => {
    const thread = 'inReplyTo' in overrides ? [prior('action_required', 'winner@prizes.test')] : [];
    expect(triageMessage(buildMessage(overrides), settings, thread, MONDAY).spam?.source).not.toBe('content');
  });

  it('a spamd score under its threshold leaves the decision to Drift', () => {
    const result = triageMessage(buildMessage(question), settings, [], MONDAY, {
      spamd: { score: 1.2, threshold: 5 },
    });
    expect(result.spam).toBeNull();
    expect(result.category).not.toBe('promotional');
  });
});

describe('triageMessage: the sender model', () => {
  it.each([
    [
      'a colleague writing from their own mailbox',
      { from: { address: 'priya.raman@acme.test', name: 'Priya Raman' } },
      true,
    ],
    ['a person at a customer', { from: { address: 'rachel.kim@globex.example', name: 'Rachel Kim' } }, true],
    [
      'a shop sending receipts through its mailing service',
      {
        from: { address: 'receipts@tessellate.test', name: 'Tessellate' },
        returnPath: 'bounces+rcpt-8812@email.tessellate.test',
        subject: 'Your receipt for order 8812',
        text: 'Thanks for your order. Total paid: $24.00. View your receipt online.',
      },
      false,
    ],
    [
      'a monitoring system',
      {
        from: { address: 'nagios@mon.acme.test', name: 'Nagios' },
        returnPath: 'nagios@mon.acme.test',
        subject: 'PROBLEM: disk /var on db-2 is WARNING',
        text: 'Service: disk /var\nHost: db-2\nState: WARNING\nInfo: 9% free',
      },
      false,
    ],
  ] as const)('%s: fromPerson is %s', (_case, overrides, expected) => {
    expect(triage(overrides).fromPerson).toBe(expected);
  });
});
