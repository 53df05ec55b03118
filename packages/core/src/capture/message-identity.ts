import { createHash } from 'node:crypto';
import type { Email } from '@drift/db';
import type { ParsedMessage } from '@drift/mail';

const SYNTHETIC_ID_SUFFIX = '@drift.invalid';

/** Messages without a Message-ID still need one identity, so that a retry is recognised. */
export function messageIdOf(parsed: ParsedMessage, raw: Buffer): string {
  return parsed.messageId ?? `sha256-${createHash('sha256').update(raw).digest('hex')}${SYNTHETIC_ID_SUFFIX}`;
}

/** The sender's own Message-ID, or null when we made one up for de-duplication only. */
export function senderMessageId(email: Pick<Email, 'messageId'>): string | null {
  return email.messageId.endsWith(SYNTHETIC_ID_SUFFIX) ? null : email.messageId;
}
