import { MAIL_SEARCH_MAX_LENGTH, type MailSort } from '@drift/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTimeZone, useTitle } from '../account.tsx';
import { PagedCards } from '../components/CardList.tsx';
import { MailRow } from '../components/MailRow.tsx';
import {
  CATEGORY_FILTERS,
  CATEGORY_WORD,
  type Category,
  isCategory,
  messagesText,
  sessionOptionLabel,
  sessionTitle,
} from '../components/mail-words.ts';
import { PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Empty } from '../components/ui.tsx';
import { href, navigate, type Route } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type SessionItem = RouterOutputs['sessions']['list']['data'][number];

const PAGE_SIZE = 20;
export const SEARCH_DELAY_MS = 300;

const SORTS: { value: MailSort; label: string }[] = [
  { value: 'urgency', label: 'Most urgent first' },
  { value: 'time', label: 'Newest first' },
];

/** The session to show first: the active one, else the latest with mail, else the latest that ran. */
function defaultSession(sessions: SessionItem[]): string | undefined {
  return (
    sessions.find((s) => s.status === 'active')?.id ??
    sessions.find((s) => s.stats.emails_received > 0)?.id ??
    sessions.find((s) => s.status !== 'scheduled' && s.status !== 'cancelled')?.id ??
    sessions[0]?.id
  );
}

/** The list's state, all of it in the URL so that a reload or a shared link shows the same. */
export interface MailQuery {
  session?: string;
  category: '' | Category;
  sort: MailSort;
  q: string;
  offset: number;
}

export function readMailQuery(query: URLSearchParams): MailQuery {
  const category = query.get('category') ?? '';
  const sort = query.get('sort');
  return {
    session: query.get('session') || undefined,
    category: isCategory(category) ? category : '',
    sort: sort === 'time' ? 'time' : 'urgency',
    q: (query.get('q') ?? '').trim().slice(0, MAIL_SEARCH_MAX_LENGTH),
    offset: Math.max(0, Number(query.get('offset') ?? 0) || 0),
  };
}

export function mailHref(state: MailQuery): string {
  return href('/mail', {
    session: state.session,
    category: state.category,
    sort: state.sort === 'urgency' ? undefined : state.sort,
    q: state.q,
    offset: state.offset || undefined,
  });
}

/** Typing asks the server once the person pauses, not at every key. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const latest = useRef(onSearch);
  latest.current = onSearch;
  // The URL changed from elsewhere (clear search, back button): show what it says.
  useEffect(() => setText((current) => (current.trim() === value ? current : value)), [value]);
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => latest.current(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <div className="mail-search">
      <label htmlFor="mail-search">Search sender or subject</label>
      <input
        id="mail-search"
        type="search"
        value={text}
        maxLength={MAIL_SEARCH_MAX_LENGTH}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') latest.current(text.trim());
        }}
      />
    </div>
  );
}

/** The chosen session when the list does not hold it (an old one): named by its dates all the same. */
function OtherSessionOption({ id }: { id: string }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const session = useQuery(trpc.sessions.get.queryOptions({ id }));
  const label = session.data
    ? `${sessionTitle(session.data, timeZone)} · ${session.data.status}`
    : session.isError
      ? 'A session that no longer exists'
      : 'Loading this session…';
  return <option value={id}>{label}</option>;
}

export function MailPage({ route }: { route: Route }) {
  useTitle('Mail');
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const sessions = useQuery(trpc.sessions.list.queryOptions({ limit: 100 }));
  const asked = readMailQuery(route.query);
  const sessionId = asked.session ?? (sessions.data ? defaultSession(sessions.data.data) : undefined);
  const state: MailQuery = { ...asked, session: sessionId };
  const { category, sort, q, offset } = state;

  const inbox = useQuery({
    ...trpc.mail.inbox.queryOptions({
      session_id: sessionId ?? '',
      sort,
      limit: PAGE_SIZE,
      offset,
      ...(category ? { category } : {}),
      ...(q ? { q } : {}),
    }),
    enabled: Boolean(sessionId),
    placeholderData: keepPreviousData,
    // Mail keeps arriving while the session is active.
    refetchInterval:
      sessions.data?.data.find((s) => s.id === sessionId)?.status === 'active' ? 30_000 : false,
  });
  const counts = inbox.data?.counts;

  const go = (next: Partial<MailQuery>) => navigate(mailHref({ ...state, offset: 0, ...next }));

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
            <div className="toolbar mail-toolbar">
              <div className="mail-control">
                <label htmlFor="mail-session">Session</label>
                <select
                  id="mail-session"
                  value={sessionId ?? ''}
                  onChange={(event) => go({ session: event.currentTarget.value, category: '', q: '' })}
                >
                  {sessionId && !sessionList.some((s) => s.id === sessionId) && (
                    <OtherSessionOption id={sessionId} />
                  )}
                  {sessionList.map((s) => (
                    <option key={s.id} value={s.id}>
                      {sessionOptionLabel(s, timeZone)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="mail-control">
                <label htmlFor="mail-sort">Sort</label>
                <select
                  id="mail-sort"
                  value={sort}
                  onChange={(event) =>
                    go({ sort: event.currentTarget.value === 'time' ? 'time' : 'urgency' })
                  }
                >
                  {SORTS.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </div>
              <SearchBox value={q} onSearch={(next) => go({ q: next })} />
            </div>
            <fieldset className="segmented">
              <legend className="visually-hidden">Category</legend>
              {CATEGORY_FILTERS.map((c) => {
                const count = counts ? (c.value ? counts[c.value] : counts.all) : undefined;
                return (
                  <button
                    key={c.value || 'all'}
                    type="button"
                    aria-pressed={category === c.value}
                    onClick={() => go({ category: c.value })}
                  >
                    {c.label}
                    {count !== undefined && (
                      <>
                        {' '}
                        <span className="chip-count">{count}</span>
                      </>
                    )}
                  </button>
                );
              })}
            </fieldset>
            <p className="hint" aria-live="polite" data-testid="mail-total">
              {inbox.data && (
                <>
                  {messagesText(inbox.data.pagination.total)}
                  {category ? ` in ${CATEGORY_WORD[category]}` : ''}
                  {q ? ` matching “${q}”` : ''}
                  {inbox.isFetching ? ' · refreshing…' : ''}
                </>
              )}
            </p>
            <QueryView
              query={inbox}
              loading="Loading mail…"
              empty={
                q ? (
                  <Empty title={`No mail matches “${q}”.`}>
                    <p>
                      <button type="button" onClick={() => go({ q: '' })}>
                        Clear search
                      </button>
                    </p>
                  </Empty>
                ) : (
                  <Empty
                    title={
                      category
                        ? `No ${CATEGORY_WORD[category].toLowerCase()} mail in this session.`
                        : 'No mail captured in this session.'
                    }
                  />
                )
              }
            >
              {({ data, pagination }) => (
                <>
                  <PagedCards
                    items={data}
                    listLabel="Messages"
                    pagination={pagination}
                    pagesLabel="Mail pages"
                    onPage={(next) => go({ offset: next })}
                  >
                    {(email) => <MailRow key={email.id} email={email} />}
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
