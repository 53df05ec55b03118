import { isValidZone } from '@drift/domain/time-zone';
import type { ThreadState } from './message-features.ts';
import { matchedKeyword, type Signals } from './signals.ts';
import {
  ASK_CATEGORIES,
  BULK_CATEGORIES,
  type Category,
  headerValues,
  type OwnCategory,
  type SpamVerdict,
  type TriageMessage,
  type TriageSettings,
} from './types.ts';

// Why triage chose a category and score, in sentences for the owner, most decisive first. Built
// from the same signals and decision classify.ts used, never from the text of a particular message:
// the order follows classify's own precedence (spam, automatic mail, the thread, the owner's rules,
// then what the message itself says).

/** What classify decided, and on what. */
export interface ReasonInput {
  message: TriageMessage;
  settings: TriageSettings;
  signals: Signals;
  thread: ThreadState;
  spam: SpamVerdict | null;
  /** The category the message got on its own, and the one it ends with (its thread may settle it). */
  ownCategory: OwnCategory;
  category: Category;
  settlesThread: boolean;
  reopensThread: boolean;
  deadline: Date | null;
}

/** The reason capture puts first when a later message in the thread settles this one. */
export const SETTLED_BY_THREAD_REASON = 'Resolved: a later message in the thread settled it.';
/** This message settles its thread (also given by capture to a stored reply judged again). */
export const SETTLES_THREAD_REASON = 'Settles the open request of its thread.';

/** A quoted ask longer than this is cut: the reason is a pointer, not the message. */
const QUOTE_MAX = 120;
/** Enough sentences to say why; the rest is noise on a small screen. */
const REASONS_MAX = 5;

const SPAM_HEADER_NAMES: Record<string, string> = {
  'x-spam-flag': 'X-Spam-Flag',
  'x-spam-status': 'X-Spam-Status',
  'x-spam': 'X-Spam',
  'x-barracuda-spam-status': 'X-Barracuda-Spam-Status',
  'x-rspamd-action': 'X-Rspamd-Action',
  'x-proofpoint-spam-details': 'X-Proofpoint-Spam-Details',
};

function spamReason(spam: SpamVerdict): string {
  if (spam.source === 'spamd') return 'Judged spam by SpamAssassin.';
  if (spam.source === 'content') return 'Reads like spam to the content filter.';
  if (spam.source === 'spamd+content') return 'SpamAssassin and the content filter both lean to spam.';
  if (spam.source === 'spam confidence level') return 'Marked as spam by Exchange (spam confidence level).';
  const header = SPAM_HEADER_NAMES[spam.source] ?? spam.source;
  return `Marked as spam by a filter on the way (${header} header).`;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= QUOTE_MAX ? flat : `${flat.slice(0, QUOTE_MAX - 1).trimEnd()}…`;
}

const deadlineFormats = new Map<string, Intl.DateTimeFormat>();

function deadlineText(deadline: Date, timeZone: string): string {
  const zone = isValidZone(timeZone) ? timeZone : 'UTC';
  let format = deadlineFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: zone,
    });
    deadlineFormats.set(zone, format);
  }
  return format.format(deadline).replace(/,/g, '');
}

function listReason(message: TriageMessage): string {
  const names = Object.keys(message.headers).filter((h) => h.startsWith('list-'));
  const header = names.includes('list-id')
    ? 'List-Id header'
    : names.includes('list-unsubscribe')
      ? 'List-Unsubscribe header'
      : 'List-* headers';
  return `Sent to a mailing list (${header}).`;
}

const BULK_WORD: Record<string, string> = { newsletter: 'a newsletter', promotional: 'a promotion' };

/** The sender's own signs of bulk mail, strongest first. */
function bulkReasons({ message, signals: s }: ReasonInput): string[] {
  return [
    s.listHeaders && listReason(message),
    s.precedenceBulk &&
      `Marked as bulk mail (Precedence: ${headerValues(message, 'precedence')[0]?.trim()}).`,
    s.bulkMailer && 'Sent through a bulk-mail service.',
    s.unsubscribeFooter && 'Has an unsubscribe link.',
    s.promo > 0 && 'Reads like a sales offer.',
    s.cold > 0 && 'Reads like a cold pitch.',
    s.editorial > 0 && 'Reads like an editorial digest.',
  ].filter((r): r is string => typeof r === 'string');
}

/** What makes the message ask something of the owner, and how pressing it is. */
function askReasons({ signals: s, deadline, settings }: ReasonInput): string[] {
  const ask = s.askSentences[0];
  return [
    ask ? `Asks you to act: “${quote(ask)}”` : s.askScore > 0 && 'Asks you for something.',
    deadline && `Deadline: ${deadlineText(deadline, settings.timeZone)}.`,
    s.incident > 0 && 'Reports an incident or an outage.',
    s.urgentWords && 'Worded as urgent.',
    s.importanceHigh && 'Marked high importance by the sender.',
    s.followUpPressure && 'A follow-up: the sender is still waiting for an answer.',
    s.stakes > 0 && 'Money, customers or a contract are at stake.',
  ].filter((r): r is string => typeof r === 'string');
}

/** Why a message asks nothing of the owner. */
function informationReasons({ signals: s }: ReasonInput): string[] {
  return [
    s.noAction && 'Says no action is needed.',
    s.automated && 'Sent by a system (a notification or an automated message).',
    !s.ownerAddressed && 'You are not in To or Cc.',
    s.ownerAddressed && !s.ownerInTo && 'You are only in Cc.',
    s.toIsGroup && 'Sent to a group address.',
    s.relaxed && 'Says there is no hurry.',
  ].filter((r): r is string => typeof r === 'string');
}

const CATEGORY_READING: Record<Category, string> = {
  urgent: 'an urgent request',
  action_required: 'a request for you',
  fyi: 'information for you',
  newsletter: 'a newsletter',
  promotional: 'marketing',
  resolved: 'settled',
};

/** The reasons of one decision, most decisive first. */
export function triageReasons(input: ReasonInput): string[] {
  const { signals: s, thread, spam, ownCategory, category } = input;
  if (spam) return [spamReason(spam), ...bulkReasons(input)].slice(0, REASONS_MAX);
  const reasons: string[] = [];
  const add = (reason: string | false | null | undefined) => {
    if (reason && !reasons.includes(reason)) reasons.push(reason);
  };
  if (s.bounce) add('A delivery failure notice (bounce).');
  if (s.autoReply) {
    add(
      s.autoSubmitted
        ? 'An automatic reply (Auto-Submitted header).'
        : 'An automatic reply (its subject says so).',
    );
  }
  if (input.settlesThread) add(SETTLES_THREAD_REASON);
  else if (category === 'resolved') add('Its thread was already settled.');
  if (input.reopensThread) add('Asks again in a thread that was settled.');
  const keyword = matchedKeyword(input.message, input.settings);
  if (s.keywordHit && ownCategory === 'urgent' && keyword) add(`Contains your urgent keyword “${keyword}”.`);
  if (s.isVip) add('From a VIP sender.');
  if (thread.senderBulkCategory && !thread.priorFromOwner && ownCategory === thread.senderBulkCategory) {
    add(`This sender's earlier message in the thread was ${BULK_WORD[ownCategory] ?? ownCategory}.`);
  }
  if (thread.priorFromOwner && ASK_CATEGORIES.has(ownCategory))
    add('A reply in a conversation you took part in.');
  if (BULK_CATEGORIES.has(ownCategory)) for (const r of bulkReasons(input)) add(r);
  else if (ASK_CATEGORIES.has(ownCategory)) for (const r of askReasons(input)) add(r);
  else for (const r of informationReasons(input)) add(r);
  if (s.internalPerson) add('From a colleague.');
  if (reasons.length === 0) add(`The triage model reads it as ${CATEGORY_READING[ownCategory]}.`);
  return reasons.slice(0, REASONS_MAX);
}
