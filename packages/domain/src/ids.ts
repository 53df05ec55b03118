import { randomBytes } from 'node:crypto';
import { BASE62_ALPHABET, BASE62_CHARS } from './base62.ts';

export type IdPrefix =
  | 'sess'
  | 'em'
  | 'pb'
  | 'acct'
  | 'key'
  | 'thr'
  | 'usr'
  | 'ar'
  | 'ws'
  | 'idem'
  | 'mbx'
  | 'cc'
  | 'wh'
  | 'msg'
  | 'wha'
  | 'rule'
  | 'esc';

const ID_BODY_LENGTH = 20;

// 248 = 4 * 62: bytes at or above it are discarded so each symbol is equally likely (no modulo bias).
const REJECTION_THRESHOLD = 248;

export function randomBase62(length: number): string {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`length must be a non-negative integer, got ${length}`);
  }
  let out = '';
  while (out.length < length) {
    // Over-request a little so one batch almost always suffices despite rejections (~3%).
    const batch = randomBytes(Math.ceil((length - out.length) * 1.1) + 4);
    for (const b of batch) {
      if (b >= REJECTION_THRESHOLD) continue;
      out += BASE62_ALPHABET.charAt(b % 62);
      if (out.length === length) break;
    }
  }
  return out;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(ID_BODY_LENGTH)}`;
}

const ID_BODY_PATTERN = new RegExp(`^${BASE62_CHARS}{${ID_BODY_LENGTH}}$`);

export function hasIdPrefix(id: string, prefix: IdPrefix): boolean {
  if (typeof id !== 'string' || !id.startsWith(`${prefix}_`)) return false;
  return ID_BODY_PATTERN.test(id.slice(prefix.length + 1));
}
