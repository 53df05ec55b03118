import { AUTO_REPLY_SUBJECT } from './lexicon.ts';
import type { AutoReplyDecision, Category, TriageMessage, TriageSettings } from './types.ts';

// Whether the owner's out-of-office reply may go to this sender: RFC 3834 plus the practice of
// Gmail, Exchange and the Unix vacation program (LABELS.md, "auto_reply").

const ROBOT_LOCAL =
  /^(?:.*[._+-])?(?:no-?reply|no_reply|do-?not-?reply|do_not_reply|donotreply|mailer-daemon|postmaster|bounces?)(?:[._+-].*)?$|^owner-|-owner$|-request$/i;

function values(message: TriageMessage, name: string): string[] {
  return message.headers[name] ?? [];
}

/**
 * Decides one message. `alreadyAnsweredSender` is true when this sender already got the reply
 * in the current session; the caller tracks that (by the sender's From address) and records a
 * sender as answered only when the decision is `send: true`. `fromPerson` is triage's judgement
 * that a person wrote it: a machine that sets none of the headers above is still no one to answer.
 */
export function autoReplyDecision(
  message: TriageMessage,
  category: Category,
  settings: TriageSettings,
  alreadyAnsweredSender: boolean,
  fromPerson = true,
): AutoReplyDecision {
  const own = new Set(settings.ownAddresses.map((a) => a.trim().toLowerCase()));
  const from = message.from?.address.trim().toLowerCase() ?? '';
  const no = (reason: AutoReplyDecision['reason']): AutoReplyDecision => ({ send: false, reason });

  if (!from) return no('no_sender');
  if (own.has(from)) return no('own_address');
  const autoSubmitted = values(message, 'auto-submitted')[0]?.trim().toLowerCase();
  // RFC 3834: any keyword but exactly `no` (parameters after ';' aside) marks automatic mail.
  if (autoSubmitted && autoSubmitted.split(';')[0]?.trim() !== 'no') return no('auto_submitted');
  // Some auto-responders set no header at all; answering an out-of-office with one loops.
  if (AUTO_REPLY_SUBJECT.test(message.subject.trim())) return no('auto_submitted');
  if (values(message, 'x-auto-response-suppress').some((v) => /\b(?:oof|all)\b/i.test(v)))
    return no('suppressed');
  if (Object.keys(message.headers).some((h) => h.startsWith('list-'))) return no('list_header');
  if (values(message, 'precedence').some((v) => /^\s*(?:bulk|list|junk)\b/i.test(v))) return no('precedence');
  if (ROBOT_LOCAL.test(from.split('@')[0] ?? '')) return no('robot_sender');
  if (message.returnPath === '') return no('empty_return_path');
  if (values(message, 'x-spam-flag').some((v) => /^\s*yes/i.test(v))) return no('spam');
  if (category === 'newsletter' || category === 'promotional') return no('bulk_category');
  if (![...message.to, ...message.cc].some((a) => own.has(a.address.trim().toLowerCase())))
    return no('not_addressed');
  if (!fromPerson) return no('not_a_person');
  if (alreadyAnsweredSender) return no('already_answered');
  return { send: true, reason: 'ok' };
}
