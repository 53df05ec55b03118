import type { RuleAction, RuleCondition } from '@drift/contract';
import { describe, expect, it } from 'vitest';
import { conditionMatches, type EvaluatedRule, matchRules, type RuleMessage } from './match.ts';

const message = (overrides: Partial<RuleMessage> = {}): RuleMessage => ({
  from: { address: 'ana@mail.client.example' },
  subject: 'Contract RENEWAL due Friday',
  text: 'Please sign the contract by Friday.',
  headers: {
    'list-id': ['Client news <news.client.example>'],
    'x-priority': ['1 (Highest)'],
  },
  ...overrides,
});

describe('conditionMatches', () => {
  it.each<{ condition: RuleCondition; matches: boolean; on?: Partial<RuleMessage> }>([
    { condition: { field: 'from_address', value: 'ana@mail.client.example' }, matches: true },
    { condition: { field: 'from_address', value: 'ANA@Mail.Client.Example' }, matches: true },
    { condition: { field: 'from_address', value: 'ana@client.example' }, matches: false },
    {
      condition: { field: 'from_address', value: 'ana@mail.client.example' },
      matches: false,
      on: { from: null },
    },
    { condition: { field: 'from_domain', value: 'mail.client.example' }, matches: true },
    { condition: { field: 'from_domain', value: 'client.example' }, matches: true },
    { condition: { field: 'from_domain', value: 'Client.Example' }, matches: true },
    { condition: { field: 'from_domain', value: 'example' }, matches: true },
    // A suffix that is not a whole label is another domain.
    { condition: { field: 'from_domain', value: 'ent.example' }, matches: false },
    { condition: { field: 'from_domain', value: 'other.example' }, matches: false },
    { condition: { field: 'from_domain', value: 'client.example' }, matches: false, on: { from: null } },
    { condition: { field: 'subject', value: 'renewal' }, matches: true },
    { condition: { field: 'subject', value: 'invoice' }, matches: false },
    { condition: { field: 'body', value: 'SIGN THE' }, matches: true },
    { condition: { field: 'body', value: 'invoice' }, matches: false },
    { condition: { field: 'list_id', value: 'news.client.example' }, matches: true },
    { condition: { field: 'list_id', value: 'news.client.example' }, matches: false, on: { headers: {} } },
    { condition: { field: 'header', name: 'X-Priority', value: 'highest' }, matches: true },
    { condition: { field: 'header', name: 'x-priority', value: '1' }, matches: true },
    { condition: { field: 'header', name: 'X-Priority', value: '5' }, matches: false },
    { condition: { field: 'header', name: 'X-Missing', value: '1' }, matches: false },
  ])('$condition.field $condition.value → $matches', ({ condition, matches, on }) => {
    expect(conditionMatches(condition, message(on))).toBe(matches);
  });
});

const rule = (id: string, conditions: RuleCondition[], actions: RuleAction[]): EvaluatedRule => ({
  id,
  name: `Rule ${id}`,
  conditions,
  actions,
});
const ref = (id: string) => ({ id, name: `Rule ${id}` });

describe('matchRules', () => {
  const fromClient: RuleCondition = { field: 'from_domain', value: 'client.example' };
  const aboutInvoices: RuleCondition = { field: 'subject', value: 'invoice' };

  it.each([
    {
      name: 'no rules',
      rules: [],
      expected: {
        matched: [],
        category: null,
        minUrgency: [],
        neverAutoReply: null,
        escalate: null,
        markVip: null,
      },
    },
    {
      name: 'every condition must match',
      rules: [rule('a', [fromClient, aboutInvoices], [{ type: 'escalate' }])],
      expected: { matched: [], escalate: null },
    },
    {
      name: 'the first rule that sets a category wins',
      rules: [
        rule('a', [fromClient], [{ type: 'min_urgency', value: 5 }]),
        rule('b', [fromClient], [{ type: 'set_category', category: 'urgent' }]),
        rule('c', [fromClient], [{ type: 'set_category', category: 'fyi' }]),
      ],
      expected: {
        matched: [ref('a'), ref('b'), ref('c')],
        category: { rule: ref('b'), category: 'urgent' },
        minUrgency: [{ rule: ref('a'), value: 5 }],
      },
    },
    {
      name: 'every urgency raise counts, flags come from the first',
      rules: [
        rule('a', [fromClient], [{ type: 'min_urgency', value: 5 }, { type: 'never_auto_reply' }]),
        rule('b', [aboutInvoices], [{ type: 'min_urgency', value: 9 }]),
        rule(
          'c',
          [fromClient],
          [{ type: 'min_urgency', value: 8 }, { type: 'never_auto_reply' }, { type: 'mark_vip' }],
        ),
        rule('d', [fromClient], [{ type: 'escalate' }, { type: 'mark_vip' }]),
      ],
      expected: {
        matched: [ref('a'), ref('c'), ref('d')],
        minUrgency: [
          { rule: ref('a'), value: 5 },
          { rule: ref('c'), value: 8 },
        ],
        neverAutoReply: ref('a'),
        markVip: ref('c'),
        escalate: ref('d'),
      },
    },
    {
      name: 'a rule without conditions never matches',
      rules: [rule('a', [], [{ type: 'escalate' }])],
      expected: { matched: [], escalate: null },
    },
  ])('$name', ({ rules, expected }) => {
    expect(matchRules(rules as EvaluatedRule[], message())).toMatchObject(expected);
  });
});
