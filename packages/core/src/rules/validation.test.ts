import type { RuleAction, RuleCondition } from '@drift/contract';
import { DomainError } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { validActions, validConditions } from './validation.ts';

function refusal(run: () => unknown): { message: string; fields: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_ERROR')
      return { message: error.message, fields: error.details?.fields };
    throw error;
  }
  throw new Error('expected a VALIDATION_ERROR');
}

describe('validConditions', () => {
  it.each<{ given: RuleCondition; stored: RuleCondition }>([
    {
      given: { field: 'from_address', value: ' Ana@Client.Example ' },
      stored: { field: 'from_address', value: 'ana@client.example' },
    },
    {
      given: { field: 'from_domain', value: '@Client.Example' },
      stored: { field: 'from_domain', value: 'client.example' },
    },
    {
      given: { field: 'from_domain', value: '*.client.example' },
      stored: { field: 'from_domain', value: 'client.example' },
    },
    { given: { field: 'subject', value: 'Invoice' }, stored: { field: 'subject', value: 'Invoice' } },
    {
      given: { field: 'list_id', value: 'news.example' },
      stored: { field: 'list_id', value: 'news.example' },
    },
    {
      given: { field: 'header', name: ' X-Priority ', value: '1' },
      stored: { field: 'header', name: 'X-Priority', value: '1' },
    },
  ])('stores $given.field as matched', ({ given, stored }) => {
    expect(validConditions([given])).toEqual([stored]);
  });

  it.each<{ given: RuleCondition; field: string; message: string }>([
    {
      given: { field: 'from_address', value: 'ana' },
      field: 'conditions.0.value',
      message: 'from_address must be one email address, such as ana@example.com (not “ana”)',
    },
    {
      given: { field: 'from_address', value: 'a@b.example, c@d.example' },
      field: 'conditions.0.value',
      message:
        'from_address must be one email address, such as ana@example.com (not “a@b.example, c@d.example”)',
    },
    {
      given: { field: 'from_domain', value: 'ana@client.example' },
      field: 'conditions.0.value',
      message: 'from_domain must be a domain, such as example.com (not “ana@client.example”)',
    },
    {
      given: { field: 'from_domain', value: 'https://client.example' },
      field: 'conditions.0.value',
      message: 'from_domain must be a domain, such as example.com (not “https://client.example”)',
    },
    {
      given: { field: 'header', value: '1' },
      field: 'conditions.0.name',
      message: 'a header condition needs the header name, such as X-Priority',
    },
    {
      given: { field: 'header', name: 'X Priority:', value: '1' },
      field: 'conditions.0.name',
      message: '“X Priority:” is not a header name (letters, digits and dashes, no colon or space)',
    },
    {
      given: { field: 'subject', name: 'Subject', value: 'x' },
      field: 'conditions.0.name',
      message: 'name is only for header conditions, not subject',
    },
  ])('refuses $given.field “$given.value”', ({ given, field, message }) => {
    expect(refusal(() => validConditions([given]))).toEqual({
      message: `${field}: ${message}`,
      fields: [{ field, message }],
    });
  });

  it('names every bad condition by its place', () => {
    const { fields } = refusal(() =>
      validConditions([
        { field: 'subject', value: 'ok' },
        { field: 'from_address', value: 'x' },
        { field: 'from_domain', value: 'a b' },
      ]),
    );
    expect((fields as { field: string }[]).map((f) => f.field)).toEqual([
      'conditions.1.value',
      'conditions.2.value',
    ]);
  });
});

describe('validActions', () => {
  it('keeps one of each action', () => {
    const actions: RuleAction[] = [
      { type: 'set_category', category: 'urgent' },
      { type: 'min_urgency', value: 9 },
      { type: 'never_auto_reply' },
      { type: 'escalate' },
      { type: 'mark_vip' },
    ];
    expect(validActions(actions)).toEqual(actions);
  });

  it('refuses an action given twice', () => {
    expect(
      refusal(() =>
        validActions([
          { type: 'set_category', category: 'urgent' },
          { type: 'set_category', category: 'fyi' },
        ]),
      ),
    ).toEqual({
      message: 'actions.1.type: the action set_category is given twice; a rule does each once',
      fields: [
        { field: 'actions.1.type', message: 'the action set_category is given twice; a rule does each once' },
      ],
    });
  });
});
