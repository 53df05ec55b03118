import { describe, expect, it } from 'vitest';
import { BASE62_ALPHABET } from './base62.ts';
import { hasIdPrefix, type IdPrefix, newId, randomBase62 } from './ids.ts';

const PREFIXES: IdPrefix[] = ['sess', 'em', 'pb', 'acct', 'key', 'thr', 'usr'];

describe('randomBase62', () => {
  it.each([0, 1, 20, 500])('returns exactly %i base62 characters', (length) => {
    const s = randomBase62(length);
    expect(s).toHaveLength(length);
    expect(s).toMatch(/^[0-9A-Za-z]*$/);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects length %s', (length) => {
    expect(() => randomBase62(length)).toThrow(RangeError);
  });

  it('uses every symbol with roughly equal frequency (no modulo bias)', () => {
    const perSymbol = 2000;
    const sample = randomBase62(62 * perSymbol);
    const counts = new Map<string, number>();
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // Naive `byte % 62` over-weights the first 8 symbols by 25%; ±15% is > 6 sigma for fair sampling.
    for (const ch of BASE62_ALPHABET) {
      const n = counts.get(ch) ?? 0;
      expect(n, `count for ${ch}`).toBeGreaterThan(perSymbol * 0.85);
      expect(n, `count for ${ch}`).toBeLessThan(perSymbol * 1.15);
    }
  });
});

describe('newId', () => {
  it.each(PREFIXES)('formats %s ids as prefix_ + 20 base62 chars', (prefix) => {
    const id = newId(prefix);
    expect(id).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{20}$`));
    expect(hasIdPrefix(id, prefix)).toBe(true);
  });

  it('does not repeat over 10k ids', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('sess')));
    expect(ids.size).toBe(10_000);
  });
});

describe('hasIdPrefix', () => {
  const body = 'a1B2c3D4e5F6g7H8i9J0';

  it.each([
    ['valid id', `sess_${body}`, 'sess', true],
    ['wrong prefix', `em_${body}`, 'sess', false],
    ['prefix of another prefix', `sess_${body}`, 'se' as IdPrefix, false],
    ['longer prefix sharing a start', `usrx_${body}`, 'usr', false],
    ['missing underscore', `sess${body}`, 'sess', false],
    ['body too short', `sess_${body.slice(1)}`, 'sess', false],
    ['body too long', `sess_${body}x`, 'sess', false],
    ['non-base62 character', `sess_${body.slice(1)}-`, 'sess', false],
    ['trailing newline', `sess_${body}\n`, 'sess', false],
    ['empty body', 'sess_', 'sess', false],
    ['empty string', '', 'sess', false],
  ] as const)('%s -> %s', (_label, id, prefix, expected) => {
    expect(hasIdPrefix(id, prefix)).toBe(expected);
  });
});
