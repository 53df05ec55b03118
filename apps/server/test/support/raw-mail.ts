// Raw RFC 5322 messages written by hand for the inbound tests: CRLF line endings, real headers,
// RFC 2047 encoded words for non-ASCII subjects and names. The presets are deliberately
// unambiguous for triage (see /work/shared/triage/LABELS.md): a colleague's direct question, a
// List-Id digest, a discount blast.
import { randomBytes } from 'node:crypto';

/** The mailbox every inbound test writes to (LABELS.md): Alex Morgan, with one alias. */
export const OWNER = {
  name: 'Alex Morgan',
  address: 'alex@acme.test',
  alias: 'alex.morgan@acme.test',
} as const;

export const BEN = { name: 'Ben Okafor', address: 'ben.okafor@acme.test' } as const;
export const PRIYA = { name: 'Priya Raman', address: 'priya.raman@acme.test' } as const;
export const JONAS = { name: 'Jonas Weber', address: 'jonas.weber@acme.test' } as const;
export const CAROL = { name: 'Carol Diaz', address: 'carol.diaz@partner.test' } as const;

export interface Mailbox {
  name?: string | null;
  address: string;
}

export type AddressInput = string | Mailbox;

export interface RawMailOptions {
  from?: AddressInput | null;
  to?: AddressInput | AddressInput[] | null;
  cc?: AddressInput | AddressInput[];
  subject?: string | null;
  /** Without angle brackets. Defaults to a fresh unique id; `null` writes no Message-ID at all. */
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  /** Extra header fields, written after the standard ones in this order (name, value). */
  headers?: ReadonlyArray<readonly [string, string]>;
  /** Plain text; line breaks become CRLF. */
  body?: string;
  /** Makes it multipart/mixed: the text part, then this file as base64. */
  attachment?: { filename: string; contentType: string; content: Buffer };
}

let sequence = 0;

/** A fresh, unique Message-ID (without brackets) on a sender-like domain. */
export function uniqueMessageId(domain = 'mail.acme.test'): string {
  sequence++;
  return `test-${Date.now().toString(36)}-${sequence}-${randomBytes(6).toString('hex')}@${domain}`;
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** An RFC 2047 encoded word when the text is not plain ASCII. */
export function encodeWord(text: string): string {
  return isAscii(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function formatAddress(input: AddressInput): string {
  const mailbox = typeof input === 'string' ? { address: input } : input;
  if (!mailbox.name) return `<${mailbox.address}>`;
  const name = isAscii(mailbox.name)
    ? `"${mailbox.name.replace(/(["\\])/g, '\\$1')}"`
    : encodeWord(mailbox.name);
  return `${name} <${mailbox.address}>`;
}

function addressList(value: AddressInput | AddressInput[]): string {
  return (Array.isArray(value) ? value : [value]).map(formatAddress).join(', ');
}

/** RFC 5322 date-time, e.g. `Tue, 10 Mar 2026 11:30:00 +0000`. */
function formatDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/**
 * One raw message, CRLF throughout. Defaults: from Ben to Alex, a fresh Message-ID, a plain-text
 * body with a direct question (the clearest `action_required` there is).
 */
export function buildRawMail(options: RawMailOptions = {}): string {
  const from = options.from === undefined ? BEN : options.from;
  const to = options.to === undefined ? OWNER : options.to;
  const subject = options.subject === undefined ? 'Question about the Q2 hiring plan' : options.subject;
  const messageId = options.messageId === undefined ? uniqueMessageId() : options.messageId;
  const body = options.body ?? colleagueQuestionBody('Alex');

  const lines: string[] = [];
  if (from) lines.push(`From: ${addressList(from)}`);
  if (to && (!Array.isArray(to) || to.length > 0)) lines.push(`To: ${addressList(to)}`);
  if (options.cc && (!Array.isArray(options.cc) || options.cc.length > 0))
    lines.push(`Cc: ${addressList(options.cc)}`);
  if (subject !== null) lines.push(`Subject: ${encodeWord(subject)}`);
  lines.push(`Date: ${formatDate(options.date ?? new Date('2026-03-10T11:30:00.000Z'))}`);
  if (messageId !== null) lines.push(`Message-ID: <${messageId}>`);
  if (options.inReplyTo) lines.push(`In-Reply-To: <${options.inReplyTo}>`);
  if (options.references?.length) {
    // Folded the way mail clients write long References fields.
    lines.push(`References: ${options.references.map((id) => `<${id}>`).join('\r\n ')}`);
  }
  for (const [name, value] of options.headers ?? []) lines.push(`${name}: ${value}`);
  lines.push('MIME-Version: 1.0');
  const encoding = `Content-Transfer-Encoding: ${isAscii(body.replace(/\n/g, ' ')) ? '7bit' : '8bit'}`;
  const text = `${body.replace(/\r?\n/g, '\r\n')}\r\n`;
  const { attachment } = options;
  if (!attachment) {
    lines.push('Content-Type: text/plain; charset="UTF-8"', encoding);
    return `${lines.join('\r\n')}\r\n\r\n${text}`;
  }
  const boundary = `----=_drift_test_${randomBytes(8).toString('hex')}`;
  lines.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
  const base64 = attachment.content.toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `${lines.join('\r\n')}\r\n`,
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    encoding,
    '',
    text,
    `--${boundary}`,
    `Content-Type: ${attachment.contentType}; name="${attachment.filename}"`,
    `Content-Disposition: attachment; filename="${attachment.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64.replace(/\r\n$/, ''),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** A colleague asking the owner one direct question, no deadline: `action_required` by the rules. */
export function colleagueQuestionBody(greeting: string, signature = 'Ben'): string {
  return [
    `Hi ${greeting},`,
    '',
    'Could you review the Q2 hiring plan I put in the shared folder and let me know whether you are OK with opening the two backend roles?',
    '',
    'I need your approval before I can post the roles.',
    '',
    'Thanks,',
    signature,
  ].join('\n');
}

/** A colleague's direct question (action_required), from anyone to the owner. */
export function colleagueQuestion(options: RawMailOptions = {}): string {
  return buildRawMail(options);
}

/** A message of a preset sender, subject, headers and body; `options` change the rest, and add headers. */
function preset(base: {
  from: Mailbox;
  subject: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body: readonly string[];
}): (options?: RawMailOptions) => string {
  return (options = {}) =>
    buildRawMail({
      from: base.from,
      subject: base.subject,
      ...options,
      headers: [...(base.headers ?? []), ...(options.headers ?? [])],
      body: base.body.join('\n'),
    });
}

/** A recurring editorial digest from a list: `newsletter` by the rules (List-Id, Precedence: bulk). */
export const listDigest = preset({
  from: { name: 'The Weekly Engineer', address: 'editor@weekly-engineer.test' },
  subject: 'The Weekly Engineer #312: queues, caches and the cost of retries',
  headers: [
    ['List-Id', 'The Weekly Engineer <weekly.weekly-engineer.test>'],
    ['List-Unsubscribe', '<https://weekly-engineer.test/unsubscribe?u=8812>'],
    ['Precedence', 'bulk'],
  ],
  body: [
    'This week in the digest:',
    '',
    '1. Why your retry policy is a denial of service waiting to happen (12 min read)',
    '2. Cache stampedes, explained with one diagram',
    '3. Reader mail: moving a monolith queue to Postgres',
    '',
    'Thanks for reading this issue. See you next week.',
    '',
    'You are receiving this because you subscribed to The Weekly Engineer.',
    'Unsubscribe: https://weekly-engineer.test/unsubscribe?u=8812',
  ],
});

/** Marketing with no list headers at all, so only its category can stop an auto-reply. */
export const promoBlast = preset({
  from: { name: 'GadgetHub Deals', address: 'deals@gadgethub.test' },
  subject: 'Flash sale: 50% off all headphones - limited time only',
  body: [
    'Flash sale! Get 50% off every pair of headphones in our store.',
    '',
    'Limited time offer: use code SAVE50 at checkout for an extra discount.',
    'Exclusive deal for our customers - shop now, stock is limited.',
    '',
    'Free shipping on all orders over $50. Buy now and save $120.',
  ],
});
