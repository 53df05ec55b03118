import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BASE62_CHARS, base62Width, encodeBase62 } from './base62.ts';

export const API_KEY_PREFIX = 'drift_';

const API_KEY_BYTES = 32;
const API_KEY_BODY_LENGTH = base62Width(API_KEY_BYTES);
const DISPLAY_PREFIX_LENGTH = 12;

const API_KEY_PATTERN = new RegExp(`^${API_KEY_PREFIX}${BASE62_CHARS}{${API_KEY_BODY_LENGTH}}$`);

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): { key: string; hash: string; displayPrefix: string } {
  const key = API_KEY_PREFIX + encodeBase62(randomBytes(API_KEY_BYTES));
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export function looksLikeApiKey(s: string): boolean {
  return typeof s === 'string' && API_KEY_PATTERN.test(s);
}

export function constantTimeEqual(a: string, b: string): boolean {
  const bufA = Buffer.from(a, 'utf8');
  const bufB = Buffer.from(b, 'utf8');
  // timingSafeEqual throws on unequal lengths; leaking only the length is acceptable here.
  if (bufA.length !== bufB.length) return false;
  return timingSafeEqual(bufA, bufB);
}

export function generateSecretToken(bytes = 24): string {
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new RangeError(`bytes must be an integer between 1 and 1024, got ${bytes}`);
  }
  return encodeBase62(randomBytes(bytes));
}
