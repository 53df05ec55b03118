import type { ParsedMessage } from '@drift/mail';

// What capture keeps of a message for the owner to read later, beyond what triage needs: the HTML
// part and the few headers that say where mail came from and how it wants to be treated.

/** A newsletter's HTML is some tens of kilobytes; past this a message only bloats its row. */
export const BODY_HTML_MAX_CHARS = 512 * 1024;
/** Any real header value is far shorter; a longer one is cut rather than stored whole. */
const HEADER_VALUE_MAX_CHARS = 2_000;

/** The headers a reader is shown, in this order, with their usual spelling. */
const READER_HEADERS = [
  'Date',
  'Reply-To',
  'List-Id',
  'List-Unsubscribe',
  'Auto-Submitted',
  'Precedence',
  'X-Auto-Response-Suppress',
  'Importance',
  'X-Priority',
  'Return-Path',
] as const;

export interface ReaderHeader {
  name: string;
  value: string;
}

export function readerHeaders(headers: ParsedMessage['headers']): ReaderHeader[] {
  return READER_HEADERS.flatMap((name) =>
    (headers[name.toLowerCase()] ?? []).map((value) => ({
      name,
      value: value.slice(0, HEADER_VALUE_MAX_CHARS),
    })),
  );
}

/** The HTML part, cut at the cap (not on a surrogate pair's half); null for text-only mail. */
export function storedHtml(html: string | null): string | null {
  if (html === null || html.length <= BODY_HTML_MAX_CHARS) return html;
  const end = /[\uD800-\uDBFF]/.test(html.charAt(BODY_HTML_MAX_CHARS - 1))
    ? BODY_HTML_MAX_CHARS - 1
    : BODY_HTML_MAX_CHARS;
  return html.slice(0, end);
}
