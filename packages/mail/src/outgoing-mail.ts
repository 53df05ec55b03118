import { randomBytes } from 'node:crypto';

/** A message we send; addresses without angle brackets, ids without them too. */
export interface OutgoingMail {
  from: { address: string; name: string | null };
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  /** SMTP MAIL FROM; '' sends the null sender `<>` so that bounces never come back to a robot loop. */
  envelopeFrom: string;
}

/** A fresh Message-ID on the sender's own domain, as RFC 5322 asks. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'drift.invalid';
  return `${Date.now().toString(36)}.${randomBytes(12).toString('hex')}@${domain}`;
}

export interface AutoReplyInput {
  /** `messageId` null: the original had none, so the reply can name no parent (RFC 5322 3.6.4). */
  original: { messageId: string | null; references: string[]; subject: string; fromAddress: string };
  owner: { address: string; name: string | null };
  message: string;
}

/** The RFC 3834 auto-reply: marked auto-replied, threaded to the original, null envelope sender. */
export function composeAutoReply({ original, owner, message }: AutoReplyInput): OutgoingMail {
  const subject = original.subject.trim() ? `Auto: ${original.subject.trim()}` : 'Auto: out of office';
  return {
    from: owner,
    to: original.fromAddress,
    subject,
    text: message,
    messageId: newMessageId(owner.address),
    ...(original.messageId && {
      inReplyTo: original.messageId,
      references: [...original.references.filter((id) => id !== original.messageId), original.messageId],
    }),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    envelopeFrom: '',
  };
}
