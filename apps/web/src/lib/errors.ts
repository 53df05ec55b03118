import type { ConflictingSession, ErrorCode, ErrorDetails, FieldError } from '@drift/contract';

export type { ErrorDetails, FieldError };

/**
 * Errors from the API reach the dashboard as TRPCClientError: a readable `message`, our code in
 * `data.driftCode` and the facts to act on in `data.details` (the fields refused, the session an
 * overlap collides with). Forms place errors from the details, never from the wording. Everything
 * here reads that shape structurally, so forms can be tested with a plain object and no network.
 */

export type DriftCode = ErrorCode;

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

/** A sentence as it should end: a capital first, a full stop last. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
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
  return sentence(text);
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

/**
 * A refusal's structured details, as the server sends them in `data.details`: the fields it is
 * about (`field` is a path such as "vip_senders.2") and, for an overlap, the other session.
 */
export function detailsOf(error: unknown): ErrorDetails | null {
  if (typeof error !== 'object' || error === null) return null;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return null;
  const details = (data as { details?: unknown }).details;
  return typeof details === 'object' && details !== null ? (details as ErrorDetails) : null;
}

/** The session a refused one overlaps, from the details; null for any other refusal. */
export function conflictingSessionOf(error: unknown): ConflictingSession | null {
  return detailsOf(error)?.conflicting_session ?? null;
}

/** Field errors by the form field showing each: the first segment of a path names the payload field. */
export function fieldMessages<F extends string>(
  fields: readonly FieldError[],
  fieldOf: Partial<Record<string, F>>,
  say: (message: string, payloadField: string) => string = humanise,
): { placed: Partial<Record<F, string>>; unplaced: FieldError[] } {
  const placed: Partial<Record<F, string>> = {};
  const unplaced: FieldError[] = [];
  for (const detail of fields) {
    const payloadField = detail.field.split(/[.[]/)[0] ?? '';
    const field = fieldOf[payloadField];
    if (!field) unplaced.push(detail);
    else placed[field] ??= say(detail.message, payloadField);
  }
  return { placed, unplaced };
}

/**
 * A refusal of the server placed on the form: each of `details.fields` beside the field showing it,
 * what no field shows (or a refusal without fields) for the whole form.
 */
export function placeFieldErrors<F extends string>(
  error: unknown,
  fieldOf: Partial<Record<string, F>>,
  say?: (message: string, payloadField: string) => string,
): Partial<Record<F, string>> & { form?: string } {
  const { placed, unplaced } = fieldMessages(detailsOf(error)?.fields ?? [], fieldOf, say);
  if (unplaced.length === 0 && Object.keys(placed).length > 0) return placed;
  return { ...placed, form: errorMessage(error) };
}
