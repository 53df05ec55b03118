import { describe, expect, it } from 'vitest';
import { parseList } from './lists.ts';

describe('lists', () => {
  it('splits on commas and new lines, trims, drops blanks and repeats', () => {
    expect(parseList(' a@x.com, b@y.org\n\nc@z.net ,A@X.com', { caseInsensitive: true })).toEqual([
      'a@x.com',
      'b@y.org',
      'c@z.net',
    ]);
    expect(parseList('outage\r\ncontract, outage')).toEqual(['outage', 'contract']);
  });
});
