import { randomBytes } from 'node:crypto';

export interface RawMail {
  from: string;
  fromName?: string;
  to: string;
  cc?: string;
  subject: string;
  body: string;
  /** With it, the message is multipart/alternative: `body` as text/plain, this as text/html. */
  html?: string;
  headers?: [string, string][];
  messageId?: string;
  inReplyTo?: string;
}

/** A RFC 5322 message with CRLF line endings and a fresh Message-ID (unless given). */
export function rawMail(mail: RawMail): string {
  const boundary = `b_${randomBytes(6).toString('hex')}`;
  const head = [
    `From: ${mail.fromName ? `"${mail.fromName}" ` : ''}<${mail.from}>`,
    `To: ${mail.to.includes('<') ? mail.to : `<${mail.to}>`}`,
    ...(mail.cc ? [`Cc: <${mail.cc}>`] : []),
    `Subject: ${mail.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${mail.messageId ?? `${randomBytes(8).toString('hex')}@e2e.drift.test`}>`,
    ...(mail.inReplyTo ? [`In-Reply-To: <${mail.inReplyTo}>`, `References: <${mail.inReplyTo}>`] : []),
    'MIME-Version: 1.0',
    ...(mail.headers ?? []).map(([name, value]) => `${name}: ${value}`),
  ];
  const part = (type: string, content: string) => [
    `Content-Type: ${type}; charset=utf-8`,
    'Content-Transfer-Encoding: 8bit',
    '',
    ...content.split('\n'),
  ];
  const body = mail.html
    ? [
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        ...part('text/plain', mail.body),
        `--${boundary}`,
        ...part('text/html', mail.html),
        `--${boundary}--`,
      ]
    : part('text/plain', mail.body);
  return [...head, ...body, ''].join('\r\n');
}
