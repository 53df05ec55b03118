import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutgoingMail } from './outgoing-mail.ts';

export interface SentMail {
  messageId: string;
  /** Where it went: the SMTP server's answer, or the .eml file written. */
  destination: string;
}

export interface MailTransport {
  /** Resolves only once the transport accepted the message; rejects otherwise. */
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

const bracket = (id: string) => `<${id}>`;

function toNodemailer(mail: OutgoingMail) {
  return {
    envelope: { from: mail.envelopeFrom, to: [mail.to] },
    from: mail.from.name ? { name: mail.from.name, address: mail.from.address } : mail.from.address,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html && { html: mail.html }),
    messageId: bracket(mail.messageId),
    ...(mail.inReplyTo && { inReplyTo: bracket(mail.inReplyTo) }),
    ...(mail.references?.length && { references: mail.references.map(bracket) }),
    headers: mail.headers ?? {},
  };
}

export class MailTransportError extends Error {
  override name = 'MailTransportError';
}

/** SMTP to `smtpUrl` when set; otherwise every message becomes an .eml file under `outboxDir`. */
export function createMailTransport(options: { smtpUrl?: string; outboxDir: string }): MailTransport {
  if (options.smtpUrl) {
    const smtp = nodemailer.createTransport(options.smtpUrl);
    return {
      async send(mail) {
        const info = await smtp.sendMail(toNodemailer(mail));
        if (info.rejected.length > 0) throw new MailTransportError(`Recipient rejected: ${info.response}`);
        return { messageId: mail.messageId, destination: info.response };
      },
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await stream.sendMail(toNodemailer(mail));
      await mkdir(options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^\w.-]/g, '_')}.eml`;
      const path = join(options.outboxDir, name);
      // Written under a temporary name first so that a reader never sees half a message.
      await writeFile(`${path}.tmp`, info.message as Buffer);
      await rename(`${path}.tmp`, path);
      return { messageId: mail.messageId, destination: path };
    },
    close: () => stream.close(),
  };
}
