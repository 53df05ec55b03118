import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

export class CredentialsKeyError extends Error {
  override name = 'CredentialsKeyError';
}

/** `DRIFT_ENCRYPTION_KEY`: 32 bytes as 64 hex characters or as base64. */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(trimmed) && key.toString('base64') !== trimmed)) {
    throw new CredentialsKeyError(
      'must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)',
    );
  }
  return key;
}

export function generateEncryptionKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/**
 * Seals mailbox secrets with AES-256-GCM: a fresh 96-bit IV per secret, the 128-bit tag checked on
 * opening, and the row's owner bound in as additional data, so that a sealed secret copied onto
 * another account's row does not open. The key's fingerprint travels with it, so that a server
 * started with another key says so instead of failing obscurely.
 */
export class CredentialsCipher {
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new CredentialsKeyError(`the key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
    this.keyId = createHash('sha256').update('drift-credentials-key').update(key).digest('hex').slice(0, 12);
  }

  seal(secret: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, this.keyId, ...parts].join('.');
  }

  open(sealed: string, boundTo: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !keyId || !iv || !tag || body === undefined) {
      throw new CredentialsKeyError('the stored secret is not in a format this server knows');
    }
    if (keyId !== this.keyId) {
      throw new CredentialsKeyError(
        'the stored secret was sealed with another DRIFT_ENCRYPTION_KEY; start the server with that key, or connect the mailbox again',
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new CredentialsKeyError(
        'the stored secret does not open: it was altered or belongs to another account',
      );
    }
  }
}
