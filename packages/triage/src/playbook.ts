import type { Category } from './types.ts';
import { localParts } from './zone.ts';

// The return playbook: what needs the owner first, what was only FYI, what settled itself, and
// how much reading Drift spared them. One pass over the session's messages groups them into a
// Map by thread; only the per-thread items are sorted, so the cost grows linearly with the
// mailbox and the input iterable is never copied.

/** One captured message as the playbook reads it (a triaged email row). */
export interface PlaybookEmail {
  id: string;
  threadId: string;
  subject: string;
  fromEmail: string;
  fromName: string | null;
  summary: string;
  category: Category;
  urgencyScore: number;
  receivedAt: Date;
  deadline: Date | null;
}

/** Wire shape, JSON-ready: instants are ISO 8601 UTC strings with milliseconds (`toISOString`). */
export interface PlaybookItem {
  email_id: string;
  thread_id: string;
  subject: string;
  from_email: string;
  from_name: string | null;
  summary: string;
  category: Category;
  urgency_score: number;
  received_at: string;
  deadline: string | null;
  /** how many messages the thread had in the session */
  message_count: number;
}

export interface PlaybookContent {
  summary: string;
  action_items: PlaybookItem[];
  fyi_items: PlaybookItem[];
  resolved_items: PlaybookItem[];
  stats: { total_emails: number; filtered_emails: number; time_saved_minutes: number };
}

export interface PlaybookOptions {
  vipSenders: string[];
  /** IANA zone (or fixed offset) of the owner: the dates of the summary are printed there. */
  timeZone: string;
  /** when the owner reads it */
  now: Date;
  sessionStart: Date;
  sessionEnd: Date;
}

/**
 * Minutes Drift saves the owner per message, by the message's category. The documented formula:
 *
 *   time_saved_minutes = round( Σ over the session's messages of TIME_SAVED_MINUTES[category] )
 *
 * The weights estimate what handling the message by hand would have cost and Drift now spares:
 * - newsletter 2: open, skim and archive a digest;
 * - promotional 1: recognise and delete an offer;
 * - resolved 3: read a thread to the end only to find it already settled (the most expensive
 *   kind to skip, because the owner must read it all to know nothing is left);
 * - fyi 2: read a one-sentence summary instead of the message;
 * - urgent 0, action_required 0: these still need the owner, who will read them anyway.
 * On the API reference's example session (142 emails, 98 filtered) a typical mix gives about
 * 240 minutes, the figure shown there.
 */
export const TIME_SAVED_MINUTES: Readonly<Record<Category, number>> = {
  urgent: 0,
  action_required: 0,
  fyi: 2,
  newsletter: 2,
  promotional: 1,
  resolved: 3,
};

/** Messages Drift takes off the owner's plate; the same set as the session stats' emails_filtered. */
const FILTERED: ReadonlySet<Category> = new Set(['newsletter', 'promotional', 'resolved']);

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_NAMED = 3;
const SHORT_SUBJECT = 40;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// The reply/forward prefixes of text.ts; repeated here because normalizeSubject also lower-cases,
// and the summary quotes the subject as the sender wrote it.
const SUBJECT_PREFIX =
  /^\s*(?:(?:re|fwd?|aw|wg|tr|rv|sv|vs|antw|odp|enc|res|ref|r|f|rif|i|vb|doorst|回复|回覆|答复|转发|轉寄)(?:\s*\[\d+\]|\s*\(\d+\))?\s*[:：]\s*)+/i;

/** What one pass keeps per thread: a few numbers and a reference to the latest message. */
interface ThreadState {
  latest: PlaybookEmail;
  latestAt: number;
  count: number;
  vip: boolean;
  /** Highest urgency among the thread's non-resolved messages; -1 while there is none. */
  openUrgency: number;
  /** Earliest deadline among the thread's non-resolved messages; Infinity while there is none. */
  openDeadline: number;
}

/** A thread's item with the keys it is sorted by, read once instead of in every comparison. */
interface Ranked {
  item: PlaybookItem;
  threadId: string;
  urgency: number;
  vip: boolean;
  deadline: number;
  receivedAt: number;
}

/** Builds the return playbook of a session from its triaged messages. Pure and deterministic. */
export function buildPlaybook(emails: Iterable<PlaybookEmail>, options: PlaybookOptions): PlaybookContent {
  const vips = new Set(options.vipSenders.map((a) => a.trim().toLowerCase()));
  const threads = new Map<string, ThreadState>();
  const perCategory: Record<Category, number> = {
    urgent: 0,
    action_required: 0,
    fyi: 0,
    newsletter: 0,
    promotional: 0,
    resolved: 0,
  };
  let total = 0;

  for (const email of emails) {
    total++;
    perCategory[email.category]++;
    const at = email.receivedAt.getTime();
    const open = email.category !== 'resolved';
    const deadline = open && email.deadline ? email.deadline.getTime() : Number.POSITIVE_INFINITY;
    const vip = vips.size > 0 && vips.has(email.fromEmail.trim().toLowerCase());
    const state = threads.get(email.threadId);
    if (!state) {
      threads.set(email.threadId, {
        latest: email,
        latestAt: at,
        count: 1,
        vip,
        openUrgency: open ? email.urgencyScore : -1,
        openDeadline: deadline,
      });
      continue;
    }
    state.count++;
    if (vip) state.vip = true;
    if (open && email.urgencyScore > state.openUrgency) state.openUrgency = email.urgencyScore;
    if (deadline < state.openDeadline) state.openDeadline = deadline;
    // Ties on the instant go to the greater id, so the input order never decides.
    if (at > state.latestAt || (at === state.latestAt && email.id > state.latest.id)) {
      state.latest = email;
      state.latestAt = at;
    }
  }

  // Newsletters and promotions have no bucket: they are only counted.
  const urgent: Ranked[] = [];
  const action: Ranked[] = [];
  const fyi: Ranked[] = [];
  const resolved: Ranked[] = [];
  const buckets: Partial<Record<Category, Ranked[]>> = { urgent, action_required: action, fyi, resolved };
  for (const [threadId, state] of threads) buckets[state.latest.category]?.push(rank(threadId, state));
  urgent.sort(byUrgency);
  action.sort(byDeadlineThenAge);
  fyi.sort(byNewest);
  resolved.sort(byNewest);

  let filtered = 0;
  let minutes = 0;
  for (const category of Object.keys(perCategory) as Category[]) {
    if (FILTERED.has(category)) filtered += perCategory[category];
    minutes += perCategory[category] * TIME_SAVED_MINUTES[category];
  }

  const actionItems = [...urgent, ...action];
  const stats = { total_emails: total, filtered_emails: filtered, time_saved_minutes: Math.round(minutes) };
  return {
    summary: composeSummary({ actionItems, fyi, resolved, perCategory, stats, options }),
    action_items: actionItems.map((r) => r.item),
    fyi_items: fyi.map((r) => r.item),
    resolved_items: resolved.map((r) => r.item),
    stats,
  };
}

/**
 * The thread's latest state. The latest message speaks for the thread (its category, sender,
 * subject, summary); while the thread is open its urgency and deadline are the most pressing of
 * its non-resolved messages, so a later "any news?" does not hide the original ask. That urgency
 * may lie above the band of the latest message's category (an action_required follow-up to an
 * urgent report keeps its 9). A resolved thread keeps its latest message's own values.
 */
function rank(threadId: string, state: ThreadState): Ranked {
  const latest = state.latest;
  const open = latest.category !== 'resolved';
  const urgency = open ? state.openUrgency : latest.urgencyScore;
  const deadline = open ? state.openDeadline : (latest.deadline?.getTime() ?? Number.POSITIVE_INFINITY);
  return {
    item: {
      email_id: latest.id,
      thread_id: threadId,
      subject: latest.subject,
      from_email: latest.fromEmail,
      from_name: latest.fromName,
      summary: latest.summary,
      category: latest.category,
      urgency_score: urgency,
      received_at: latest.receivedAt.toISOString(),
      deadline: deadline === Number.POSITIVE_INFINITY ? null : new Date(deadline).toISOString(),
      message_count: state.count,
    },
    threadId,
    urgency,
    vip: state.vip,
    deadline,
    receivedAt: state.latestAt,
  };
}

// Plain code-unit order: localeCompare would make the order depend on the host's ICU data.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Earliest first, threads without a deadline (Infinity) last; no subtraction, as ∞ - ∞ is NaN.
function compareDeadlines(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byUrgency(a: Ranked, b: Ranked): number {
  return (
    b.urgency - a.urgency ||
    Number(b.vip) - Number(a.vip) ||
    compareDeadlines(a.deadline, b.deadline) ||
    a.receivedAt - b.receivedAt ||
    compareIds(a.threadId, b.threadId)
  );
}

function byDeadlineThenAge(a: Ranked, b: Ranked): number {
  return (
    compareDeadlines(a.deadline, b.deadline) ||
    a.receivedAt - b.receivedAt ||
    compareIds(a.threadId, b.threadId)
  );
}

function byNewest(a: Ranked, b: Ranked): number {
  return b.receivedAt - a.receivedAt || compareIds(a.threadId, b.threadId);
}

interface SummaryInput {
  /** Urgent threads first, then action_required: the order of action_items. */
  actionItems: Ranked[];
  fyi: Ranked[];
  resolved: Ranked[];
  perCategory: Record<Category, number>;
  stats: PlaybookContent['stats'];
  options: PlaybookOptions;
}

/**
 * A few sentences in the second person that lead with what matters: how much came in, what needs
 * the owner today (named), what can wait, and what Drift took off their plate.
 */
function composeSummary(input: SummaryInput): string {
  const { actionItems, fyi, resolved, perCategory, stats, options } = input;
  const total = stats.total_emails;
  if (total === 0) return 'You received no email while you were away.';

  // "Today": every urgent thread, and asks due within 24 hours of `now` (overdue ones included).
  // A rolling window rather than the local calendar day: read at 22:00, an ask due at 09:00 the
  // next morning is today's work, which a calendar-day rule would miss; the zone only changes
  // how dates are printed. Urgent threads sort first and the others by deadline, so today's
  // items are a prefix of action_items.
  const dueBy = options.now.getTime() + DAY_MS;
  let today = 0;
  while (today < actionItems.length) {
    const r = actionItems[today];
    if (!r || (r.item.category !== 'urgent' && r.deadline > dueBy)) break;
    today++;
  }
  const later = actionItems.length - today;

  const range = formatRange(options.sessionStart, options.sessionEnd, options.timeZone);
  let first = `You received ${plural(total, 'email')} while you were away (${range})`;
  if (today > 0) {
    const named = actionItems.slice(0, Math.min(today, MAX_NAMED)).map((r) => describe(r.item));
    const lead = today > MAX_NAMED ? `, starting with ${joinList(named)}` : `: ${joinList(named)}`;
    first += `; ${today} ${today === 1 ? 'needs' : 'need'} you today${lead}.`;
  } else if (actionItems.length > 0) {
    first += '; nothing needs you today.';
  } else {
    first += '; nothing needs you.';
  }

  const rest: string[] = [];
  if (later > 0) rest.push(`${later}${today > 0 ? ' more' : ''} can wait for your reply`);
  if (fyi.length > 0) rest.push(`${fyi.length} ${fyi.length === 1 ? 'was' : 'were'} only FYI`);
  if (resolved.length > 0) {
    rest.push(
      resolved.length === 1 ? '1 thread resolved itself' : `${resolved.length} threads resolved themselves`,
    );
  }

  const sentences = [first];
  if (rest.length > 0) sentences.push(`${capitalize(joinList(rest))}.`);
  const saved = stats.time_saved_minutes > 0 ? `about ${formatMinutes(stats.time_saved_minutes)}` : '';
  if (stats.filtered_emails > 0) {
    const how =
      stats.filtered_emails === total ? (total === 1 ? 'it' : `all ${total}`) : `${stats.filtered_emails}`;
    const kinds = joinList(
      (
        [
          ['newsletter', 'newsletters', 'newsletters'],
          ['promotional', 'promotion', 'promotions'],
          ['resolved', 'settled thread', 'settled threads'],
        ] as const
      )
        .filter(([category]) => perCategory[category] > 0)
        .map(([category, one, many]) => (perCategory[category] === 1 ? one : many)),
    );
    sentences.push(`Drift filtered ${how} (${kinds})${saved ? `, saving you ${saved}` : ''}.`);
  } else if (saved) {
    sentences.push(`Reading Drift's summaries instead saves you ${saved}.`);
  }
  return sentences.join(' ');
}

/** Sender (display name, else address) and the subject without reply prefixes, shortened. */
function describe(item: PlaybookItem): string {
  const sender = item.from_name?.trim() || item.from_email;
  return `${sender} about “${shortSubject(item.subject)}”`;
}

function shortSubject(subject: string): string {
  const clean = subject.replace(SUBJECT_PREFIX, '').replace(/\s+/g, ' ').trim();
  if (!clean) return '(no subject)';
  if (clean.length <= SHORT_SUBJECT) return clean;
  const cut = clean.slice(0, SHORT_SUBJECT);
  const space = cut.lastIndexOf(' ');
  // Cut at a word boundary unless that would leave almost nothing.
  return `${(space >= SHORT_SUBJECT / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "a", "a and b", "a, b, and c". */
function joinList(parts: readonly string[]): string {
  if (parts.length <= 2) return parts.join(' and ');
  return `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

/** "45 minutes", "1 hour", "1.5 hours", "4 hours": to the half hour from an hour on. */
function formatMinutes(minutes: number): string {
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 30) / 2;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** "Mar 20 – Mar 27" in the owner's zone; years appear only when the session spans two. */
function formatRange(start: Date, end: Date, zone: string): string {
  const a = localParts(start, zone);
  const b = localParts(end, zone);
  const day = (p: { month: number; day: number }) => `${MONTHS[p.month - 1]} ${p.day}`;
  if (a.year !== b.year) return `${day(a)}, ${a.year} – ${day(b)}, ${b.year}`;
  if (a.month === b.month && a.day === b.day) return day(a);
  return `${day(a)} – ${day(b)}`;
}
