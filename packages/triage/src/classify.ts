import { computeSignals, type Signals } from './signals.ts';
import { buildSummary } from './summary.ts';
import {
  type Category,
  type PriorMessage,
  type TriageMessage,
  type TriageResult,
  type TriageSettings,
  URGENCY_BANDS,
} from './types.ts';

// The decision rules. Order matters: robots and bulk mail are recognised from headers first,
// thread context (settlement, follow-ups) next, then asks and their pressure decide between
// urgent, action_required and fyi.

const ASK_THRESHOLD = 2;
const OPEN_REQUEST: ReadonlySet<Category> = new Set(['action_required', 'urgent', 'resolved']);

interface Decision {
  category: Category;
  settlesThread: boolean;
  /** What decided, for the urgency score and the summary. */
  basis:
    | 'own'
    | 'spam'
    | 'auto_reply'
    | 'bounce'
    | 'settled'
    | 'thread_resolved'
    | 'thread_bulk'
    | 'promo'
    | 'newsletter'
    | 'cold'
    | 'notification'
    | 'person';
}

function hasAsk(s: Signals): boolean {
  return s.askScore >= ASK_THRESHOLD && !s.noAction;
}

function isUrgentAsk(s: Signals, thread: PriorMessage[]): boolean {
  const h = s.hoursToDeadline;
  if (s.isVip) return true;
  if (s.keywordHit) return true;
  if (h !== null && h <= 36) return true;
  if (h !== null && h <= 72 && s.stakes >= 1) return true;
  if (s.sameDayAsk) return true;
  // An active incident (outage, exposure, security event) with an ask is urgent by itself.
  if (s.incident >= 2) return true;
  if (s.urgentWords && (s.stakes >= 1 || s.incident >= 1)) return true;
  // A follow-up in a thread that was already urgent keeps the pressure on.
  return thread.some((p) => p.category === 'urgent' && p.fromAddress === s.fromAddress);
}

function decide(s: Signals, thread: PriorMessage[]): Decision {
  if (s.isOwnSender) return { category: 'fyi', settlesThread: false, basis: 'own' };
  if (s.spam) return { category: 'promotional', settlesThread: false, basis: 'spam' };
  if (s.bounce) return { category: 'fyi', settlesThread: false, basis: 'bounce' };
  if (s.autoReply) return { category: 'fyi', settlesThread: false, basis: 'auto_reply' };

  // Thread context: a settling message resolves the open request; mail after that stays resolved.
  const ask = hasAsk(s);
  const openRequest = thread.some((p) => OPEN_REQUEST.has(p.category));
  if (openRequest && (s.settledStrong || (s.settledTakeover && !ask))) {
    return { category: 'resolved', settlesThread: true, basis: 'settled' };
  }
  const last = thread[thread.length - 1];
  if (last?.category === 'resolved' && !ask)
    return { category: 'resolved', settlesThread: false, basis: 'thread_resolved' };
  const sameSenderBulk = [...thread]
    .reverse()
    .find(
      (p) => p.fromAddress === s.fromAddress && (p.category === 'promotional' || p.category === 'newsletter'),
    );
  if (sameSenderBulk)
    return { category: sameSenderBulk.category, settlesThread: false, basis: 'thread_bulk' };

  // Broadcast mail: promotion or editorial, unless it is a personal notification from a system.
  // A colleague posting to an internal list is a person writing, not a publication.
  if (s.bulk && !(s.automated && s.personalNotification) && !s.internalPerson) {
    if (s.promo >= 2 && s.promo >= s.editorial)
      return { category: 'promotional', settlesThread: false, basis: 'promo' };
    if (s.editorial >= 2) return { category: 'newsletter', settlesThread: false, basis: 'newsletter' };
    if (s.promo >= 1 && !s.automated)
      return { category: 'promotional', settlesThread: false, basis: 'promo' };
  }

  // Unsolicited pitches from individuals, and marketing sent without bulk headers.
  const conversation = thread.length > 0;
  if (!conversation && s.isExternal && !s.automated && (s.cold >= 3 || s.promo >= 3)) {
    return { category: 'promotional', settlesThread: false, basis: 'cold' };
  }
  if (!conversation && s.isExternal && s.promo >= 4)
    return { category: 'promotional', settlesThread: false, basis: 'promo' };

  if (s.automated) {
    const systemAsk = ask || (s.incident >= 2 && s.mentionsOwner && !s.noAction);
    if (!systemAsk) return { category: 'fyi', settlesThread: false, basis: 'notification' };
    const broadcast = s.listHeaders && !s.personalNotification;
    if (!broadcast && isUrgentAsk(s, thread) && (s.isVip || s.stakes >= 1 || s.incident >= 2)) {
      return { category: 'urgent', settlesThread: false, basis: 'notification' };
    }
    return { category: 'action_required', settlesThread: false, basis: 'notification' };
  }

  // A person writing.
  if (s.noAction && !ask) return { category: 'fyi', settlesThread: false, basis: 'person' };
  const followUp = thread.some(
    (p) => (p.category === 'action_required' || p.category === 'urgent') && p.fromAddress === s.fromAddress,
  );
  if (ask || (followUp && s.ownerInTo && !s.noAction)) {
    const onList = s.listHeaders;
    if (!onList && isUrgentAsk(s, thread))
      return { category: 'urgent', settlesThread: false, basis: 'person' };
    return { category: 'action_required', settlesThread: false, basis: 'person' };
  }
  return { category: 'fyi', settlesThread: false, basis: 'person' };
}

function clampToBand(category: Category, score: number): number {
  const [lo, hi] = URGENCY_BANDS[category];
  return Math.max(lo, Math.min(hi, Math.round(score)));
}

function urgencyScore(d: Decision, s: Signals, thread: PriorMessage[]): number {
  const h = s.hoursToDeadline;
  switch (d.category) {
    case 'urgent': {
      let score = 8;
      if ((h !== null && h <= 36) || s.isVip || s.incident >= 3 || s.urgentWords) score++;
      const escalation = thread.some((p) => p.category === 'urgent');
      if (escalation || (h !== null && h <= 6) || s.keywordHit) score++;
      return clampToBand('urgent', score);
    }
    case 'action_required': {
      let score = 5;
      if (h !== null && h <= 7 * 24) score++;
      if (s.followUpPressure) score++;
      if (s.keywordHit || s.isVip) score++;
      return clampToBand('action_required', score);
    }
    case 'fyi': {
      if (d.basis === 'auto_reply') return clampToBand('fyi', 1 + (s.isVip ? 2 : 0));
      let score = d.basis === 'own' ? 1 : d.basis === 'notification' || d.basis === 'bounce' ? 1 : 2;
      if ((d.basis === 'notification' || d.basis === 'bounce') && s.failureWords) score++;
      if (s.isVip) score += 2;
      if (s.keywordHit) score++;
      return clampToBand('fyi', score);
    }
    case 'resolved':
      return clampToBand('resolved', s.isVip || s.keywordHit ? 1 : 0);
    default:
      return clampToBand(d.category, s.keywordHit || s.isVip ? 1 : 0);
  }
}

/**
 * Classifies one message. `thread` holds the earlier messages of the same thread (oldest first)
 * with the categories triage gave them; `receivedAt` anchors relative deadlines. Pure and
 * deterministic: the same input always gives the same result.
 */
export function triageMessage(
  message: TriageMessage,
  settings: TriageSettings,
  thread: PriorMessage[],
  receivedAt: Date,
): TriageResult {
  const signals = computeSignals(message, { receivedAt, settings });
  const decision = decide(signals, thread);
  const urgency = urgencyScore(decision, signals, thread);
  const deadline =
    decision.category === 'urgent' || decision.category === 'action_required' ? signals.deadline : null;
  return {
    category: decision.category,
    urgencyScore: urgency,
    summary: buildSummary(message, signals, decision.category),
    deadline,
    settlesThread: decision.settlesThread,
  };
}

/**
 * The score an earlier message keeps once its thread is settled: it moves into the `resolved`
 * band but keeps its rank (what was urgent stays above what was only informative).
 */
export function resolvedUrgencyScore(previousScore: number): number {
  if (previousScore >= 8) return 2;
  if (previousScore >= 4) return 1;
  return 0;
}
