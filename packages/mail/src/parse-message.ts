import { convert } from 'html-to-text';
import libmime from 'libmime';
import { type AddressObject, type EmailAddress, simpleParser } from 'mailparser';

export interface MailAddress {
  /** Lower-cased: addresses are compared everywhere (VIP lists, own addresses, answered senders). */
  address: string;
  name: string | null;
}

export interface ParsedMessage {
  /** Without the angle brackets, as written in the header. */
  messageId: string | null;
  inReplyTo: string | null;
  /** Without angle brackets, in header order (oldest ancestor first when the sender follows RFC 5322). */
  references: string[];
  /** Decoded; '' when absent. */
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  date: Date | null;
  /** '' for the null sender `<>` (bounces, auto-replies); null when there is no Return-Path header. */
  returnPath: string | null;
  /** Lower-case header name -> every value in order, unfolded and RFC 2047-decoded. */
  headers: Record<string, string[]>;
  /** The best plain text of the body: the text/plain part, else text derived from the HTML part. */
  text: string;
  /** The HTML part as sent (unsanitised: never render it as is); null for text-only mail. */
  html: string | null;
}

/**
 * Thrown when the input is not an RFC 5322 message. The inbound route maps it to 400.
 *
 * The rule: the input must start (after optional blank lines, and an optional mbox `From ` line)
 * with a header block, i.e. every line up to the first empty line is a `Name: value` field or a
 * folded continuation, the block holds no NUL or other control bytes, and it names at least one of
 * From, Message-ID or Subject. Without one of those three there is nothing to triage or thread on,
 * and a body-less header block that lacks all three is almost always junk (JSON, a log line that
 * happens to contain a colon, binary data).
 */
export class MailParseError extends Error {
  override readonly name = 'MailParseError';
}

const HEADER_FIELD = /^[!-9;-~]+[ \t]*:/;
const REQUIRED_ONE_OF = ['from', 'message-id', 'subject'];
// Enough to hold any sane header block; the check only looks at the head of the message.
const HEADER_SCAN_LIMIT = 256 * 1024;

function assertLooksLikeMail(raw: Buffer): void {
  const head = raw.subarray(0, HEADER_SCAN_LIMIT).toString('latin1');
  const lines = head.replace(/^(?:\r?\n)+/, '').split(/\r?\n/);
  if (lines[0]?.startsWith('From ')) lines.shift();
  const names = new Set<string>();
  let sawField = false;
  for (const line of lines) {
    if (line === '') break;
    // eslint-style control check: a header may carry 8-bit text but never NUL or C0 controls besides tab.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control bytes is the point
    if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(line)) {
      throw new MailParseError('header block contains control characters');
    }
    if (/^[ \t]/.test(line)) {
      if (!sawField) throw new MailParseError('message starts with a continuation line');
      continue;
    }
    if (!HEADER_FIELD.test(line)) {
      throw new MailParseError(sawField ? `malformed header line: ${line.slice(0, 40)}` : 'no header block');
    }
    sawField = true;
    names.add(line.slice(0, line.indexOf(':')).trim().toLowerCase());
  }
  if (!sawField) throw new MailParseError('empty message');
  if (!REQUIRED_ONE_OF.some((n) => names.has(n))) {
    throw new MailParseError('header block has no From, Message-ID or Subject');
  }
}

function stripAngles(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
}

function toMailAddresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  const visit = (entries: EmailAddress[]) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (entry.address) {
        out.push({
          address: entry.address.trim().toLowerCase(),
          name: entry.name ? entry.name.trim() : null,
        });
      }
    }
  };
  for (const obj of Array.isArray(value) ? value : value ? [value] : []) visit(obj.value);
  return out;
}

function decodeHeaderValue(line: string): string {
  const colon = line.indexOf(':');
  const unfolded = line
    .slice(colon + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
  // Raw 8-bit headers arrive as latin1 "binary" strings; most such senders meant UTF-8.
  const asUtf8 = Buffer.from(unfolded, 'latin1').toString('utf8');
  const text = asUtf8.includes('\uFFFD') ? unfolded : asUtf8;
  try {
    return libmime.decodeWords(text);
  } catch {
    return text;
  }
}

function parseDate(values: string[] | undefined): Date | null {
  const raw = values?.[0];
  if (!raw) return null;
  // Drop comments such as "(UTC)" that some MTAs append; Date.parse copes with the rest of RFC 5322.
  const d = new Date(raw.replace(/\([^)]*\)/g, '').trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

function parseReturnPath(values: string[] | undefined): string | null {
  const raw = values?.[values.length - 1];
  if (raw === undefined) return null;
  const inner = raw.match(/<([^>]*)>/)?.[1] ?? raw;
  return inner.trim().toLowerCase();
}

/** RFC 5322 lines stop at 998 characters: a longer "id" is garbage, and would not fit an index. */
const MAX_ID_LENGTH = 998;
const usableId = (id: string) => id !== '' && id.length <= MAX_ID_LENGTH;

function firstId(values: string[] | undefined): string | null {
  const raw = values?.[0];
  if (!raw) return null;
  const bracketed = raw.match(/<[^>]+>/)?.[0];
  const id = stripAngles(bracketed ?? raw.split(/\s+/)[0] ?? '');
  return usableId(id) ? id : null;
}

function allIds(values: string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of values ?? []) {
    const bracketed = raw.match(/<[^>]+>/g);
    const parts = bracketed ?? raw.split(/[\s,]+/);
    for (const p of parts) {
      const id = stripAngles(p);
      if (usableId(id)) out.push(id);
    }
  }
  return out;
}

function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'block' },
      { selector: 'tr', format: 'block' },
      { selector: 'td', format: 'block' },
      { selector: 'th', format: 'block' },
    ],
  });
}

function normaliseText(text: string): string {
  return (
    text
      // PostgreSQL text cannot hold NUL: it reads as the replacement character, as IMAP servers send it.
      .replaceAll('\u0000', '\uFFFD')
      .replace(/\r\n?/g, '\n')
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** Parses a raw RFC 5322 message; throws MailParseError when the input is not one. */
export async function parseMessage(raw: Buffer | string): Promise<ParsedMessage> {
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  assertLooksLikeMail(buf);

  let mail: Awaited<ReturnType<typeof simpleParser>>;
  try {
    mail = await simpleParser(buf, { skipHtmlToText: true, skipImageLinks: true, skipTextLinks: true });
  } catch (err) {
    throw new MailParseError(`cannot parse message: ${err instanceof Error ? err.message : String(err)}`);
  }

  const headers: Record<string, string[]> = {};
  for (const { key, line } of mail.headerLines ?? []) {
    const name = key.toLowerCase();
    const list = headers[name] ?? [];
    list.push(decodeHeaderValue(line));
    headers[name] = list;
  }

  const from = toMailAddresses(mail.from)[0] ?? null;
  // mailparser fills `text` only from text/plain parts once html-to-text is skipped; an HTML-only
  // message is converted here without hard wrapping, so sentences survive for the summary.
  const text = mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? htmlToText(mail.html) : '';

  return {
    messageId: firstId(headers['message-id']),
    inReplyTo: firstId(headers['in-reply-to']),
    references: allIds(headers.references),
    subject: (headers.subject?.[0] ?? '').replace(/\s+/g, ' ').trim(),
    from,
    replyTo: toMailAddresses(mail.replyTo),
    to: toMailAddresses(mail.to),
    cc: toMailAddresses(mail.cc),
    date: parseDate(headers.date),
    returnPath: parseReturnPath(headers['return-path']),
    headers,
    text: normaliseText(text),
    // PostgreSQL text cannot hold NUL either.
    html: typeof mail.html === 'string' && mail.html.trim() ? mail.html.replaceAll('\u0000', '\uFFFD') : null,
  };
}
