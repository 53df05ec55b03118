import type { AutoReplyOutcome, emailDetailSchema } from '@drift/contract';
import { AUTO_REPLY_OUTCOMES } from '@drift/contract';
import type { AutoReply } from '@drift/db';
import { toIso } from '@drift/domain';
import type { z } from 'zod';

type AutoReplyView = z.input<typeof emailDetailSchema>['auto_reply'];

// Why Drift's auto-reply went or did not, for the owner reading a message. The dashboard formats
// dates itself, so the sentences carry none.

const NOT_SENT_BECAUSE: Record<AutoReplyOutcome, string> = {
  ok: 'Drift decided to answer this sender, but no reply was queued.',
  auto_submitted:
    'Not answered: the message was sent automatically (Auto-Submitted header or an automatic-reply subject), and answering it could start a mail loop.',
  list_header: 'Not answered: mail sent through a mailing list (List-* headers) never gets an auto-reply.',
  precedence: 'Not answered: the sender marked it as bulk or list mail (Precedence header).',
  suppressed: 'Not answered: the sender asked for no automatic replies (X-Auto-Response-Suppress header).',
  robot_sender:
    'Not answered: the sender address belongs to a machine (no-reply, mailer-daemon and the like).',
  empty_return_path:
    'Not answered: the message has no return address (empty Return-Path), like bounces and automatic mail.',
  spam: 'Not answered: the message was judged spam, and a reply would confirm your address to the sender.',
  bulk_category: 'Not answered: newsletters and promotions never get an auto-reply.',
  own_address: 'Not answered: it came from one of your own addresses.',
  not_addressed: 'Not answered: you were not in To or Cc (a list, an alias or a Bcc brought it to you).',
  not_a_person: 'Not answered: it reads as sent by a system, not by a person.',
  already_answered: 'Not answered: this sender already got your auto-reply in this session.',
  no_sender: 'Not answered: the message has no sender address.',
  disabled: 'Not answered: this session sends no auto-reply.',
  rule: 'Not answered: one of your rules says never to auto-reply to mail like this.',
  unknown: 'Captured before Drift kept the reason for its auto-reply decision.',
};

const DELIVERY: Record<AutoReply['status'], string> = {
  sent: 'Your auto-reply was sent to this sender.',
  pending: 'Your auto-reply to this sender is queued; Drift keeps trying to deliver it.',
  failed: 'Your auto-reply to this sender could not be delivered.',
};

/** How the owner was addressed, which is part of why a reply went: Cc counts as addressed. */
export type Addressed = 'to' | 'cc' | null;

/** Why Drift answered: every RFC 3834 check passed, so the reason is what the message looked like. */
function answeredBecause(addressed: Addressed): string {
  const how =
    addressed === 'cc'
      ? 'you were in Cc (Drift answers Cc as well as To)'
      : addressed === 'to'
        ? 'you were in To'
        : 'you were addressed';
  return `It went because the message reads as a person writing to you, ${how}, nothing marked it as list, bulk or automatic mail, and it was this sender's first message of the session.`;
}

function outcomeOf(reason: string | null): AutoReplyOutcome {
  return (AUTO_REPLY_OUTCOMES as readonly string[]).includes(reason ?? '')
    ? (reason as AutoReplyOutcome)
    : 'unknown';
}

/** The auto-reply of one email: its delivery when one was queued for it, else why none was. */
export function autoReplyView(
  reason: string | null,
  reply: Pick<AutoReply, 'status' | 'sentAt'> | null,
  addressed: Addressed = null,
): AutoReplyView {
  const outcome = outcomeOf(reason);
  return {
    status: reply?.status ?? 'not_sent',
    reason: outcome,
    explanation: reply
      ? `${DELIVERY[reply.status]} ${answeredBecause(addressed)}`
      : NOT_SENT_BECAUSE[outcome],
    sent_at: reply?.sentAt ? toIso(reply.sentAt) : null,
  };
}
