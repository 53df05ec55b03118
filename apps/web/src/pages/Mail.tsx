import { EMAIL_CATEGORIES } from '@drift/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTimeZone, useTitle } from '../account.tsx';
import { PagedCards } from '../components/CardList.tsx';
import { PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Empty, UrgencyBadge } from '../components/ui.tsx';
import { formatDateTime } from '../lib/time.ts';
import { href, navigate, type Route } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type EmailItem = RouterOutputs['emails']['list']['data'][number];
type Category = EmailItem['category'];
type SessionItem = RouterOutputs['sessions']['list']['data'][number];

/** Each of the contract's categories in words, as one mail's tag. */
const CATEGORY_WORD: Record<Category, string> = {
  urgent: 'Urgent',
  action_required: 'Action required',
  fyi: 'FYI',
  newsletter: 'Newsletter',
  promotional: 'Promotional',
  resolved: 'Resolved',
};

/** The filter of many: only newsletters read differently in the plural. */
const pluralOf = (category: Category) =>
  category === 'newsletter' ? 'Newsletters' : CATEGORY_WORD[category];

export const CATEGORIES: { value: '' | Category; label: string }[] = [
  { value: '', label: 'All' },
  ...EMAIL_CATEGORIES.map((value) => ({ value, label: pluralOf(value) })),
];

const PAGE_SIZE = 20;

function sessionLabel(session: SessionItem, timeZone: string): string {
  const dates = `${formatDateTime(session.start_date, timeZone)} → ${formatDateTime(session.end_date, timeZone)}`;
  return `${dates} · ${session.status} · ${session.stats.emails_received} mails`;
}

/** The session to show first: the one asked for, else the active one, else the latest with mail. */
function defaultSession(sessions: SessionItem[]): string | undefined {
  return (
    sessions.find((s) => s.status === 'active')?.id ??
    sessions.find((s) => s.stats.emails_received > 0)?.id ??
    sessions.find((s) => s.status !== 'scheduled' && s.status !== 'cancelled')?.id ??
    sessions[0]?.id
  );
}

function MailItem({ email }: { email: EmailItem }) {
  const timeZone = useTimeZone();
  return (
    <li className={`card mail-card mail-${email.category}`} data-category={email.category}>
      <div className="mail-head">
        <UrgencyBadge score={email.urgency_score} />
        <div className="mail-title">
          <h2 className="card-title">{email.subject || '(no subject)'}</h2>
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

export function MailPage({ route }: { route: Route }) {
  useTitle('Mail');
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const sessions = useQuery(trpc.sessions.list.queryOptions({ limit: 100 }));
  const requestedCategory = route.query.get('category') ?? '';
  const category = CATEGORIES.some((c) => c.value === requestedCategory)
    ? (requestedCategory as '' | Category)
    : '';
  const offset = Math.max(0, Number(route.query.get('offset') ?? 0) || 0);
  const sessionId =
    route.query.get('session') ?? (sessions.data ? defaultSession(sessions.data.data) : undefined);

  const emails = useQuery({
    ...trpc.emails.list.queryOptions({
      limit: PAGE_SIZE,
      offset,
      ...(sessionId ? { session_id: sessionId } : {}),
      ...(category ? { category } : {}),
    }),
    enabled: Boolean(sessionId),
    placeholderData: keepPreviousData,
    // Mail keeps arriving while the session is active.
    refetchInterval:
      sessions.data?.data.find((s) => s.id === sessionId)?.status === 'active' ? 30_000 : false,
  });

  const go = (next: { session?: string; category?: string; offset?: number }) =>
    navigate(
      href('/mail', {
        session: next.session ?? sessionId,
        category: next.category ?? category,
        offset: next.offset || undefined,
      }),
    );

  return (
    <section aria-labelledby="mail-title">
      <PageHead id="mail-title" title="Captured mail" />
      <QueryView
        query={sessions}
        loading="Loading sessions…"
        empty={
          <Empty title="No sessions yet, so no captured mail.">
            <p>
              Mail is captured while a session is active.{' '}
              <a href={href('/sessions/new')}>Schedule a session</a>.
            </p>
          </Empty>
        }
      >
        {({ data: sessionList }) => (
          <>
            <div className="toolbar">
              <label htmlFor="mail-session">Session</label>
              <select
                id="mail-session"
                value={sessionId ?? ''}
                onChange={(event) => go({ session: event.currentTarget.value, offset: 0 })}
              >
                {sessionId && !sessionList.some((s) => s.id === sessionId) && (
                  <option value={sessionId}>{sessionId}</option>
                )}
                {sessionList.map((s) => (
                  <option key={s.id} value={s.id}>
                    {sessionLabel(s, timeZone)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="segmented">
              <legend className="visually-hidden">Category</legend>
              {CATEGORIES.map((c) => (
                <button
                  key={c.value || 'all'}
                  type="button"
                  aria-pressed={category === c.value}
                  onClick={() => go({ category: c.value, offset: 0 })}
                >
                  {c.label}
                </button>
              ))}
            </fieldset>
            <QueryView
              query={emails}
              loading="Loading mail…"
              empty={
                <Empty
                  title={
                    category
                      ? `No ${CATEGORY_WORD[category].toLowerCase()} mail in this session.`
                      : 'No mail captured in this session.'
                  }
                />
              }
            >
              {({ data, pagination }) => (
                <>
                  <p className="hint" aria-live="polite">
                    {pagination.total} {pagination.total === 1 ? 'message' : 'messages'}
                    {category ? ` in ${CATEGORY_WORD[category]}` : ''}
                    {emails.isFetching ? ' · refreshing…' : ''}
                  </p>
                  <PagedCards
                    items={data}
                    listLabel="Messages"
                    pagination={pagination}
                    pagesLabel="Mail pages"
                    onPage={(next) => go({ offset: next })}
                  >
                    {(email) => <MailItem key={email.id} email={email} />}
                  </PagedCards>
                </>
              )}
            </QueryView>
          </>
        )}
      </QueryView>
    </section>
  );
}
