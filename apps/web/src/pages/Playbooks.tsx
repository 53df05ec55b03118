import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTimeZone, useTitle } from '../account.tsx';
import { PagedCards } from '../components/CardList.tsx';
import { CategoryCorrection } from '../components/CategoryCorrection.tsx';
import { TimeSavedExplained } from '../components/Explain.tsx';
import { Facts } from '../components/Facts.tsx';
import { MessageBody } from '../components/MessageBody.tsx';
import { CATEGORY_WORD, senderText, sessionTitle } from '../components/mail-words.ts';
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

const messageHref = (emailId: string) => href(`/mail/${encodeURIComponent(emailId)}`);

/** The message's whole text, read inside the playbook: loaded when the reader opens it. */
function InlineMessage({ emailId }: { emailId: string }) {
  const trpc = useTRPC();
  const email = useQuery(trpc.mail.get.queryOptions({ id: emailId }));
  return (
    <QueryView query={email} loading="Loading the message…">
      {(message) => (
        <MessageBody
          bodyHtml={message.body_html}
          bodyText={message.body_text}
          hasRemoteImages={message.has_remote_images}
          subject={message.subject}
        />
      )}
    </QueryView>
  );
}

function Item({ item }: { item: PlaybookItem }) {
  const timeZone = useTimeZone();
  const subject = item.subject || '(no subject)';
  const [reading, setReading] = useState(false);
  return (
    <li className={`card playbook-item mail-${item.category}`} data-category={item.category}>
      <div className="mail-head">
        <UrgencyBadge score={item.urgency_score} />
        <div className="mail-title">
          <h4 className="card-title">
            <a href={messageHref(item.email_id)}>{subject}</a>
          </h4>
          <p className="mail-from">{senderText(item.from_name, item.from_email)}</p>
        </div>
        <div className="mail-meta">
          <time dateTime={item.received_at}>{formatDateTime(item.received_at, timeZone)}</time>
          <span className={`tag tag-${item.category}`}>{CATEGORY_WORD[item.category]}</span>
          {item.message_count > 1 && <span className="tag">{item.message_count} messages</span>}
        </div>
      </div>
      {item.deadline && (
        <p className="deadline">
          Deadline: <time dateTime={item.deadline}>{formatDateTime(item.deadline, timeZone)}</time>
        </p>
      )}
      <p className="mail-summary">{item.summary}</p>
      <details className="inline-message" onToggle={(event) => setReading(event.currentTarget.open)}>
        <summary>
          Full text <span className="visually-hidden">of “{subject}”</span>
        </summary>
        {reading && <InlineMessage emailId={item.email_id} />}
      </details>
      <div className="item-actions">
        <a href={messageHref(item.email_id)}>
          Read <span className="visually-hidden">“{subject}”</span>
        </a>
        <details className="change-category">
          <summary>
            Change category <span className="visually-hidden">of “{subject}”</span>
          </summary>
          <CategoryCorrection
            emailId={item.email_id}
            category={item.category}
            subject={item.subject}
            compact
          />
        </details>
      </div>
    </li>
  );
}

/** Newsletters and promotions are kept out of the playbook, never out of reach. */
function FilteredSection({ sessionId, filtered }: { sessionId: string; filtered: number }) {
  const trpc = useTRPC();
  const inbox = useQuery(trpc.mail.inbox.queryOptions({ session_id: sessionId, limit: 1 }));
  const counts = inbox.data?.counts;
  const total = counts ? counts.newsletter + counts.promotional : filtered;
  // With the counts known, a link per kind that has mail; without them, both, to be safe.
  const links: { category: 'newsletter' | 'promotional'; label: string }[] = counts
    ? [
        ...(counts.newsletter > 0
          ? [
              {
                category: 'newsletter' as const,
                label: `Review ${counts.newsletter} ${counts.newsletter === 1 ? 'newsletter' : 'newsletters'}`,
              },
            ]
          : []),
        ...(counts.promotional > 0
          ? [
              {
                category: 'promotional' as const,
                label: `Review ${counts.promotional} ${counts.promotional === 1 ? 'promotion' : 'promotions'}`,
              },
            ]
          : []),
      ]
    : [
        { category: 'newsletter', label: 'Review newsletters' },
        { category: 'promotional', label: 'Review promotions' },
      ];
  return (
    <section aria-labelledby="filtered-items" className="playbook-filtered" data-section="filtered-items">
      <h3 id="filtered-items">
        Newsletters and promotions <span className="count">{total}</span>
      </h3>
      <p>
        {total === 0
          ? 'No newsletters or promotions were filtered out.'
          : `${total} ${total === 1 ? 'newsletter or promotion was' : 'newsletters and promotions were'} kept out of the playbook, not deleted. Review them:`}
      </p>
      {links.length > 0 && (
        <ul className="filtered-links">
          {links.map((link) => (
            <li key={link.category}>
              <a href={href('/mail', { session: sessionId, category: link.category })}>{link.label}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
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

export function PlaybookView({ playbook, sessionId }: { playbook: SessionPlaybook; sessionId: string }) {
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
      <TimeSavedExplained />
      {ITEM_SECTIONS.map((section) => (
        <ItemSection key={section.id} {...section} items={playbook[section.list]} />
      ))}
      <FilteredSection sessionId={sessionId} filtered={playbook.stats.filtered_emails} />
    </article>
  );
}

/** `#/sessions/:id/playbook`: shows the session's playbook and marks it viewed. */
export function PlaybookPage({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const queryClient = useQueryClient();
  const session = useQuery(trpc.sessions.get.queryOptions({ id: sessionId }));
  const dates = session.data ? sessionTitle(session.data, timeZone) : null;
  useTitle(dates ? `Return playbook: ${dates}` : 'Return playbook');
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

  // The session's copy first: it is the one read again after a correction changes the playbook.
  const playbook = session.data?.playbook ?? open.data ?? null;

  return (
    <section aria-labelledby="playbook-title">
      <Crumbs href={href(`/sessions/${sessionId}`)}>← Session{dates ? ` ${dates}` : ''}</Crumbs>
      <PageHead id="playbook-title" title={dates ? `Return playbook: ${dates}` : 'Return playbook'}>
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
            <PlaybookView playbook={playbook} sessionId={sessionId} />
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

/** A playbook is named by its session's dates; a session beyond the first hundred is asked for alone. */
function useSessionDates(sessionId: string, known: Map<string, string> | undefined): string | null {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const fromList = known?.get(sessionId);
  const alone = useQuery({
    ...trpc.sessions.get.queryOptions({ id: sessionId }),
    enabled: known !== undefined && fromList === undefined,
  });
  return fromList ?? (alone.data ? sessionTitle(alone.data, timeZone) : null);
}

function PlaybookCard({
  playbook,
  sessionDates,
}: {
  playbook: PlaybookListItem;
  sessionDates: Map<string, string> | undefined;
}) {
  const timeZone = useTimeZone();
  const dates = useSessionDates(playbook.ooo_session_id, sessionDates);
  return (
    <li className="card">
      <div className="card-head">
        <h2 className="card-title">
          <a href={href(`/sessions/${playbook.ooo_session_id}/playbook`)}>
            {dates
              ? `Playbook for ${dates}`
              : `Playbook built ${formatDateTime(playbook.created_at, timeZone)}`}
          </a>
        </h2>
        <ViewedBadge viewedAt={playbook.viewed_at} />
      </div>
      <p className="playbook-summary">{playbook.summary}</p>
      <p className="stats-line">
        <span>{playbook.action_items.length} need you</span>
        <span>{playbook.fyi_items.length} FYI</span>
        <span>{playbook.resolved_items.length} resolved</span>
        <span>{playbook.stats.filtered_emails} filtered</span>
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
  const timeZone = useTimeZone();
  const list = useQuery({
    ...trpc.playbooks.list.queryOptions({ limit: PAGE_SIZE, offset }),
    placeholderData: keepPreviousData,
  });
  const sessions = useQuery(trpc.sessions.list.queryOptions({ limit: 100 }));
  // Settled either way: a failed list leaves each card to ask for its own session.
  const sessionDates =
    sessions.data || sessions.isError
      ? new Map((sessions.data?.data ?? []).map((s) => [s.id, sessionTitle(s, timeZone)]))
      : undefined;
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
            {(playbook) => <PlaybookCard key={playbook.id} playbook={playbook} sessionDates={sessionDates} />}
          </PagedCards>
        )}
      </QueryView>
    </section>
  );
}
