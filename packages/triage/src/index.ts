export { autoReplyDecision } from './auto-reply.ts';
export { spamProbability, type TriageOptions, triageMessage } from './classify.ts';
export { detectDeadline } from './deadline.ts';
export { seededRandom } from './learn/trainer.ts';
export { defaultSpamModel, defaultTriageModel } from './model.ts';
export {
  buildPlaybook,
  type PlaybookContent,
  type PlaybookEmail,
  type PlaybookItem,
  type PlaybookOptions,
  TIME_SAVED_MINUTES,
} from './playbook.ts';
export { SETTLED_BY_THREAD_REASON, SETTLES_THREAD_REASON } from './reasons.ts';
export { extractNewText, normalizeSubject } from './text.ts';
export { ThreadIndex, threadRootId } from './thread.ts';
export { relabelThread, resolvedUrgencyScore } from './thread-outcome.ts';
export {
  type AutoReplyDecision,
  type AutoReplyReason,
  CATEGORIES,
  type Category,
  type LearnedTriageResult,
  OWN_CATEGORIES,
  type OwnCategory,
  type PriorMessage,
  type SpamScore,
  type SpamVerdict,
  type TriageAddress,
  type TriageMessage,
  type TriageResult,
  type TriageSettings,
  URGENCY_BANDS,
} from './types.ts';
