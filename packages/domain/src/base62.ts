// Internal helpers shared by ids.ts and api-keys.ts; deliberately not re-exported from index.ts.

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const BASE62_CHARS = '[0-9A-Za-z]';

/** Smallest number of base62 digits that can represent every value of `byteLength` bytes. */
export function base62Width(byteLength: number): number {
  const max = 1n << BigInt(byteLength * 8);
  let width = 0;
  let capacity = 1n;
  while (capacity < max) {
    capacity *= 62n;
    width += 1;
  }
  return width;
}

/**
 * Encodes bytes as one big-endian number in base62, left-padded so every output of the same
 * byte length has the same width (fixed-width keys are easy to validate by format alone).
 */
export function encodeBase62(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = BASE62_ALPHABET.charAt(Number(n % 62n)) + out;
    n /= 62n;
  }
  return out.padStart(base62Width(bytes.length), BASE62_ALPHABET.charAt(0));
}
