import { backupContactSentence, withContactSentence } from '@drift/contract';
import { defaultAutoReplyMessage } from '@drift/domain/browser';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ComponentProps, useEffect, useState } from 'react';
import { useAccount, useTimeZone, useTitle } from '../account.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { PagedCards } from '../components/CardList.tsx';
import { Explain } from '../components/Explain.tsx';
import { Facts } from '../components/Facts.tsx';
import { Crumbs, PageHead, PageTitle } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { type EditedSession, SessionForm } from '../components/SessionForm.tsx';
import { ConfirmAction, Empty, ErrorNotice, StatusBadge } from '../components/ui.tsx';
import { useNow } from '../hooks.ts';
import { driftCodeOf, errorMessage } from '../lib/errors.ts';
import { countdownText, dateRange, formatDateTime } from '../lib/time.ts';
import { href, navigate, type Route } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

type SessionList = RouterOutputs['sessions']['list'];
type SessionItem = SessionList['data'][number];
type SessionDetail = RouterOutputs['sessions']['get'];
type Status = SessionItem['status'];

const STATUSES: { value: '' | Status; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'active', label: 'Active' },
  { value: 'completed', label: 'Completed' },
  { value: 'cancelled', label: 'Cancelled' },
];

const PAGE_SIZE = 10;

/** What the session stats count, in the words the detail page explains them with. */
const FILTERED_MEANS =
  'Filtered: newsletters, promotions (spam included) and threads already resolved while you were away: mail you need not read.';

/** How the numbers of a session are counted. */
export function StatsExplained() {
  return (
    <Explain summary="How are these counted?">
      <ul>
        <li>
          <strong>Received</strong>: every message Drift captured for this session, forwarded to your inbound
          address or read from your connected mailbox while the session was active.
        </li>
        <li>
          <strong>Filtered</strong>: those triaged as a newsletter, a promotion (spam counts as one) or a
          thread that was resolved while you were away: mail you need not read. They stay on the Mail page.
        </li>
        <li>
          <strong>Urgent</strong>: those triaged as urgent, including every message with one of your urgent
          keywords (unless it is a newsletter or promotion) and a VIP's message that asks you to act.
        </li>
        <li>
          <strong>Synced in total</strong>: all messages stored for this session by either route (the API's{' '}
          <code>total_emails_synced</code>); it includes the filtered ones.
        </li>
      </ul>
    </Explain>
  );
}

function pageOffset(route: Route): number {
  const offset = Number(route.query.get('offset') ?? 0);
  return Number.isInteger(offset) && offset > 0 ? offset : 0;
}

export function Countdown({ session }: { session: Pick<SessionItem, 'status' | 'start_date' | 'end_date'> }) {
  const now = useNow(1000);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const text = countdownText(session, now);
  const due = text === 'starting now' || text === 'ending now';
  // The moment has come: the status changes on the server, so ask again (once).
  useEffect(() => {
    if (due) void queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() });
  }, [due, queryClient, trpc]);
  if (!text) return null;
  return <span className={`countdown countdown-${session.status}`}>{text}</span>;
}

/** Cancel, end early and delete, with confirmation; cancel is optimistic. */
export function useSessionActions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const sessionsKey = trpc.sessions.pathKey();
  const refresh = () => queryClient.invalidateQueries({ queryKey: sessionsKey });

  const cancel = useMutation(
    trpc.sessions.update.mutationOptions({
      onMutate: async ({ id }) => {
        await queryClient.cancelQueries({ queryKey: sessionsKey });
        const lists = queryClient.getQueriesData<SessionList>({ queryKey: trpc.sessions.list.pathKey() });
        const detailKey = trpc.sessions.get.queryKey({ id });
        const detail = queryClient.getQueryData(detailKey);
        queryClient.setQueriesData<SessionList>({ queryKey: trpc.sessions.list.pathKey() }, (old) =>
          old
            ? {
                ...old,
                data: old.data.map((s) => (s.id === id ? { ...s, status: 'cancelled' as const } : s)),
              }
            : old,
        );
        queryClient.setQueryData(detailKey, (old) => (old ? { ...old, status: 'cancelled' as const } : old));
        return { lists, detail, detailKey };
      },
      onError: (error, _input, saved) => {
        if (saved) {
          for (const [key, data] of saved.lists) queryClient.setQueryData(key, data);
          queryClient.setQueryData(saved.detailKey, saved.detail);
        }
        announce(`The session was not cancelled: ${errorMessage(error)}`, 'error');
      },
      onSuccess: () => announce('Session cancelled. Nothing will be captured or answered for it.'),
      onSettled: refresh,
    }),
  );

  const endEarly = useMutation(
    trpc.sessions.update.mutationOptions({
      onError: (error) => announce(`The session was not ended: ${errorMessage(error)}`, 'error'),
      onSuccess: () => {
        announce('Session ended. Capturing has stopped.');
        void queryClient.invalidateQueries({ queryKey: trpc.playbooks.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.emails.pathKey() });
      },
      onSettled: refresh,
    }),
  );

  const remove = useMutation(
    trpc.sessions.remove.mutationOptions({
      onError: (error) => announce(`The session was not deleted: ${errorMessage(error)}`, 'error'),
      onSuccess: ({ id }) => {
        queryClient.removeQueries({ queryKey: trpc.sessions.get.queryKey({ id }) });
      },
      onSettled: refresh,
    }),
  );

  return { cancel, endEarly, remove };
}

/** After ending a session early: welcome back, with the way to the playbook once it is built. */
export function EndedNotice({ session }: { session: Pick<SessionItem, 'id' | 'playbook_id'> }) {
  return (
    <p className="notice notice-success" role="status" data-testid="ended-notice">
      {session.playbook_id ? (
        <span>
          Session ended. Welcome back:{' '}
          <a href={href(`/sessions/${session.id}/playbook`)}>your return playbook</a> is ready.
        </span>
      ) : (
        <span>
          Session ended. Welcome back: your return playbook is being prepared and will be linked here.
        </span>
      )}
    </p>
  );
}

export function SessionActions({
  session,
  onDeleted,
  showView = false,
}: {
  session: Pick<SessionItem, 'id' | 'status' | 'playbook_id' | 'start_date' | 'end_date'>;
  onDeleted?: () => void;
  showView?: boolean;
}) {
  const { cancel, endEarly, remove } = useSessionActions();
  const announce = useAnnounce();
  const timeZone = useTimeZone();
  const [ended, setEnded] = useState(false);
  const title = dateRange(session.start_date, session.end_date, timeZone);
  const pending =
    (cancel.isPending && cancel.variables?.id === session.id) ||
    (endEarly.isPending && endEarly.variables?.id === session.id) ||
    (remove.isPending && remove.variables?.id === session.id);
  const editable = session.status === 'scheduled' || session.status === 'active';
  /** What each status offers to do, with the question asked first, in the order shown. */
  const confirmations = [
    {
      when: 'scheduled',
      label: 'Cancel session',
      question: 'Cancel this session? It will not start.',
      confirmLabel: 'Yes, cancel it',
      onConfirm: () => cancel.mutate({ id: session.id, status: 'cancelled' }),
    },
    {
      when: 'active',
      label: 'End early',
      question: 'End this session now? Capturing stops and your playbook is built.',
      confirmLabel: 'Yes, end it now',
      onConfirm: () =>
        endEarly.mutate({ id: session.id, status: 'completed' }, { onSuccess: () => setEnded(true) }),
    },
    {
      when: 'scheduled',
      label: 'Delete',
      question: `Delete the session ${title} for good?`,
      confirmLabel: 'Yes, delete it',
      onConfirm: () =>
        remove.mutate(
          { id: session.id },
          {
            onSuccess: () => {
              // Leave the page first: an announcement belongs to the page it is made on.
              onDeleted?.();
              announce(`Session ${title} deleted.`);
            },
          },
        ),
    },
  ] satisfies ({ when: Status } & Omit<ComponentProps<typeof ConfirmAction>, 'pending'>)[];
  return (
    <>
      {ended && <EndedNotice session={session} />}
      <div className="actions">
        {showView && <a href={href(`/sessions/${session.id}`)}>Details</a>}
        {editable && <a href={href(`/sessions/${session.id}/edit`)}>Edit</a>}
        {session.status !== 'scheduled' && <a href={href('/mail', { session: session.id })}>Mail</a>}
        {session.playbook_id && <a href={href(`/sessions/${session.id}/playbook`)}>Playbook</a>}
        {confirmations
          .filter((action) => action.when === session.status)
          .map(({ when: _when, ...action }) => (
            <ConfirmAction key={action.label} {...action} pending={pending} />
          ))}
      </div>
    </>
  );
}

function SessionDates({
  session,
}: {
  session: Pick<SessionItem, 'start_date' | 'end_date' | 'return_date'>;
}) {
  const timeZone = useTimeZone();
  const at = (date: string) => <time dateTime={date}>{formatDateTime(date, timeZone)}</time>;
  return (
    <Facts
      className="dates-list"
      facts={[
        { term: 'From', value: at(session.start_date) },
        { term: 'To', value: at(session.end_date) },
        { term: 'Back', value: at(session.return_date) },
      ]}
    />
  );
}

function SessionCard({ session }: { session: SessionItem }) {
  const timeZone = useTimeZone();
  return (
    <li className="card session-card" data-session-id={session.id} data-status={session.status}>
      <div className="card-head">
        <h2 className="card-title">
          <a href={href(`/sessions/${session.id}`)}>
            {dateRange(session.start_date, session.end_date, timeZone)}
          </a>
        </h2>
        <StatusBadge status={session.status} />
        <Countdown session={session} />
      </div>
      <SessionDates session={session} />
      <p className="stats-line">
        <span>{session.stats.emails_received} received</span>
        <span title={FILTERED_MEANS}>{session.stats.emails_filtered} filtered</span>
        <span>{session.stats.urgent_count} urgent</span>
        <span className="mono hint">{session.id}</span>
      </p>
      <SessionActions session={session} />
    </li>
  );
}

export function SessionsPage({ route }: { route: Route }) {
  useTitle('Sessions');
  const trpc = useTRPC();
  const requested = route.query.get('status') ?? '';
  const status = STATUSES.some((s) => s.value === requested) ? (requested as '' | Status) : '';
  const offset = pageOffset(route);
  const list = useQuery({
    ...trpc.sessions.list.queryOptions({ limit: PAGE_SIZE, offset, ...(status ? { status } : {}) }),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="sessions-title">
      <PageHead id="sessions-title" title="OOO sessions">
        <a className="button button-primary" href={href('/sessions/new')}>
          Schedule a session
        </a>
      </PageHead>
      <div className="toolbar">
        <label htmlFor="status-filter">Show</label>
        <select
          id="status-filter"
          value={status}
          onChange={(event) => navigate(href('/sessions', { status: event.currentTarget.value }))}
        >
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        {list.isFetching && !list.isPending && <span className="hint">Refreshing…</span>}
      </div>
      <QueryView
        query={list}
        loading="Loading sessions…"
        empty={
          <Empty title={status ? `No ${status} sessions.` : 'No sessions yet.'}>
            <p>
              Going away? <a href={href('/sessions/new')}>Schedule a session</a> and Drift will look after
              your inbox.
            </p>
          </Empty>
        }
      >
        {({ data, pagination }) => (
          <PagedCards
            items={data}
            listLabel="Sessions"
            pagination={pagination}
            pagesLabel="Sessions pages"
            onPage={(next) => navigate(href('/sessions', { status, offset: next || undefined }))}
          >
            {(session) => <SessionCard key={session.id} session={session} />}
          </PagedCards>
        )}
      </QueryView>
    </section>
  );
}

export function NewSessionPage() {
  useTitle('Schedule a session');
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const create = useMutation(trpc.sessions.create.mutationOptions());
  const ownerName = useAccount().account.name;
  const replySuffix = useReplySuffix();
  return (
    <section aria-labelledby="new-session-title" className="narrow">
      <Crumbs href={href('/sessions')}>← Sessions</Crumbs>
      <PageTitle id="new-session-title">Schedule a session</PageTitle>
      <SessionForm
        timeZone={timeZone}
        ownerName={ownerName}
        replySuffix={replySuffix}
        submit={(payload) =>
          create.mutateAsync({
            start_date: payload.start_date ?? '',
            end_date: payload.end_date ?? '',
            ...payload,
          })
        }
        onSaved={(result) => {
          const session = result as SessionDetail;
          void queryClient.invalidateQueries({ queryKey: trpc.sessions.pathKey() });
          navigate(href(`/sessions/${session.id}`));
          const title = dateRange(session.start_date, session.end_date, timeZone);
          announce(
            session.status === 'active'
              ? `Session ${title} is active now: Drift is looking after your inbox.`
              : `Session ${title} scheduled.`,
          );
        }}
        onCancel={() => navigate(href('/sessions'))}
      />
    </section>
  );
}

/**
 * The sentence the server ends every auto-reply with when the owner opted in to naming their
 * backup contact (Team Growth only, as packages/core/src/escalation/contact.ts decides); null otherwise.
 */
function useReplySuffix(): string | null {
  const trpc = useTRPC();
  const { account } = useAccount();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const contact = settings.data?.backup_contact;
  return account.plan === 'team_growth' && settings.data?.auto_reply_names_contact && contact
    ? backupContactSentence(contact)
    : null;
}

/** Which reply the session sends, with the text itself: the standard one as the server composes it. */
export function AutoReplySummary({
  session,
}: {
  session: Pick<SessionDetail, 'auto_reply_message' | 'return_date'>;
}) {
  const timeZone = useTimeZone();
  const { account } = useAccount();
  const replySuffix = useReplySuffix();
  const message = session.auto_reply_message;
  if (message === '') {
    return (
      <p data-testid="auto-reply-choice">
        <strong>No auto-reply</strong>: you chose that nobody gets an answer from Drift during this session.
      </p>
    );
  }
  const standard = message === null;
  return (
    <>
      <p data-testid="auto-reply-choice">
        {standard ? (
          <>
            <strong>The standard reply</strong>, sent once to each person who writes to you:
          </>
        ) : (
          <>
            <strong>Your own message</strong>, sent once to each person who writes to you:
          </>
        )}
      </p>
      <blockquote className="auto-reply">
        {withContactSentence(
          standard ? defaultAutoReplyMessage(account.name, new Date(session.return_date), timeZone) : message,
          replySuffix,
        )}
      </blockquote>
    </>
  );
}

function useSession(id: string) {
  const trpc = useTRPC();
  return useQuery(trpc.sessions.get.queryOptions({ id }));
}

function notFoundOrError(error: unknown, retry: () => void) {
  if (driftCodeOf(error) === 'NOT_FOUND') {
    return (
      <Empty title="This session does not exist.">
        <p>
          It may have been deleted. <a href={href('/sessions')}>Back to sessions</a>
        </p>
      </Empty>
    );
  }
  return <ErrorNotice error={error} onRetry={retry} />;
}

export function EditSessionPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const ownerName = useAccount().account.name;
  const replySuffix = useReplySuffix();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const session = useSession(id);
  const update = useMutation(trpc.sessions.update.mutationOptions());
  const title = session.data ? dateRange(session.data.start_date, session.data.end_date, timeZone) : null;
  useTitle(title ? `Edit session ${title}` : 'Edit session');
  return (
    <section aria-labelledby="edit-session-title" className="narrow">
      <Crumbs href={href(`/sessions/${id}`)}>← {title ? `Session ${title}` : 'Session'}</Crumbs>
      <PageTitle id="edit-session-title">Edit session</PageTitle>
      {title && <p className="page-subtitle">{title}</p>}
      <QueryView
        query={session}
        error={notFoundOrError}
        isEmpty={({ status }) => status !== 'scheduled' && status !== 'active'}
        empty={({ status }) => <Empty title={`This session is ${status} and can no longer be changed.`} />}
      >
        {(current) => (
          <SessionForm
            key={current.updated_at}
            timeZone={timeZone}
            ownerName={ownerName}
            replySuffix={replySuffix}
            session={current as EditedSession}
            submit={(payload) => update.mutateAsync({ id, ...payload })}
            onSaved={(result) => {
              queryClient.setQueryData(trpc.sessions.get.queryKey({ id }), result as SessionDetail);
              void queryClient.invalidateQueries({ queryKey: trpc.sessions.list.pathKey() });
              navigate(href(`/sessions/${id}`));
              announce('Session saved.');
            }}
            onCancel={() => navigate(href(`/sessions/${id}`))}
          />
        )}
      </QueryView>
    </section>
  );
}

export function SessionDetailPage({ id }: { id: string }) {
  const timeZone = useTimeZone();
  const session = useSession(id);
  const title = session.data ? dateRange(session.data.start_date, session.data.end_date, timeZone) : null;
  useTitle(title ? `Session ${title}` : 'Session');
  return (
    <section aria-labelledby="session-title">
      <Crumbs href={href('/sessions')}>← Sessions</Crumbs>
      <PageHead id="session-title" title={title ? `Session ${title}` : 'Session'}>
        {session.data && <StatusBadge status={session.data.status} />}
        {session.data && <Countdown session={session.data} />}
      </PageHead>
      <QueryView query={session} loading="Loading the session…" error={notFoundOrError}>
        {(detail) => (
          <div className="detail">
            <SessionDates session={detail} />
            <SessionActions
              session={{ ...detail, playbook_id: detail.playbook?.id ?? null }}
              onDeleted={() => navigate(href('/sessions'))}
            />
            <h2>Captured mail</h2>
            <Facts
              className="stats"
              facts={[
                { term: 'Received', value: detail.stats.emails_received },
                { term: 'Filtered', value: detail.stats.emails_filtered },
                { term: 'Urgent', value: detail.stats.urgent_count },
                { term: 'Synced in total', value: detail.stats.total_emails_synced },
              ]}
            />
            <StatsExplained />
            <h2>Auto-reply</h2>
            <AutoReplySummary session={detail} />
            <h2>Return playbook</h2>
            {detail.playbook ? (
              <p>
                <a className="button" href={href(`/sessions/${id}/playbook`)}>
                  Open the playbook
                </a>{' '}
                {detail.playbook.viewed_at ? (
                  <span className="badge badge-viewed">
                    Viewed {formatDateTime(detail.playbook.viewed_at, timeZone)}
                  </span>
                ) : (
                  <span className="badge badge-new">Not viewed yet</span>
                )}
              </p>
            ) : (
              <p className="hint">
                {detail.status === 'completed'
                  ? 'The playbook is being prepared; it will be here shortly.'
                  : detail.status === 'cancelled'
                    ? 'A cancelled session has no playbook.'
                    : 'Built when the session ends, and delivered at 06:00 on your first day back.'}
              </p>
            )}
            <p className="hint">
              Created {formatDateTime(detail.created_at, timeZone)} · updated{' '}
              {formatDateTime(detail.updated_at, timeZone)} · id <span className="mono">{id}</span>
            </p>
          </div>
        )}
      </QueryView>
    </section>
  );
}
