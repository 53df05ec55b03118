export { autoReplyDecision } from './auto-reply.ts';
export { resolvedUrgencyScore, triageMessage } from './classify.ts';
export { detectDeadline } from './deadline.ts';
export {
  buildPlaybook,
  type PlaybookContent,
  type PlaybookEmail,
  type PlaybookItem,
  type PlaybookOptions,
  TIME_SAVED_MINUTES,
} from './playbook.ts';
export { extractNewText, normalizeSubject } from './text.ts';
export { ThreadIndex, threadRootId } from './thread.ts';
export {
  type AutoReplyDecision,
  type AutoReplyReason,
  CATEGORIES,
  type Category,
  type PriorMessage,
  type TriageAddress,
  type TriageMessage,
  type TriageResult,
  type TriageSettings,
  URGENCY_BANDS,
} from './types.ts';
