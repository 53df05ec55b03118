import { describe, expect, it } from 'vitest';
import { BODY_HTML_MAX_CHARS, readerHeaders, storedHtml } from './reader-fields.ts';

describe('readerHeaders', () => {
  it.each([
    ['none of them', { subject: ['Hi'], received: ['from a by b'] }, []],
    [
      'the reader headers in their fixed order, with their usual spelling',
      {
        'return-path': ['<bounce@list.test>'],
        'list-id': ['Weekly <weekly.list.test>'],
        date: ['Tue, 10 Mar 2026 11:30:00 +0000'],
        'x-priority': ['1 (Highest)'],
        precedence: ['bulk'],
      },
      [
        { name: 'Date', value: 'Tue, 10 Mar 2026 11:30:00 +0000' },
        { name: 'List-Id', value: 'Weekly <weekly.list.test>' },
        { name: 'Precedence', value: 'bulk' },
        { name: 'X-Priority', value: '1 (Highest)' },
        { name: 'Return-Path', value: '<bounce@list.test>' },
      ],
    ],
    [
      'every value of a repeated header',
      { 'reply-to': ['a@x.test', 'b@x.test'] },
      [
        { name: 'Reply-To', value: 'a@x.test' },
        { name: 'Reply-To', value: 'b@x.test' },
      ],
    ],
  ])('%s', (_case, headers, expected) => {
    expect(readerHeaders(headers)).toEqual(expected);
  });

  it('cuts a giant value', () => {
    const [header] = readerHeaders({ 'list-unsubscribe': ['x'.repeat(100_000)] });
    expect(header?.value.length).toBe(2_000);
  });
});

describe('storedHtml', () => {
  it.each([
    ['no HTML part', null, null],
    ['a small part as is', '<p>Hi</p>', '<p>Hi</p>'],
  ])('keeps %s', (_case, html, expected) => {
    expect(storedHtml(html)).toBe(expected);
  });

  it('cuts a giant part at the cap, never inside a surrogate pair', () => {
    expect(storedHtml('a'.repeat(BODY_HTML_MAX_CHARS + 10))?.length).toBe(BODY_HTML_MAX_CHARS);
    const emoji = `${'a'.repeat(BODY_HTML_MAX_CHARS - 1)}😀tail`;
    expect(storedHtml(emoji)).toBe('a'.repeat(BODY_HTML_MAX_CHARS - 1));
  });
});
