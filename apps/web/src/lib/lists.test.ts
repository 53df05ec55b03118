import { describe, expect, it } from 'vitest';
import { invalidEmails, isEmail, parseList } from './lists.ts';

describe('lists', () => {
  it('splits on commas and new lines, trims, drops blanks and repeats', () => {
    expect(parseList(' a@x.com, b@y.org\n\nc@z.net ,A@X.com', { caseInsensitive: true })).toEqual([
      'a@x.com',
      'b@y.org',
      'c@z.net',
    ]);
    expect(parseList('outage\r\ncontract, outage')).toEqual(['outage', 'contract']);
  });

  it('tells addresses from the rest', () => {
    expect(isEmail('ana@example.com')).toBe(true);
    expect(isEmail('ana.b+tag@mail.example.co.uk')).toBe(true);
    expect(isEmail('bob@')).toBe(false);
    expect(isEmail('not an email')).toBe(false);
    expect(isEmail('Ana <ana@example.com>')).toBe(false);
    expect(invalidEmails(['ok@example.com', 'nope'])).toEqual(['nope']);
  });
});
