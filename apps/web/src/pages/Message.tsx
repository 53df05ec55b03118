import { useQuery } from '@tanstack/react-query';
import { useTimeZone, useTitle } from '../account.tsx';
import { CategoryCorrection } from '../components/CategoryCorrection.tsx';
import { Facts } from '../components/Facts.tsx';
import { MessageBody } from '../components/MessageBody.tsx';
import { CATEGORY_WORD, senderText, sessionTitle } from '../components/mail-words.ts';
import { Crumbs, PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Empty, ErrorNotice, UrgencyBadge } from '../components/ui.tsx';
import { driftCodeOf } from '../lib/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { href } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type EmailDetail = RouterOutputs['mail']['get'];
type AutoReply = EmailDetail['auto_reply'];

const messageHref = (id: string) => href(`/mail/${encodeURIComponent(id)}`);

function autoReplyStatus(reply: AutoReply, timeZone: string): string {
  switch (reply.status) {
    case 'sent':
      return reply.sent_at ? `Sent ${formatDateTime(reply.sent_at, timeZone)}` : 'Sent';
    case 'pending':
      return 'Waiting to be sent';
    case 'failed':
      return 'Could not be sent';
    default:
      return 'Not sent';
  }
}

/** The way back: the list of the session this message was captured in, named by its dates. */
function BackToSession({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const session = useQuery(trpc.sessions.get.queryOptions({ id: sessionId }));
  return (
    <Crumbs href={href('/mail', { session: sessionId })}>
      ← Mail of {session.data ? sessionTitle(session.data, timeZone) : 'this session'}
    </Crumbs>
  );
}

function WhyCategory({ email }: { email: EmailDetail }) {
  const timeZone = useTimeZone();
  const { reasons, corrected_from, corrected_at, rule } = email.triage;
  return (
    <section className="card message-section" aria-labelledby="why-title">
      <h2 id="why-title">Why this category</h2>
      {rule && (
        <p className="rule-decided">
          Your rule “{rule.name}” decided this. <a href={href('/rules')}>See your rules</a>
        </p>
      )}
      {corrected_from && (
        <p className="corrected-note">
          {`You corrected this from ${CATEGORY_WORD[corrected_from]}${corrected_at ? ` on ${formatDateTime(corrected_at, timeZone)}` : ''}.${reasons.length > 0 ? ' What triage had seen:' : ''}`}
        </p>
      )}
      {reasons.length > 0 ? (
        <ul className="reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : (
        !corrected_from && <p className="hint">Triage kept no reasons for this message.</p>
      )}
      <CategoryCorrection emailId={email.id} category={email.category} />
    </section>
  );
}

function AutoReplySection({ reply }: { reply: AutoReply }) {
  const timeZone = useTimeZone();
  return (
    <section className="card message-section" aria-labelledby="auto-reply-title">
      <h2 id="auto-reply-title">Auto-reply</h2>
      <p>
        <span className={`tag reply-${reply.status}`}>{autoReplyStatus(reply, timeZone)}</span>
      </p>
      <p className="reply-explanation">{reply.explanation}</p>
    </section>
  );
}

function Thread({ email }: { email: EmailDetail }) {
  const timeZone = useTimeZone();
  if (email.thread.length < 2) return null;
  return (
    <section className="card message-section" aria-labelledby="thread-title">
      <h2 id="thread-title">Thread ({email.thread.length} messages)</h2>
      <ol className="thread">
        {email.thread.map((message) => {
          const current = message.id === email.id;
          return (
            <li key={message.id} className={current ? 'thread-current' : undefined}>
              <a href={messageHref(message.id)} aria-current={current ? 'page' : undefined}>
                {message.subject || '(no subject)'}
              </a>
              <span className="thread-meta">
                {message.from_name ?? message.from_email} ·{' '}
                <time dateTime={message.received_at}>{formatDateTime(message.received_at, timeZone)}</time> ·{' '}
                {CATEGORY_WORD[message.category]}
                {current && ' · this message'}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function MessageView({ email }: { email: EmailDetail }) {
  const timeZone = useTimeZone();
  return (
    <article className="message" aria-label="Message">
      <Facts
        className="message-facts"
        facts={[
          { term: 'From', value: senderText(email.from_name, email.from_email) },
          { term: 'To', value: email.to.join(', ') || '—' },
          ...(email.cc.length > 0 ? [{ term: 'Cc', value: email.cc.join(', ') }] : []),
          {
            term: 'Date',
            value: <time dateTime={email.received_at}>{formatDateTime(email.received_at, timeZone)}</time>,
          },
          {
            term: 'Category',
            value: <span className={`tag tag-${email.category}`}>{CATEGORY_WORD[email.category]}</span>,
          },
          { term: 'Urgency', value: `${email.urgency_score} of 10` },
          ...(email.deadline
            ? [
                {
                  term: 'Deadline',
                  value: <time dateTime={email.deadline}>{formatDateTime(email.deadline, timeZone)}</time>,
                  valueClassName: 'deadline',
                },
              ]
            : []),
        ]}
      />
      {email.headers.length > 0 && (
        <details className="message-headers">
          <summary>Headers ({email.headers.length})</summary>
          <dl>
            {email.headers.map((header, index) => (
              // The same header may come more than once: its place tells them apart.
              <div key={`${header.name}-${index}`}>
                <dt>{header.name}</dt>
                <dd>{header.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {email.ai_summary && <p className="mail-summary message-summary">{email.ai_summary}</p>}
      <section className="message-body" aria-labelledby="body-title">
        <h2 id="body-title" className="visually-hidden">
          Message text
        </h2>
        <MessageBody
          bodyHtml={email.body_html}
          bodyText={email.body_text}
          hasRemoteImages={email.has_remote_images}
          subject={email.subject}
        />
      </section>
      <div className="message-aside">
        <WhyCategory email={email} />
        <AutoReplySection reply={email.auto_reply} />
        <Thread email={email} />
      </div>
    </article>
  );
}

/** `#/mail/:id`: one captured message in full, why it was sorted as it was, and the way to correct it. */
export function MessagePage({ id }: { id: string }) {
  const trpc = useTRPC();
  const email = useQuery(trpc.mail.get.queryOptions({ id }));
  const subject = email.data ? email.data.subject || '(no subject)' : 'Message';
  useTitle(subject);
  return (
    <section aria-labelledby="message-title">
      {email.data ? (
        <BackToSession sessionId={email.data.session_id} />
      ) : (
        <Crumbs href={href('/mail')}>← Mail</Crumbs>
      )}
      <PageHead id="message-title" title={subject}>
        {email.data && (
          <>
            <UrgencyBadge score={email.data.urgency_score} />
            <span className={`tag tag-${email.data.category}`}>{CATEGORY_WORD[email.data.category]}</span>
          </>
        )}
      </PageHead>
      <QueryView
        query={email}
        loading="Loading the message…"
        error={(error, retry) =>
          driftCodeOf(error) === 'NOT_FOUND' ? (
            <Empty title="This message does not exist.">
              <p>
                It may belong to a session that was deleted. <a href={href('/mail')}>Back to your mail</a>
              </p>
            </Empty>
          ) : (
            <ErrorNotice error={error} onRetry={retry} />
          )
        }
      >
        {/* Another message of the thread starts afresh: no offer, error or images of the last one. */}
        {(data) => <MessageView key={data.id} email={data} />}
      </QueryView>
    </section>
  );
}
