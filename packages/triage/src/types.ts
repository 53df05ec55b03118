export const CATEGORIES = [
  'urgent',
  'action_required',
  'fyi',
  'newsletter',
  'promotional',
  'resolved',
] as const;
export type Category = (typeof CATEGORIES)[number];

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

export interface PriorMessage {
  messageId: string;
  fromAddress: string;
  category: Category;
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
  | 'already_answered'
  | 'no_sender'
  | 'ok';

export interface AutoReplyDecision {
  send: boolean;
  reason: AutoReplyReason;
}
