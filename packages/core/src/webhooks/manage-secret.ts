import { randomBytes } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** 192 bits: Standard Webhooks asks for 24 to 64 bytes; 24 encode to 32 base64 characters, unpadded. */
const WEBHOOK_SECRET_BYTES = 24;

/** A new signing secret, as Standard Webhooks writes them: `whsec_` and the key in base64. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(WEBHOOK_SECRET_BYTES).toString('base64')}`;
}
