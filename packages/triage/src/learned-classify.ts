import { predictProbabilities, predictProbability, predictValue } from './learn/linear-model.ts';
import {
  messageFeatureNames,
  messageVector,
  type ThreadState,
  threadState,
  urgencyVector,
} from './message-features.ts';
import { defaultSpamModel, defaultTriageModel, type SpamModel, type TriageModel } from './model.ts';
import { computeSignals, type Signals } from './signals.ts';
import { spamFeatures, upstreamSpamVerdict } from './spam.ts';
import { buildSummary } from './summary.ts';
import {
  type Category,
  type LearnedTriageResult,
  OWN_CATEGORIES,
  type OwnCategory,
  type PriorMessage,
  type SpamScore,
  type SpamVerdict,
  type TriageMessage,
  type TriageSettings,
  URGENCY_BANDS,
} from './types.ts';

// The learned classifier (issue 11, not yet wired into capture). How a message is sorted. Hard rules first (the owner's own mail, spam, robots answering
// robots), then the learned models: what the message is on its own (category and urgency), and
// whether it settles its thread. The owner's VIPs and urgent keywords are hard rules over the
// model's answer; the thread's state (settled or re-opened) comes last.

export interface TriageOptions {
  /** Models to use instead of the committed ones (cross-validation trains its own). */
  model?: TriageModel;
  spamModel?: SpamModel;
  /** SpamAssassin's score for this message when spamd is configured (DRIFT_SPAMD). */
  spamd?: SpamScore | null;
}

/** Settling needs the model to be more sure than not. */
const SETTLE_THRESHOLD = 0.5;
/** spamd scores this far under its threshold still count when the content model agrees. */
const SPAMD_MARGIN = 2.5;
const ASKS: ReadonlySet<Category> = new Set(['urgent', 'action_required']);

function clampToBand(category: Category, score: number): number {
  const [lo, hi] = URGENCY_BANDS[category];
  return Math.max(lo, Math.min(hi, Math.round(score)));
}

/** Probability that the subject and body are spam, by the content model. */
export function spamProbability(message: TriageMessage, model: SpamModel = defaultSpamModel()): number {
  return predictProbability(model.model, spamFeatures(message.subject, message.text));
}

/**
 * Spam by any voice: an upstream filter's header, spamd, or the content model. Mail from a VIP,
 * from a colleague, or in a conversation the owner took part in is never called spam by content
 * alone: a false positive there costs far more than a missed pitch.
 */
function spamVerdict(
  message: TriageMessage,
  s: Signals,
  thread: ThreadState,
  probability: number,
  threshold: number,
  spamd: SpamScore | null | undefined,
): SpamVerdict | null {
  const upstream = upstreamSpamVerdict(message);
  if (upstream) return upstream;
  if (spamd && spamd.score >= spamd.threshold) return { isSpam: true, source: 'spamd' };
  const trusted = s.isVip || s.internalPerson || !s.isExternal || thread.priorFromOwner;
  if (trusted) return null;
  if (probability >= threshold) return { isSpam: true, source: 'content' };
  if (spamd && spamd.score >= spamd.threshold - SPAMD_MARGIN && probability >= 0.5) {
    return { isSpam: true, source: 'spamd+content' };
  }
  return null;
}

interface OwnDecision {
  category: OwnCategory;
  score: number;
  spam: SpamVerdict | null;
  /** Hard rules decided: the thread cannot settle or re-open through this message. */
  final: boolean;
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

function decideOwn(
  message: TriageMessage,
  s: Signals,
  thread: ThreadState,
  model: TriageModel,
  spamModel: SpamModel,
  spamd: SpamScore | null | undefined,
): { own: OwnDecision; settleProbability: number } {
  const probability = spamProbability(message, spamModel);
  if (s.isOwnSender) {
    return { own: { category: 'fyi', score: 1, spam: null, final: true }, settleProbability: 0 };
  }
  const spam = spamVerdict(message, s, thread, probability, spamModel.threshold, spamd);
  if (spam) return { own: { category: 'promotional', score: 0, spam, final: true }, settleProbability: 0 };
  // An out-of-office reply or a bounce is information; it never asks, settles or re-opens.
  if (s.autoReply || s.bounce) {
    const score = s.bounce && s.failureWords ? 2 : 1;
    return { own: { category: 'fyi', score, spam: null, final: true }, settleProbability: 0 };
  }

  const names = messageFeatureNames(s, thread, probability);
  const x = messageVector(names);
  let category = OWN_CATEGORIES[argmax(predictProbabilities(model.category, x))] ?? 'fyi';
  const bulk = category === 'newsletter' || category === 'promotional';
  if (s.keywordHit && !bulk) category = 'urgent';
  else if (s.isVip && category === 'action_required') category = 'urgent';
  let score = clampToBand(category, predictValue(model.urgency, urgencyVector(names, category, s)));
  // A VIP's FYI stays FYI, at the top of its band; a keyword makes the ask as pressing as it gets.
  if (s.isVip && category === 'fyi') score = URGENCY_BANDS.fyi[1];
  if (s.keywordHit && category === 'urgent') score = Math.max(score, 9);
  return {
    own: { category, score, spam: null, final: false },
    settleProbability: predictProbability(model.settle, x),
  };
}

/**
 * Classifies one message. `thread` holds the earlier messages of the same thread (oldest first)
 * with the categories triage gave them; `receivedAt` anchors relative deadlines. Pure and
 * deterministic: the same input and models always give the same result.
 */
export function learnedTriageMessage(
  message: TriageMessage,
  settings: TriageSettings,
  thread: PriorMessage[],
  receivedAt: Date,
  options: TriageOptions = {},
): LearnedTriageResult {
  const signals = computeSignals(message, { receivedAt, settings });
  const own = new Set(settings.ownAddresses.map((a) => a.trim().toLowerCase()));
  const state = threadState(thread, signals.fromAddress, own);
  const { own: decision, settleProbability } = decideOwn(
    message,
    signals,
    state,
    options.model ?? defaultTriageModel(),
    options.spamModel ?? defaultSpamModel(),
    options.spamd,
  );

  let category: Category = decision.category;
  let urgencyScore = decision.score;
  let settlesThread = false;
  let reopensThread = false;
  if (!decision.final && state.priorCount > 0) {
    if (!state.settled && decision.category !== 'urgent' && settleProbability >= SETTLE_THRESHOLD) {
      settlesThread = true;
    } else if (state.settled && ASKS.has(decision.category)) {
      reopensThread = true;
    }
    if (settlesThread || (state.settled && !reopensThread)) {
      category = 'resolved';
      urgencyScore = URGENCY_BANDS.resolved[0];
    }
  }
  const asks = category === 'urgent' || category === 'action_required';
  return {
    category,
    urgencyScore,
    summary: buildSummary(message, signals, category),
    deadline: asks ? signals.deadline : null,
    settlesThread,
    reopensThread,
    ownCategory: decision.category,
    ownUrgencyScore: decision.score,
    spam: decision.spam,
  };
}
