import { AUTO_REPLY_SUBJECT, ROBOT_LOCAL } from './lexicon.ts';
import {
  type AutoReplyDecision,
  BULK_CATEGORIES,
  type Category,
  headerValues,
  type LearnedTriageResult,
  ownAddressSet,
  type TriageMessage,
  type TriageSettings,
} from './types.ts';

// Whether the owner's out-of-office reply may go to this sender: RFC 3834 plus the practice of
// Gmail, Exchange and the Unix vacation program (LABELS.md, "auto_reply").

/**
 * Decides one message. `alreadyAnsweredSender` is true when this sender already got the reply
 * in the current session; the caller tracks that (by the sender's From address) and records a
 * sender as answered only when the decision is `send: true`. `triage` is what triage judged of
 * the message beyond its headers: spam is never answered (a reply is backscatter that confirms
 * the address), and a machine that sets none of the headers below is still no one to answer.
 */
export function autoReplyDecision(
  message: TriageMessage,
  category: Category,
  settings: TriageSettings,
  alreadyAnsweredSender: boolean,
  triage: Pick<LearnedTriageResult, 'spam' | 'fromPerson'> = { spam: null, fromPerson: true },
): AutoReplyDecision {
  const own = ownAddressSet(settings);
  const from = message.from?.address.trim().toLowerCase() ?? '';
  const no = (reason: AutoReplyDecision['reason']): AutoReplyDecision => ({ send: false, reason });

  if (!from) return no('no_sender');
  if (own.has(from)) return no('own_address');
  const autoSubmitted = headerValues(message, 'auto-submitted')[0]?.trim().toLowerCase();
  // RFC 3834: any keyword but exactly `no` (parameters after ';' aside) marks automatic mail.
  if (autoSubmitted && autoSubmitted.split(';')[0]?.trim() !== 'no') return no('auto_submitted');
  // Some auto-responders set no header at all; answering an out-of-office with one loops.
  if (AUTO_REPLY_SUBJECT.test(message.subject.trim())) return no('auto_submitted');
  if (headerValues(message, 'x-auto-response-suppress').some((v) => /\b(?:oof|all)\b/i.test(v)))
    return no('suppressed');
  if (Object.keys(message.headers).some((h) => h.startsWith('list-'))) return no('list_header');
  if (headerValues(message, 'precedence').some((v) => /^\s*(?:bulk|list|junk)\b/i.test(v)))
    return no('precedence');
  if (ROBOT_LOCAL.test(from.split('@')[0] ?? '')) return no('robot_sender');
  if (message.returnPath === '') return no('empty_return_path');
  if (triage.spam || headerValues(message, 'x-spam-flag').some((v) => /^\s*yes/i.test(v))) return no('spam');
  if (BULK_CATEGORIES.has(category)) return no('bulk_category');
  if (![...message.to, ...message.cc].some((a) => own.has(a.address.trim().toLowerCase())))
    return no('not_addressed');
  if (!triage.fromPerson) return no('not_a_person');
  if (alreadyAnsweredSender) return no('already_answered');
  return { send: true, reason: 'ok' };
}
