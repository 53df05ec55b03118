import { describe, expect, it } from 'vitest';
import {
  API_KEY_PREFIX,
  constantTimeEqual,
  generateApiKey,
  generateSecretToken,
  hashApiKey,
  looksLikeApiKey,
} from './api-keys.ts';
import { base62Width, encodeBase62 } from './base62.ts';

const KEY_PATTERN = /^drift_[0-9A-Za-z]{43}$/;

function decodeBase62(s: string): bigint {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let n = 0n;
  for (const ch of s) n = n * 62n + BigInt(alphabet.indexOf(ch));
  return n;
}

describe('base62 encoding', () => {
  it.each([
    [16, 22],
    [24, 33],
    [32, 43],
  ])('%i bytes need %i digits', (bytes, width) => {
    expect(base62Width(bytes)).toBe(width);
  });

  it('left-pads small values to the fixed width', () => {
    expect(encodeBase62(new Uint8Array(32))).toBe('0'.repeat(43));
    expect(encodeBase62(Uint8Array.from([...new Array(31).fill(0), 61]))).toBe(`${'0'.repeat(42)}z`);
  });

  it('round-trips the largest 256-bit value within 43 digits', () => {
    const encoded = encodeBase62(new Uint8Array(32).fill(0xff));
    expect(encoded).toHaveLength(43);
    expect(decodeBase62(encoded)).toBe((1n << 256n) - 1n);
  });
});

describe('generateApiKey', () => {
  it('returns a drift_ key of 49 chars with its hash and display prefix', () => {
    const { key, hash, displayPrefix } = generateApiKey();
    expect(API_KEY_PREFIX).toBe('drift_');
    expect(key).toMatch(KEY_PATTERN);
    expect(key).toHaveLength(49);
    expect(hash).toBe(hashApiKey(key));
    expect(displayPrefix).toBe(key.slice(0, 12));
    expect(displayPrefix).toHaveLength(12);
    expect(looksLikeApiKey(key)).toBe(true);
  });

  it('never repeats keys over 1000 generations', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });
});

describe('hashApiKey', () => {
  it('is lowercase hex sha256 of the UTF-8 key', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('differs for different keys and is stable for the same key', () => {
    const key = `drift_${'A'.repeat(43)}`;
    const neighbour = `drift_${'A'.repeat(42)}B`;
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(neighbour));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('looksLikeApiKey', () => {
  const body = 'A'.repeat(43);

  it.each([
    ['well-formed key', `drift_${body}`, true],
    ['wrong prefix case', `Drift_${body}`, false],
    ['missing prefix', body, false],
    ['other prefix', `sk_${body}`, false],
    ['body one short', `drift_${body.slice(1)}`, false],
    ['body one long', `drift_${body}A`, false],
    ['non-base62 char', `drift_${body.slice(1)}_`, false],
    ['surrounding whitespace', ` drift_${body} `, false],
    ['trailing newline', `drift_${body}\n`, false],
    ['empty', '', false],
  ])('%s -> %s', (_label, value, expected) => {
    expect(looksLikeApiKey(value)).toBe(expected);
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['identical', 'abc', 'abc', true],
    ['both empty', '', '', true],
    ['same length, different', 'abc', 'abd', false],
    ['different length', 'abc', 'abcd', false],
    ['empty vs non-empty', '', 'a', false],
    ['same char count, different byte length', 'é', 'e', false],
  ])('%s -> %s', (_label, a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
    expect(constantTimeEqual(b, a)).toBe(expected);
  });
});

describe('generateSecretToken', () => {
  it('defaults to 24 random bytes encoded as 33 base62 chars', () => {
    expect(generateSecretToken()).toMatch(/^[0-9A-Za-z]{33}$/);
  });

  it('honours a custom byte count', () => {
    expect(generateSecretToken(16)).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateSecretToken()));
    expect(tokens.size).toBe(1000);
  });

  it.each([0, -1, 1.5, 2048])('rejects byte count %s', (bytes) => {
    expect(() => generateSecretToken(bytes)).toThrow(RangeError);
  });
});
