import { FeatureBag, type SparseVector, textFeatureNames, words } from './learn/sparse.ts';
import { FAILURE_WORDS } from './lexicon.ts';
import type { Signals } from './signals.ts';
import {
  ASK_CATEGORIES,
  BULK_CATEGORIES,
  type Category,
  type OwnCategory,
  type PriorMessage,
  type TriageMessage,
} from './types.ts';

// What the models see of one message: the structural signals of signals.ts (headers, sender,
// VIP, deadlines, asks), the state of its thread, the spam model's verdict, and hashed text.

export const FEATURE_BUCKETS = 1 << 18;
/** Fewer words than this and the content spam model's verdict is not worth much. */
export const MIN_CONTENT_WORDS = 25;

export interface ThreadState {
  priorCount: number;
  /** An earlier message asked something (urgent or action_required on its own). */
  priorAsk: boolean;
  priorUrgent: boolean;
  priorFromSender: boolean;
  priorAskFromSender: boolean;
  priorFromOwner: boolean;
  priorBulk: boolean;
  /** What this sender's earlier bulk message in the thread was (newsletter or promotional). */
  senderBulkCategory: OwnCategory | null;
  /** An earlier message reported a failure or an incident: a problem a later one can settle. */
  priorProblem: boolean;
  /** The thread is settled right now. */
  settled: boolean;
}

export function threadState(
  thread: readonly PriorMessage[],
  sender: string,
  own: ReadonlySet<string>,
): ThreadState {
  const ownCategory = (p: PriorMessage) => p.ownCategory ?? p.category;
  const senderBulk = thread.find((p) => p.fromAddress === sender && BULK_CATEGORIES.has(ownCategory(p)));
  return {
    priorCount: thread.length,
    priorAsk: thread.some((p) => ASK_CATEGORIES.has(ownCategory(p))),
    priorUrgent: thread.some((p) => ownCategory(p) === 'urgent'),
    priorFromSender: thread.some((p) => p.fromAddress === sender),
    priorAskFromSender: thread.some((p) => p.fromAddress === sender && ASK_CATEGORIES.has(ownCategory(p))),
    priorFromOwner: thread.some((p) => own.has(p.fromAddress)),
    priorBulk: thread.some((p) => BULK_CATEGORIES.has(ownCategory(p))),
    priorProblem: thread.some((p) => FAILURE_WORDS.test(`${p.subject}\n${p.text}`)),
    senderBulkCategory: senderBulk ? (ownCategory(senderBulk) as OwnCategory) : null,
    settled: thread.length > 0 && thread[thread.length - 1]?.category === 'resolved',
  };
}

function bucket(value: number, edges: readonly number[]): string {
  const i = edges.findIndex((edge) => value <= edge);
  return i < 0 ? `>${edges[edges.length - 1]}` : `<=${edges[i]}`;
}

function deadlineBucket(hours: number | null): string {
  if (hours === null) return 'none';
  if (hours < 0) return 'past';
  return bucket(hours, [6, 24, 36, 48, 72, 168]);
}

/** Flags and counts that are true of the message, as feature names. */
function structuralNames(s: Signals, thread: ThreadState, spamProbability: number): string[] {
  const flags: Record<string, boolean> = {
    vip: s.isVip,
    own: s.isOwnSender,
    external: s.isExternal,
    internalPerson: s.internalPerson,
    ownerInTo: s.ownerInTo,
    ownerAddressed: s.ownerAddressed,
    toGroup: s.toIsGroup,
    autoSubmitted: s.autoSubmitted,
    robot: s.robotSender,
    nullReturnPath: s.nullReturnPath,
    listHeaders: s.listHeaders,
    precedenceBulk: s.precedenceBulk,
    bulkMailer: s.bulkMailer,
    unsubscribe: s.unsubscribeFooter,
    importanceHigh: s.importanceHigh,
    autoReply: s.autoReply,
    bounce: s.bounce,
    automated: s.automated,
    bulk: s.bulk,
    noAction: s.noAction,
    relaxed: s.relaxed,
    followUpPressure: s.followUpPressure,
    mentionsOwner: s.mentionsOwner,
    personalNotification: s.personalNotification,
    failureWords: s.failureWords,
    settledStrong: s.settledStrong,
    settledTakeover: s.settledTakeover,
    keyword: s.keywordHit,
    urgentWords: s.urgentWords,
    sameDayAsk: s.sameDayAsk,
    reply: thread.priorCount > 0,
    priorAsk: thread.priorAsk,
    priorUrgent: thread.priorUrgent,
    priorFromSender: thread.priorFromSender,
    priorAskFromSender: thread.priorAskFromSender,
    priorFromOwner: thread.priorFromOwner,
    priorBulk: thread.priorBulk,
    settled: thread.settled,
  };
  const names = Object.entries(flags).flatMap(([name, on]) => (on ? [`f:${name}`] : []));
  const ask = bucket(s.askScore, [0, 1.4, 2.4, 3.4, 4.4]);
  const deadline = deadlineBucket(s.hoursToDeadline);
  // The content model reads a line or two poorly (a short ask scores like a short pitch).
  const spam =
    words(`${s.subject} ${s.body.join(' ')}`).length < MIN_CONTENT_WORDS
      ? 'short'
      : bucket(spamProbability, [0.1, 0.3, 0.5, 0.7, 0.9]);
  const sender = s.isOwnSender
    ? 'own'
    : s.automated
      ? 'auto'
      : s.bulk
        ? 'bulk'
        : s.isExternal
          ? 'ext'
          : 'int';
  names.push(
    `n:ask${ask}`,
    `n:deadline${deadline}`,
    `n:promo${Math.min(s.promo, 4)}`,
    `n:editorial${Math.min(s.editorial, 4)}`,
    `n:cold${Math.min(s.cold, 4)}`,
    `n:incident${Math.min(s.incident, 3)}`,
    `n:stakes${Math.min(s.stakes, 3)}`,
    `n:spam${spam}`,
    // Crosses a linear model cannot form by itself: an ask is urgent with a near deadline or an
    // incident, and an ask from a system reads differently from one from a person.
    `x:ask${ask}|deadline${deadline}`,
    `x:ask${ask}|incident${Math.min(s.incident, 2)}`,
    `x:ask${ask}|stakes${Math.min(s.stakes, 2)}`,
    `x:ask${ask}|sender:${sender}`,
    `x:ask${ask}|vip${s.isVip}`,
    `x:ask${ask}|noAction${s.noAction}|relaxed${s.relaxed}`,
    `x:ask${ask}|urgentWords${s.urgentWords}|sameDay${s.sameDayAsk}`,
    `x:sender:${sender}|promo${Math.min(s.promo, 3)}|editorial${Math.min(s.editorial, 3)}`,
    `x:sender:${sender}|cold${Math.min(s.cold, 3)}|reply${thread.priorCount > 0}`,
    `x:sender:${sender}|incident${Math.min(s.incident, 2)}`,
    `x:settle${s.settledStrong}|${s.settledTakeover}|priorAsk${thread.priorAsk}|ask${ask}`,
    `x:settled${thread.settled}|ask${ask}`,
  );
  return names;
}

/** The feature names of a message, computed once and shared by every model that reads it. */
export interface MessageFeatureNames {
  structural: string[];
  subject: string[];
  body: string[];
}

export function messageFeatureNames(
  s: Signals,
  thread: ThreadState,
  spamProbability: number,
): MessageFeatureNames {
  return {
    structural: structuralNames(s, thread, spamProbability),
    subject: textFeatureNames(s.subject, 's'),
    body: textFeatureNames(s.body.join('\n'), 't'),
  };
}

/** The vector the category and settle models read. */
export function messageVector(names: MessageFeatureNames): SparseVector {
  return vectorOf(names, []);
}

/** The urgency model also knows the category it scores within. */
export function urgencyVector(names: MessageFeatureNames, category: Category, s: Signals): SparseVector {
  return vectorOf(names, [
    `u:${category}`,
    `u:${category}|vip${s.isVip}`,
    `u:${category}|deadline${deadlineBucket(s.hoursToDeadline)}`,
    `u:${category}|incident${Math.min(s.incident, 2)}|urgentWords${s.urgentWords}`,
  ]);
}

function vectorOf(names: MessageFeatureNames, extra: readonly string[]): SparseVector {
  const bag = new FeatureBag(FEATURE_BUCKETS);
  bag.add('bias');
  for (const name of names.structural) bag.add(name);
  for (const name of extra) bag.add(name);
  bag.addNormalised(names.subject, 1);
  bag.addNormalised(names.body, 1);
  return bag.toVector();
}

/**
 * What says whether a person wrote the message (the auto-reply goes to people only): the shape
 * and words of the display name, the local part and its character trigrams, the sender's
 * subdomains, an envelope sender (Return-Path) that differs from From, and the automation signals.
 */
export function senderFeatureNames(message: TriageMessage, s: Signals): string[] {
  const names: string[] = [];
  const display = (message.from?.name ?? '').trim();
  const displayWords = words(display);
  const capitalised = display.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).length;
  names.push(
    `d:words${Math.min(displayWords.length, 3)}`,
    `d:capitalised${Math.min(capitalised, 3)}`,
    `d:unspacedScript${/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(display)}`,
  );
  for (const w of displayWords) names.push(`d:w:${w}`);
  const [local = '', domain = ''] = s.fromAddress.split('@');
  const localParts = local.split(/[._+-]/).filter(Boolean);
  names.push(`l:parts${Math.min(localParts.length, 3)}`, `l:digits${/\d/.test(local)}`);
  for (const part of localParts) names.push(`l:p:${part}`);
  const padded = ` ${local} `;
  for (let i = 0; i + 3 <= padded.length; i++) names.push(`l:c:${padded.slice(i, i + 3)}`);
  // The name reappears in the address (Ken Adams <ken.adams@>, Nagios <nagios@>).
  names.push(`l:nameInLocal${displayWords.some((w) => w.length >= 2 && local.toLowerCase().includes(w))}`);
  const labels = domain.split('.');
  names.push(`dom:labels${Math.min(labels.length, 4)}`);
  for (const label of labels.slice(0, -2)) names.push(`dom:sub:${label}`);
  const returnPath = message.returnPath?.toLowerCase() ?? null;
  names.push(`rp:${returnPath === null ? 'none' : returnPath === s.fromAddress ? 'same' : 'differs'}`);
  if (returnPath)
    for (const part of (returnPath.split('@')[0] ?? '').split(/[._+=-]/)) names.push(`rp:p:${part}`);
  const flags = {
    automated: s.automated,
    robot: s.robotSender,
    internalPerson: s.internalPerson,
    external: s.isExternal,
    bulk: s.bulk,
    personalNotification: s.personalNotification,
    autoReply: s.autoReply,
    bounce: s.bounce,
  };
  for (const [flag, on] of Object.entries(flags)) names.push(`f:${flag}${on}`);
  return names;
}

/** The vector the sender model reads: sender features plus the subject's words. */
export function senderVector(message: TriageMessage, s: Signals): SparseVector {
  const bag = new FeatureBag(FEATURE_BUCKETS);
  bag.add('bias');
  for (const name of senderFeatureNames(message, s)) bag.add(name);
  bag.addNormalised(
    words(s.subject).map((w) => `sw:${w}`),
    1,
  );
  return bag.toVector();
}
