// Type-only: @drift/domain's index also loads node:crypto, which `vite dev` cannot give the browser.
import type { DomainErrorCode } from '@drift/domain';

/**
 * Errors from the API reach the dashboard as TRPCClientError: a readable `message` and our code in
 * `data.driftCode`. Everything here reads that shape structurally, so forms can be tested with a
 * plain object and no network.
 */

export type DriftCode = DomainErrorCode;

export interface DriftErrorLike {
  message: string;
  data?: { driftCode?: string | null } | null;
}

export function driftCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return undefined;
  const code = (data as { driftCode?: unknown }).driftCode;
  return typeof code === 'string' ? code : undefined;
}

const FIELD_WORDS: Record<string, string> = {
  start_date: 'start',
  end_date: 'end',
  return_date: 'return date',
  auto_reply_message: 'auto-reply message',
  vip_senders: 'VIP senders',
  urgent_keywords: 'urgent keywords',
  aliases: 'aliases',
  timezone: 'time zone',
  scopes: 'scopes',
  name: 'name',
  email: 'email',
  password: 'password',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An API message in words: field names as a person says them, a capital and a full stop. */
export function humanise(message: string): string {
  // "vip_senders.2 must be …" names an entry of a list: say which, counting from 1.
  let text = message.trim().replace(/\b([a-z_]+)\.(\d+)\b/g, (_all, field: string, index: string) => {
    return `${FIELD_WORDS[field] ?? field} (entry ${Number(index) + 1})`;
  });
  for (const [field, words] of Object.entries(FIELD_WORDS)) {
    text = text.replace(new RegExp(`\\b${field}\\b`, 'g'), words);
  }
  text = capitalise(text);
  return /[.!?)]$/.test(text) ? text : `${text}.`;
}

/** What to tell a person about any failure. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = String((error as { message: unknown }).message);
    const code = driftCodeOf(error);
    if (!code && /failed to fetch|networkerror|load failed|network request failed/i.test(message)) {
      return 'Could not reach Drift. Check your connection and try again.';
    }
    if (code === 'INTERNAL_ERROR') return 'Something went wrong on our side. Try again in a moment.';
    if (message) return humanise(message);
  }
  return 'Something went wrong. Try again.';
}

export interface Overlap {
  sessionId: string;
  start: string;
  end: string;
}

/** "Overlaps OOO session sess_x (2026-03-20T00:00:00.000Z to 2026-03-27T00:00:00.000Z)". */
export function parseOverlap(message: string): Overlap | null {
  const match = /Overlaps OOO session (\S+) \((\S+) to (\S+)\)/.exec(message);
  if (!match) return null;
  const [, sessionId = '', start = '', end = ''] = match;
  return { sessionId, start, end };
}

/**
 * The form field a server message is about: the first of `fields` it names at its start
 * ("end_date must be after start_date" is about end_date), else null.
 */
export function fieldOfMessage<F extends string>(message: string, fields: readonly F[]): F | null {
  const first = /^([a-z_]+)/.exec(message.trim())?.[1];
  if (first && (fields as readonly string[]).includes(first)) return first as F;
  for (const field of fields) {
    if (new RegExp(`^${field}(\\[|\\.|\\s)`).test(message.trim())) return field;
  }
  return null;
}
