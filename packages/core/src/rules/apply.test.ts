import type { LearnedTriageResult } from '@drift/triage';
import { describe, expect, it } from 'vitest';
import { applyRules, ruledAutoReply, rulesEscalate, ruleVerdict } from './apply.ts';
import { NO_RULE_OUTCOME, type RuleOutcome } from './match.ts';

const triage = (overrides: Partial<LearnedTriageResult> = {}): LearnedTriageResult => ({
  category: 'fyi',
  urgencyScore: 2,
  summary: 'Notes from Monday.',
  deadline: null,
  settlesThread: false,
  reopensThread: false,
  ownCategory: 'fyi',
  ownUrgencyScore: 2,
  spam: null,
  fromPerson: true,
  reasons: ['It shares information and asks nothing.'],
  ...overrides,
});

const a = { id: 'rule_a', name: 'VIP clients' };
const b = { id: 'rule_b', name: 'Pager' };
const outcome = (overrides: Partial<RuleOutcome>): RuleOutcome => ({
  ...NO_RULE_OUTCOME,
  matched: [a, b],
  minUrgency: [],
  ...overrides,
});

describe('applyRules and ruleVerdict', () => {
  it.each([
    {
      name: 'no rule: triage stands',
      given: { ...NO_RULE_OUTCOME },
      result: { category: 'fyi', urgencyScore: 2 },
      ruleId: null,
      reasons: ['It shares information and asks nothing.'],
    },
    {
      name: 'a category: the score moves into its band',
      given: outcome({ category: { rule: a, category: 'urgent' } }),
      result: { category: 'urgent', urgencyScore: 8, ownCategory: 'urgent', ownUrgencyScore: 8 },
      ruleId: 'rule_a',
      reasons: [
        'Your rule “VIP clients” set the category to Urgent.',
        'It shares information and asks nothing.',
      ],
    },
    {
      name: 'a raise within the band',
      given: outcome({ minUrgency: [{ rule: b, value: 3 }] }),
      result: { category: 'fyi', urgencyScore: 3 },
      ruleId: 'rule_b',
      reasons: ['Your rule “Pager” raised the urgency to 3.', 'It shares information and asks nothing.'],
    },
    {
      name: 'a raise past the band stops at its top',
      given: outcome({ minUrgency: [{ rule: b, value: 9 }] }),
      result: { category: 'fyi', urgencyScore: 4 },
      ruleId: 'rule_b',
      reasons: [
        'Your rule “Pager” raised the urgency to 4, the highest FYI allows (it asks for at least 9).',
        'It shares information and asks nothing.',
      ],
    },
    {
      name: 'a raise below the score changes nothing',
      given: outcome({ minUrgency: [{ rule: b, value: 1 }] }),
      result: { category: 'fyi', urgencyScore: 2 },
      ruleId: null,
      reasons: ['It shares information and asks nothing.'],
    },
    {
      name: 'the category first, then every raise on its band; the earlier rule decides',
      given: outcome({
        category: { rule: b, category: 'action_required' },
        minUrgency: [
          { rule: a, value: 6 },
          { rule: b, value: 7 },
        ],
      }),
      result: { category: 'action_required', urgencyScore: 7 },
      ruleId: 'rule_a',
      reasons: [
        'Your rule “VIP clients” raised the urgency to 6.',
        'Your rule “Pager” set the category to Action required.',
        'Your rule “Pager” raised the urgency to 7.',
        'It shares information and asks nothing.',
      ],
    },
    {
      name: 'a category triage chose already is said, not counted',
      given: outcome({ category: { rule: a, category: 'fyi' }, escalate: b }),
      result: { category: 'fyi', urgencyScore: 2 },
      ruleId: null,
      reasons: [
        'Your rule “VIP clients” puts it in FYI too.',
        'Your rule “Pager” escalates it to your backup contact.',
        'It shares information and asks nothing.',
      ],
    },
  ])('$name', ({ given, result, ruleId, reasons }) => {
    const ruled = applyRules(triage(), given);
    expect(ruled).toMatchObject(result);
    expect(ruleVerdict(given, ruled.ruleEffects, ruled.reasons)).toEqual({ ruleId, reasons });
  });

  it('a VIP rule decides only when triage would have said otherwise without it', () => {
    const given = outcome({ markVip: a });
    const asVip = triage({ category: 'urgent', urgencyScore: 9 });
    const changed = applyRules(asVip, given, { category: 'action_required', urgencyScore: 6 });
    expect(ruleVerdict(given, changed.ruleEffects, []).ruleId).toBe('rule_a');
    const same = applyRules(asVip, given, { category: 'urgent', urgencyScore: 9 });
    expect(ruleVerdict(given, same.ruleEffects, [])).toEqual({
      ruleId: null,
      reasons: ['Your rule “VIP clients” treated the sender as a VIP.'],
    });
  });

  it('a resolved category keeps what the message was on its own', () => {
    const ruled = applyRules(triage(), outcome({ category: { rule: a, category: 'resolved' } }));
    expect(ruled).toMatchObject({
      category: 'resolved',
      urgencyScore: 2,
      ownCategory: 'fyi',
      ownUrgencyScore: 2,
    });
  });
});

describe('ruledAutoReply', () => {
  it.each([
    {
      name: 'suppresses a reply triage would send',
      send: true,
      rule: a,
      result: { send: false, reason: 'rule' },
      decided: true,
    },
    {
      name: 'leaves a refusal as it was',
      send: false,
      rule: a,
      result: { send: false, reason: 'list_header' },
      decided: false,
    },
    {
      name: 'without the rule the reply goes',
      send: true,
      rule: null,
      result: { send: true, reason: 'ok' },
      decided: false,
    },
  ])('$name', ({ send, rule, result, decided }) => {
    const decision = { send, reason: send ? ('ok' as const) : ('list_header' as const) };
    const given = outcome({ neverAutoReply: rule });
    const ruled = ruledAutoReply(decision, given, []);
    expect(ruled.decision).toEqual(result);
    expect(ruleVerdict(given, ruled.effects, []).ruleId).toBe(decided ? 'rule_a' : null);
    if (decided)
      expect(ruled.effects[0]?.reason).toBe('Your rule “VIP clients” kept Drift from answering it.');
  });
});

describe('rulesEscalate', () => {
  it.each([
    { reasons: ['Your rule “Pager” escalates it to your backup contact.'], escalates: true },
    { reasons: ['x', 'Your rule “A “quoted” name” escalates it to your backup contact.'], escalates: true },
    { reasons: ['Your rule “Pager” raised the urgency to 9.'], escalates: false },
    { reasons: [], escalates: false },
  ])('$reasons → $escalates', ({ reasons, escalates }) => {
    expect(rulesEscalate({ triageReasons: reasons })).toBe(escalates);
  });
});
