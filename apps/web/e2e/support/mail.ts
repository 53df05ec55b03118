import { randomBytes } from 'node:crypto';

export interface RawMail {
  from: string;
  fromName?: string;
  to: string;
  subject: string;
  body: string;
  headers?: [string, string][];
}

/** A plain RFC 5322 message with CRLF line endings and a fresh Message-ID. */
export function rawMail(mail: RawMail): string {
  const lines = [
    `From: ${mail.fromName ? `"${mail.fromName}" ` : ''}<${mail.from}>`,
    `To: <${mail.to}>`,
    `Subject: ${mail.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomBytes(8).toString('hex')}@e2e.drift.test>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    ...(mail.headers ?? []).map(([name, value]) => `${name}: ${value}`),
    '',
    ...mail.body.split('\n'),
    '',
  ];
  return lines.join('\r\n');
}
