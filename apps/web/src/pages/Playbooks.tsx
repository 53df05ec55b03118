import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTimeZone, useTitle } from '../account.tsx';
import { PagedCards } from '../components/CardList.tsx';
import { Facts } from '../components/Facts.tsx';
import { Crumbs, PageHead } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Empty, ErrorNotice, StatusBadge, UrgencyBadge } from '../components/ui.tsx';
import { driftCodeOf } from '../lib/errors.ts';
import { formatDateTime, minutesText } from '../lib/time.ts';
import { href, navigate, type Route } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type PlaybookListItem = RouterOutputs['playbooks']['list']['data'][number];
type PlaybookItem = PlaybookListItem['action_items'][number];
type SessionPlaybook = NonNullable<RouterOutputs['sessions']['get']['playbook']>;

const PAGE_SIZE = 10;

function ViewedBadge({ viewedAt }: { viewedAt: string | null }) {
  const timeZone = useTimeZone();
  return viewedAt ? (
    <span className="badge badge-viewed" data-testid="viewed-badge">
      Viewed {formatDateTime(viewedAt, timeZone)}
    </span>
  ) : (
    <span className="badge badge-new">New</span>
  );
}

function Item({ item }: { item: PlaybookItem }) {
  const timeZone = useTimeZone();
  return (
    <li className="card playbook-item">
      <div className="mail-head">
        <UrgencyBadge score={item.urgency_score} />
        <div className="mail-title">
          <h4 className="card-title">{item.subject || '(no subject)'}</h4>
          <p className="mail-from">
            {item.from_name ? `${item.from_name} <${item.from_email}>` : item.from_email}
          </p>
        </div>
        <div className="mail-meta">
          <time dateTime={item.received_at}>{formatDateTime(item.received_at, timeZone)}</time>
          {item.message_count > 1 && <span className="tag">{item.message_count} messages</span>}
        </div>
      </div>
      {item.deadline && (
        <p className="deadline">
          Deadline: <time dateTime={item.deadline}>{formatDateTime(item.deadline, timeZone)}</time>
        </p>
      )}
      <p className="mail-summary">{item.summary}</p>
    </li>
  );
}

function ItemSection({
  title,
  items,
  empty,
  id,
}: {
  title: string;
  items: PlaybookItem[];
  empty: string;
  id: string;
}) {
  return (
    <section aria-labelledby={id} className="playbook-section" data-section={id}>
      <h3 id={id}>
        {title} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <ul className="cards">
          {items.map((item) => (
            <Item key={`${item.thread_id}-${item.email_id}`} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Action items first, then FYI, then what resolved itself. */
const ITEM_SECTIONS: {
  id: string;
  title: string;
  list: 'action_items' | 'fyi_items' | 'resolved_items';
  empty: string;
}[] = [
  {
    id: 'action-items',
    title: 'Needs you',
    list: 'action_items',
    empty: 'Nothing needs you: enjoy your first day back.',
  },
  { id: 'fyi-items', title: 'For your information', list: 'fyi_items', empty: 'No FYI mail.' },
  {
    id: 'resolved-items',
    title: 'Resolved while you were away',
    list: 'resolved_items',
    empty: 'Nothing resolved itself.',
  },
];

export function PlaybookView({ playbook }: { playbook: SessionPlaybook }) {
  const timeZone = useTimeZone();
  return (
    <article className="playbook" aria-labelledby="playbook-summary-title">
      <h2 id="playbook-summary-title" className="visually-hidden">
        Summary
      </h2>
      <p className="playbook-summary">{playbook.summary}</p>
      <Facts
        className="stats"
        facts={[
          { term: 'Emails', value: playbook.stats.total_emails },
          { term: 'Filtered out', value: playbook.stats.filtered_emails },
          { term: 'Time saved', value: minutesText(playbook.stats.time_saved_minutes) },
          {
            term: 'Delivered',
            value: playbook.delivered_at ? formatDateTime(playbook.delivered_at, timeZone) : 'not yet',
            valueClassName: 'stat-text',
          },
        ]}
      />
      {ITEM_SECTIONS.map((section) => (
        <ItemSection key={section.id} {...section} items={playbook[section.list]} />
      ))}
    </article>
  );
}

/** `#/sessions/:id/playbook`: shows the session's playbook and marks it viewed. */
export function PlaybookPage({ sessionId }: { sessionId: string }) {
  useTitle('Return playbook');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useQuery(trpc.sessions.get.queryOptions({ id: sessionId }));
  const open = useMutation(
    trpc.playbooks.open.mutationOptions({
      onSuccess: (opened) => {
        queryClient.setQueryData(trpc.sessions.get.queryKey({ id: sessionId }), (old) =>
          old?.playbook ? { ...old, playbook: { ...old.playbook, viewed_at: opened.viewed_at } } : old,
        );
        void queryClient.invalidateQueries({ queryKey: trpc.playbooks.list.pathKey() });
      },
    }),
  );
  const playbookId = session.data?.playbook?.id;
  const openedFor = useRef<string | null>(null);
  const { mutate } = open;
  useEffect(() => {
    if (playbookId && openedFor.current !== playbookId) {
      openedFor.current = playbookId;
      mutate({ id: playbookId });
    }
  }, [playbookId, mutate]);

  const playbook = open.data ?? session.data?.playbook ?? null;

  return (
    <section aria-labelledby="playbook-title">
      <Crumbs href={href(`/sessions/${sessionId}`)}>← Session {sessionId}</Crumbs>
      <PageHead id="playbook-title" title="Return playbook">
        {session.data && <StatusBadge status={session.data.status} />}
        <span aria-live="polite">
          {playbook &&
            (open.isPending ? (
              <span className="hint">Marking as viewed…</span>
            ) : (
              <ViewedBadge viewedAt={playbook.viewed_at} />
            ))}
        </span>
      </PageHead>
      {open.isError && (
        <ErrorNotice error={open.error} onRetry={() => playbookId && open.mutate({ id: playbookId })} />
      )}
      <QueryView
        query={session}
        loading="Loading the playbook…"
        error={(error, retry) =>
          driftCodeOf(error) === 'NOT_FOUND' ? (
            <Empty title="This session does not exist." />
          ) : (
            <ErrorNotice error={error} onRetry={retry} />
          )
        }
      >
        {({ status }) =>
          playbook ? (
            <PlaybookView playbook={playbook} />
          ) : (
            <Empty
              title={
                status === 'completed'
                  ? 'The playbook is being prepared.'
                  : 'There is no playbook for this session yet.'
              }
            >
              <p>A return playbook is built when a session ends.</p>
            </Empty>
          )
        }
      </QueryView>
    </section>
  );
}

function PlaybookCard({ playbook }: { playbook: PlaybookListItem }) {
  const timeZone = useTimeZone();
  return (
    <li className="card">
      <div className="card-head">
        <h2 className="card-title">
          <a href={href(`/sessions/${playbook.ooo_session_id}/playbook`)}>
            Playbook for session <span className="mono">{playbook.ooo_session_id}</span>
          </a>
        </h2>
        <ViewedBadge viewedAt={playbook.viewed_at} />
      </div>
      <p className="playbook-summary">{playbook.summary}</p>
      <p className="stats-line">
        <span>{playbook.action_items.length} need you</span>
        <span>{playbook.fyi_items.length} FYI</span>
        <span>{playbook.resolved_items.length} resolved</span>
        <span>{minutesText(playbook.stats.time_saved_minutes)} saved</span>
        <span>built {formatDateTime(playbook.created_at, timeZone)}</span>
      </p>
    </li>
  );
}

export function PlaybooksPage({ route }: { route: Route }) {
  useTitle('Playbooks');
  const trpc = useTRPC();
  const offset = Math.max(0, Number(route.query.get('offset') ?? 0) || 0);
  const list = useQuery({
    ...trpc.playbooks.list.queryOptions({ limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="playbooks-title">
      <PageHead id="playbooks-title" title="Return playbooks" />
      <QueryView
        query={list}
        loading="Loading playbooks…"
        empty={
          <Empty title="No playbooks yet.">
            <p>When a session ends, Drift sums up what happened while you were away here.</p>
          </Empty>
        }
      >
        {({ data, pagination }) => (
          <PagedCards
            items={data}
            pagination={pagination}
            pagesLabel="Playbook pages"
            onPage={(next) => navigate(href('/playbooks', { offset: next || undefined }))}
          >
            {(playbook) => <PlaybookCard key={playbook.id} playbook={playbook} />}
          </PagedCards>
        )}
      </QueryView>
    </section>
  );
}
