import { EMAIL_CATEGORIES } from '@drift/contract';
import { dateRange } from '../lib/time.ts';
import type { RouterOutputs } from '../trpc.ts';

export type Category = (typeof EMAIL_CATEGORIES)[number];
type SessionSchedule = Pick<RouterOutputs['sessions']['get'], 'start_date' | 'end_date'>;
type SessionListItem = RouterOutputs['sessions']['list']['data'][number];

/** Each category in words, as one mail's tag. */
export const CATEGORY_WORD: Record<Category, string> = {
  urgent: 'Urgent',
  action_required: 'Action required',
  fyi: 'FYI',
  newsletter: 'Newsletter',
  promotional: 'Promotional',
  resolved: 'Resolved',
};

/** The filter of many: only newsletters read differently in the plural. */
export const pluralOf = (category: Category) =>
  category === 'newsletter' ? 'Newsletters' : CATEGORY_WORD[category];

export const CATEGORY_FILTERS: { value: '' | Category; label: string }[] = [
  { value: '', label: 'All' },
  ...EMAIL_CATEGORIES.map((value) => ({ value, label: pluralOf(value) })),
];

export const isCategory = (value: string): value is Category =>
  (EMAIL_CATEGORIES as readonly string[]).includes(value);

export const ALL_CATEGORIES: readonly Category[] = EMAIL_CATEGORIES;

const STATUS_WORD: Record<string, string> = {
  scheduled: 'scheduled',
  active: 'active',
  completed: 'completed',
  cancelled: 'cancelled',
};

/** "6 Dec – 8 Dec 2026": how a session is named wherever a person reads it. */
export function sessionTitle(session: SessionSchedule, timeZone: string): string {
  return dateRange(session.start_date, session.end_date, timeZone);
}

/** "6 Dec – 8 Dec 2026 · active · 4 mails", for a choice among sessions. */
export function sessionOptionLabel(session: SessionListItem, timeZone: string): string {
  const count = session.stats.emails_received;
  return `${sessionTitle(session, timeZone)} · ${STATUS_WORD[session.status] ?? session.status} · ${count} ${count === 1 ? 'mail' : 'mails'}`;
}

/** "3 messages", "1 message". */
export const messagesText = (n: number) => `${n} ${n === 1 ? 'message' : 'messages'}`;

/** The sender as a person reads it: the name with the address, or the address alone. */
export function senderText(fromName: string | null, fromEmail: string): string {
  return fromName ? `${fromName} <${fromEmail}>` : fromEmail;
}
