import { predictProbabilities, predictProbability, predictValue } from './learn/linear-model.ts';
import { words } from './learn/sparse.ts';
import {
  MIN_CONTENT_WORDS,
  messageFeatureNames,
  messageVector,
  senderVector,
  type ThreadState,
  threadState,
  urgencyVector,
} from './message-features.ts';
import { defaultSpamModel, defaultTriageModel, type SpamModel, type TriageModel } from './model.ts';
import { triageReasons } from './reasons.ts';
import { computeSignals, type Signals } from './signals.ts';
import { spamFeatures, upstreamSpamVerdict } from './spam.ts';
import { buildSummary } from './summary.ts';
import {
  ASK_CATEGORIES,
  BULK_CATEGORIES,
  type Category,
  type LearnedTriageResult,
  OWN_CATEGORIES,
  type OwnCategory,
  ownAddressSet,
  type PriorMessage,
  type SpamScore,
  type SpamVerdict,
  type TriageMessage,
  type TriageSettings,
  URGENCY_BANDS,
} from './types.ts';

// How a message is sorted. Hard rules first (spam, even from a forged own address; robots
// answering robots), then the learned models: what the message is on its own (category and
// urgency), and whether it settles its thread (the owner's own reply can: he dealt with it). The owner's VIPs and urgent keywords are hard rules over the
// model's answer; the thread's state (settled or re-opened) comes last.

export interface TriageOptions {
  /** Models to use instead of the committed ones (cross-validation trains its own). */
  model?: TriageModel;
  spamModel?: SpamModel;
  /** SpamAssassin's score for this message when spamd is configured (DRIFT_SPAMD). */
  spamd?: SpamScore | null;
}

/**
 * The settle model's probability from which a message settles its thread's open request. Chosen by
 * 5-fold cross-validation (0.3 to 0.6; 0.3-0.4 scored alike, 0.4 is the most cautious of them).
 */
const SETTLE_THRESHOLD = 0.4;
/** A wrong auto-reply costs more than a missed one: answer only when the sender model is fairly sure. */
const PERSON_THRESHOLD = 0.5;
/** spamd scores this far under its threshold still count when the content model agrees. */
const SPAMD_MARGIN = 2.5;
/** Below this spam probability a message is not promotional, whatever the triage model says. */
const PROMOTIONAL_GATE = 0.5;
/** The content model's probability from which it convicts even mail that reads as an ask. */
const CERTAIN_SPAM = 0.95;

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
 * alone: a false positive there costs far more than a missed pitch. Nor is mail the triage model
 * reads as asking the owner something, unless the content model is all but certain.
 */
function spamVerdict(
  message: TriageMessage,
  s: Signals,
  thread: ThreadState,
  probability: number,
  threshold: number,
  spamd: SpamScore | null | undefined,
  modelSaysAsk: boolean,
): SpamVerdict | null {
  const upstream = upstreamSpamVerdict(message);
  if (upstream) return upstream;
  if (spamd && spamd.score >= spamd.threshold) return { isSpam: true, source: 'spamd' };
  // A message without a sender is trusted by no one.
  const trusted =
    s.fromAddress !== '' &&
    (s.isVip || s.internalPerson || !s.isExternal || thread.priorFromOwner || thread.priorAsk);
  if (trusted) return null;
  // A line or two is too little text for the content model to convict on alone.
  const enough = words(`${message.subject} ${message.text}`).length >= MIN_CONTENT_WORDS;
  const convicts = modelSaysAsk ? Math.max(threshold, CERTAIN_SPAM) : threshold;
  if (enough && probability >= convicts) return { isSpam: true, source: 'content' };
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
  fromPerson: boolean,
): { own: OwnDecision; settleProbability: number } {
  const probability = spamProbability(message, spamModel);
  const names = messageFeatureNames(s, thread, probability);
  const x = messageVector(names);
  const probabilities = predictProbabilities(model.category, x);
  // Bulk mail comes from lists and senders the owner does not know; a colleague writing from their
  // own mailbox, a VIP, or someone the owner already wrote to in this thread is read as a person.
  if (s.isVip || s.internalPerson || thread.priorFromOwner) {
    if (!s.bulk) for (const c of BULK_CATEGORIES) probabilities[OWN_CATEGORIES.indexOf(c as OwnCategory)] = 0;
  }
  // Machine-sent and list mail the content model (which has read far more spam and ham) takes for
  // ham is a list's discussion or a feed's editorial, not marketing. A person's cold pitch is the
  // triage model's to judge: the content model has seen few of them.
  if ((!fromPerson || s.listHeaders) && probability < PROMOTIONAL_GATE) {
    probabilities[OWN_CATEGORIES.indexOf('promotional')] = 0;
  }
  let category = OWN_CATEGORIES[argmax(probabilities)] ?? 'fyi';
  const spam = spamVerdict(
    message,
    s,
    thread,
    probability,
    spamModel.threshold,
    spamd,
    ASK_CATEGORIES.has(category),
  );
  if (spam) return { own: { category: 'promotional', score: 0, spam, final: true }, settleProbability: 0 };
  // An out-of-office reply or a bounce is information; it never asks, settles or re-opens.
  if (s.autoReply || s.bounce) {
    const score = s.bounce && s.failureWords ? 2 : 1;
    return { own: { category: 'fyi', score, spam: null, final: true }, settleProbability: 0 };
  }
  // Bumping a pitch or a digest does not make it a conversation, unless the owner answered it.
  if (thread.senderBulkCategory && !thread.priorFromOwner) category = thread.senderBulkCategory;
  if (s.keywordHit && !BULK_CATEGORIES.has(category)) category = 'urgent';
  else if (s.isVip && category === 'action_required') category = 'urgent';
  let score = clampToBand(
    category,
    model.urgencyBase[category] + predictValue(model.urgency, urgencyVector(names, category, s)),
  );
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
export function triageMessage(
  message: TriageMessage,
  settings: TriageSettings,
  thread: PriorMessage[],
  receivedAt: Date,
  options: TriageOptions = {},
): LearnedTriageResult {
  const signals = computeSignals(message, { receivedAt, settings });
  const own = ownAddressSet(settings);
  const state = threadState(thread, signals.fromAddress, own);
  const model = options.model ?? defaultTriageModel();
  const fromPerson = predictProbability(model.person, senderVector(message, signals)) >= PERSON_THRESHOLD;
  const { own: decision, settleProbability } = decideOwn(
    message,
    signals,
    state,
    model,
    options.spamModel ?? defaultSpamModel(),
    options.spamd,
    fromPerson,
  );

  let category: Category = decision.category;
  let urgencyScore = decision.score;
  let settlesThread = false;
  let reopensThread = false;
  if (!decision.final && state.priorCount > 0) {
    // Only an open request or problem settles: a thread that asked nothing has nothing to resolve.
    if (
      !state.settled &&
      (state.priorAsk || state.priorProblem) &&
      !ASK_CATEGORIES.has(decision.category) &&
      settleProbability >= SETTLE_THRESHOLD
    ) {
      settlesThread = true;
    } else if (state.settled && ASK_CATEGORIES.has(decision.category)) {
      reopensThread = true;
    }
    if (settlesThread || (state.settled && !reopensThread)) {
      category = 'resolved';
      urgencyScore = URGENCY_BANDS.resolved[0];
    }
  }
  const deadline = ASK_CATEGORIES.has(category) ? signals.deadline : null;
  return {
    category,
    urgencyScore,
    summary: buildSummary(message, signals, category),
    deadline,
    settlesThread,
    reopensThread,
    ownCategory: decision.category,
    ownUrgencyScore: decision.score,
    spam: decision.spam,
    fromPerson,
    reasons: triageReasons({
      message,
      settings,
      signals,
      thread: state,
      spam: decision.spam,
      ownCategory: decision.category,
      category,
      settlesThread,
      reopensThread,
      deadline,
    }),
  };
}
