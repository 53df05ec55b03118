import { useTimeZone } from '../account.tsx';
import { formatDateTime } from '../lib/time.ts';
import { href } from '../router.ts';
import type { RouterOutputs } from '../trpc.ts';
import { CATEGORY_WORD } from './mail-words.ts';
import { UrgencyBadge } from './ui.tsx';

type InboxEmail = RouterOutputs['mail']['inbox']['data'][number];

/**
 * One message of the list. The whole card opens the message, through its subject's link: one tab
 * stop, named by the subject.
 */
export function MailRow({ email }: { email: InboxEmail }) {
  const timeZone = useTimeZone();
  return (
    <li className={`card mail-card mail-row mail-${email.category}`} data-category={email.category}>
      <div className="mail-head">
        <UrgencyBadge score={email.urgency_score} />
        <div className="mail-title">
          <h2 className="card-title">
            <a className="row-link" href={href(`/mail/${encodeURIComponent(email.id)}`)}>
              {email.subject || '(no subject)'}
            </a>
          </h2>
          <p className="mail-from">
            {email.from_name ? (
              <>
                {email.from_name} <span className="hint">&lt;{email.from_email}&gt;</span>
              </>
            ) : (
              email.from_email
            )}
          </p>
        </div>
        <div className="mail-meta">
          <time dateTime={email.received_at}>{formatDateTime(email.received_at, timeZone)}</time>
          <span className={`tag tag-${email.category}`}>{CATEGORY_WORD[email.category]}</span>
          {email.auto_replied && (
            <span className="tag tag-replied" title="Drift sent this sender your auto-reply">
              ↩ Auto-replied
            </span>
          )}
        </div>
      </div>
      <p className="mail-summary">{email.ai_summary}</p>
    </li>
  );
}
