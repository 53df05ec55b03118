import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CredentialsCipher,
  CredentialsKeyError,
  generateEncryptionKey,
  parseEncryptionKey,
} from './credentials-cipher.ts';

const SECRET = 'app-password-abcd efgh ijkl';

describe('CredentialsCipher', () => {
  const cipher = new CredentialsCipher(randomBytes(32));

  it('opens what it sealed, and never shows the secret in the sealed form', () => {
    const sealed = cipher.seal(SECRET, 'acct_1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{12}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(SECRET);
    expect(Buffer.from(sealed.split('.').slice(2).join(''), 'base64url').toString('latin1')).not.toContain(
      'app-password',
    );
    expect(cipher.open(sealed, 'acct_1')).toBe(SECRET);
  });

  it('uses a fresh IV each time: the same secret seals differently', () => {
    expect(cipher.seal(SECRET, 'acct_1')).not.toBe(cipher.seal(SECRET, 'acct_1'));
  });

  const refusals: [string, (sealed: string) => [string, string, CredentialsCipher?], RegExp][] = [
    ['a secret moved to another account', (s) => [s, 'acct_2'], /altered or belongs to another account/],
    [
      'an altered ciphertext',
      (s) => {
        const parts = s.split('.');
        const body = Buffer.from(parts[4] ?? '', 'base64url');
        body[0] = (body[0] ?? 0) ^ 1;
        parts[4] = body.toString('base64url');
        return [parts.join('.'), 'acct_1'];
      },
      /altered/,
    ],
    [
      'another server key',
      (s) => [s, 'acct_1', new CredentialsCipher(randomBytes(32))],
      /another DRIFT_ENCRYPTION_KEY/,
    ],
    ['an unknown format', () => ['plain text', 'acct_1'], /not in a format/],
  ];
  it.each(refusals)('refuses %s', (_name, change, message) => {
    const [sealed, boundTo, opener = cipher] = change(cipher.seal(SECRET, 'acct_1'));
    expect(() => opener.open(sealed, boundTo)).toThrow(CredentialsKeyError);
    expect(() => opener.open(sealed, boundTo)).toThrow(message);
  });
});

describe('parseEncryptionKey', () => {
  it('takes 64 hex characters or base64 of 32 bytes', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(` ${key.toString('base64')}\n`)).toEqual(key);
    expect(parseEncryptionKey(generateEncryptionKey())).toHaveLength(32);
  });

  it.each(['', 'short', randomBytes(16).toString('base64'), randomBytes(33).toString('hex'), 'z'.repeat(64)])(
    'refuses %j',
    (text) => {
      expect(() => parseEncryptionKey(text)).toThrow(/must be 32 bytes/);
    },
  );
});
