import { describe, expect, it } from 'vitest';
import { buildMessage, buildSettings } from './build-message.test-util.ts';
import { triageMessage } from './classify.ts';
import type { PriorMessage, SpamScore, TriageMessage } from './types.ts';

// The reasons say why, in the owner's words, and come from the signals triage decided on: each
// case names the sentence that must lead (the most decisive) and others that must be there.

const MONDAY = new Date('2026-03-02T18:00:00Z');
const settings = buildSettings({ urgentKeywords: ['outage'] });

const contractAsk: PriorMessage = {
  messageId: 'root@example.test',
  fromAddress: 'sam.jones@example.test',
  category: 'action_required',
  receivedAt: MONDAY,
  subject: 'Contract',
  text: 'Could you sign the contract by Thursday?',
};

interface ReasonCase {
  name: string;
  message: Partial<TriageMessage>;
  thread?: PriorMessage[];
  spamd?: SpamScore;
  first: string;
  includes?: string[];
}

const cases: ReasonCase[] = [
  {
    name: 'a digest with list headers',
    message: {
      from: { address: 'digest@weekly.test', name: 'The Weekly' },
      subject: 'The Weekly #12: queues, caches and more',
      headers: { 'list-id': ['<weekly.test>'], precedence: ['bulk'] },
      text: 'THE WEEKLY - Issue #12\n\nThis week: three reads on queues.\n\nUnsubscribe: https://weekly.test/u',
    },
    first: 'Sent to a mailing list (List-Id header).',
    includes: ['Marked as bulk mail (Precedence: bulk).', 'Has an unsubscribe link.'],
  },
  {
    name: 'a message a relay flagged as spam',
    message: { headers: { 'x-spam-flag': ['YES'] }, subject: 'Win money', text: 'Claim your prize now' },
    first: 'Marked as spam by a filter on the way (X-Spam-Flag header).',
  },
  {
    name: 'a message spamd convicts',
    message: { subject: 'Hello', text: 'Buy now' },
    spamd: { score: 9, threshold: 5 },
    first: 'Judged spam by SpamAssassin.',
  },
  {
    name: 'an ask from a VIP with a deadline',
    message: {
      from: { address: 'maria.chen@acme.test', name: 'Maria Chen' },
      subject: 'Budget',
      text: 'Hi Alex,\n\nCould you approve the budget by Friday?\n\nMaria',
    },
    first: 'From a VIP sender.',
    includes: ['Asks you to act: “Could you approve the budget by Friday?”', 'Deadline: Fri 6 Mar.'],
  },
  {
    name: 'an urgent keyword of the owner',
    message: {
      subject: 'Checkout outage',
      text: 'Hi Alex,\n\nWe have an outage on checkout. Can you call me?\n\nSam',
    },
    first: 'Contains your urgent keyword “outage”.',
    includes: ['Asks you to act: “Can you call me?”'],
  },
  {
    name: 'an out-of-office answer',
    message: {
      subject: 'Out of office: Re: hello',
      headers: { 'auto-submitted': ['auto-replied'] },
      text: 'I am away until Monday.',
    },
    first: 'An automatic reply (Auto-Submitted header).',
  },
  {
    name: 'an all-staff notice the owner is copied on',
    message: {
      from: { address: 'hr@acme.test', name: 'HR' },
      to: [{ address: 'all-staff@acme.test', name: 'All Staff' }],
      cc: [{ address: 'alex@acme.test', name: 'Alex Morgan' }],
      subject: 'Office closed Friday',
      text: 'Hi all,\n\nThe office is closed on Friday for maintenance. No action needed.\n\nHR',
    },
    first: 'Says no action is needed.',
    includes: ['Sent to a group address.'],
  },
  {
    name: 'a reply that settles the open ask of its thread',
    message: {
      subject: 'Re: Contract',
      inReplyTo: 'root@example.test',
      text: 'Never mind, Priya signed it already. All sorted, nothing needed from you.',
    },
    thread: [contractAsk],
    first: 'Settles the open request of its thread.',
  },
];

describe('triage reasons', () => {
  it.each(cases)('$name', ({ message, thread = [], spamd, first, includes = [] }) => {
    const result = triageMessage(buildMessage(message), settings, thread, MONDAY, { spamd: spamd ?? null });
    expect(result.reasons[0]).toBe(first);
    for (const reason of includes) expect(result.reasons).toContain(reason);
    expect(result.reasons.length).toBeLessThanOrEqual(5);
    expect(new Set(result.reasons).size).toBe(result.reasons.length);
  });

  it('always gives at least one reason, each a sentence', () => {
    for (const { message, thread = [] } of cases) {
      const { reasons } = triageMessage(buildMessage(message), settings, thread, MONDAY);
      expect(reasons.length).toBeGreaterThan(0);
      for (const reason of reasons) expect(reason).toMatch(/^\S.*[.”]$/);
    }
  });

  it('cuts a long ask to a short quote', () => {
    const ask = `Could you review ${'the very long appendix and '.repeat(10)}send comments by Friday?`;
    const { reasons } = triageMessage(
      buildMessage({ subject: 'Review', text: `Hi Alex,\n\n${ask}\n\nSam` }),
      settings,
      [],
      MONDAY,
    );
    const quoted = reasons.find((r) => r.startsWith('Asks you to act'));
    expect(quoted).toBeDefined();
    expect(quoted?.length).toBeLessThan(160);
    expect(quoted).toContain('…”');
  });
});
