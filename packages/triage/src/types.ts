import { EMAIL_CATEGORIES, type EmailCategory } from '@drift/domain/browser';

export const CATEGORIES = EMAIL_CATEGORIES;
export type Category = EmailCategory;

/** Inclusive urgency band of each category (LABELS.md); every score triage returns lies inside it. */
export const URGENCY_BANDS: Readonly<Record<Category, readonly [number, number]>> = {
  urgent: [8, 10],
  action_required: [4, 7],
  fyi: [1, 4],
  resolved: [0, 3],
  newsletter: [0, 2],
  promotional: [0, 2],
};

export interface TriageAddress {
  /** Lower-cased. */
  address: string;
  name: string | null;
}

/**
 * What triage reads of a message. Structurally the `ParsedMessage` of @drift/mail, declared here
 * because triage imports no package of ours.
 */
export interface TriageMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: TriageAddress | null;
  replyTo: TriageAddress[];
  to: TriageAddress[];
  cc: TriageAddress[];
  date: Date | null;
  /** '' for the null sender `<>`; null when absent. */
  returnPath: string | null;
  /** Lower-case header name -> every decoded value, in order. */
  headers: Record<string, string[]>;
  text: string;
}

export interface TriageSettings {
  /** The mailbox owner's addresses (primary and aliases). */
  ownAddresses: string[];
  vipSenders: string[];
  /** Words or phrases that make a message more pressing; matched case-insensitively on word boundaries. */
  urgentKeywords: string[];
  /** IANA zone of the mailbox owner, used for relative dates when the message has no usable Date offset. */
  timeZone: string;
}

/** What a message is on its own, before its thread settles it: every category but `resolved`. */
export const OWN_CATEGORIES = ['urgent', 'action_required', 'fyi', 'newsletter', 'promotional'] as const;
export type OwnCategory = (typeof OWN_CATEGORIES)[number];

/** The categories that ask the owner something. */
export const ASK_CATEGORIES: ReadonlySet<Category> = new Set(['urgent', 'action_required']);
/** Mail sent to many: never answered, never an ask. */
export const BULK_CATEGORIES: ReadonlySet<Category> = new Set(['newsletter', 'promotional']);

/** The owner's own addresses, trimmed and lower-cased as senders are compared. */
export function ownAddressSet(settings: Pick<TriageSettings, 'ownAddresses'>): ReadonlySet<string> {
  return new Set(settings.ownAddresses.map((a) => a.trim().toLowerCase()));
}

/** The header's values as parsed (names lower-cased), none when absent. */
export function headerValues(message: Pick<TriageMessage, 'headers'>, name: string): string[] {
  return message.headers[name] ?? [];
}

export interface PriorMessage {
  messageId: string;
  fromAddress: string;
  /** The category the message has now (`resolved` once its thread settled). */
  category: Category;
  /** Its own category, kept when the thread settles; defaults to `category`. */
  ownCategory?: OwnCategory;
  receivedAt: Date;
  subject: string;
  text: string;
}

export interface TriageResult {
  category: Category;
  /** Integer 0..10, inside URGENCY_BANDS[category]. */
  urgencyScore: number;
  /** One sentence of at most 200 characters. */
  summary: string;
  /** The deadline of the ask, for urgent and action_required messages only. */
  deadline: Date | null;
  /** True when this message settles the thread's open request: the caller relabels the thread `resolved`. */
  settlesThread: boolean;
}

/** Triage's answer (classify.ts): besides settling, a message can re-open its thread. */
export interface LearnedTriageResult extends TriageResult {
  /**
   * True when the thread was settled and this message asks something again: the caller gives
   * every earlier message its own category and score back.
   */
  reopensThread: boolean;
  /** What the message is on its own, and its score there: restored when a settled thread re-opens. */
  ownCategory: OwnCategory;
  ownUrgencyScore: number;
  /** Set when the message was judged spam, with who said so; spam is `promotional` and never answered. */
  spam: SpamVerdict | null;
  /** The sender model's judgement that a person wrote this (the auto-reply goes to people only). */
  fromPerson: boolean;
  /** Why: short sentences for the owner, most decisive first (reasons.ts). */
  reasons: string[];
}

/** A verdict from a filter the message passed through, from spamd, or from the content model. */
export interface SpamVerdict {
  isSpam: boolean;
  /** Who said so, for logs and the reason shown to the owner. */
  source: string;
}

/** A SpamAssassin score for the message (spamd), combined with the content model. */
export interface SpamScore {
  score: number;
  threshold: number;
}

export type AutoReplyReason =
  | 'auto_submitted'
  | 'list_header'
  | 'precedence'
  | 'suppressed'
  | 'robot_sender'
  | 'empty_return_path'
  | 'spam'
  | 'bulk_category'
  | 'own_address'
  | 'not_addressed'
  | 'not_a_person'
  | 'already_answered'
  | 'no_sender'
  | 'ok';

export interface AutoReplyDecision {
  send: boolean;
  reason: AutoReplyReason;
}
