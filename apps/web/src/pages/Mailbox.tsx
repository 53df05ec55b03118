import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useTimeZone, useTitle } from '../account.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { Facts } from '../components/Facts.tsx';
import { AUTH_LABEL, MailboxForm, SECURITY_LABEL } from '../components/MailboxForm.tsx';
import { PageTitle } from '../components/page.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { ConfirmAction } from '../components/ui.tsx';
import { errorMessage } from '../lib/errors.ts';
import { formatDateTime } from '../lib/time.ts';
import { href } from '../router.ts';
import { type RouterOutputs, useTRPC } from '../trpc.ts';

export type Mailbox = NonNullable<RouterOutputs['mailbox']['get']['mailbox']>;
type SyncState = Mailbox['sync']['state'];

/** How often the page asks again while the sync is moving, and otherwise. */
export const BUSY_POLL_MS = 2_000;
export const QUIET_POLL_MS = 30_000;
/** After a connect the sync starts within a scan or two: watch closely for that long. */
const AFTER_CONNECT_MS = 60_000;

const BUSY_STATES: readonly SyncState[] = ['connecting', 'syncing', 'reconnecting'];

/** Whether the sync is moving: a first pass under way, or a connection being made. */
export function syncIsBusy(mailbox: Mailbox | null | undefined): boolean {
  if (!mailbox) return false;
  const { state, first_sync } = mailbox.sync;
  return BUSY_STATES.includes(state) || (first_sync !== null && !first_sync.done);
}

/** The sync's state in words, with what went wrong when something did. */
export function syncStateText(sync: Mailbox['sync']): string {
  switch (sync.state) {
    case 'connecting':
      return 'Connecting to the mailbox…';
    case 'syncing':
      return 'Reading new mail…';
    case 'watching':
      return 'Watching for new mail';
    case 'reconnecting':
      return sync.last_error ? `Reconnecting: ${sync.last_error}` : 'Reconnecting…';
    default:
      return sync.last_error
        ? `Not syncing: ${sync.last_error}`
        : 'Idle: mail is read while one of your sessions is active';
  }
}

const STATE_BADGE: Record<SyncState, { label: string; tone: string }> = {
  idle: { label: 'Idle', tone: 'completed' },
  connecting: { label: 'Connecting', tone: 'scheduled' },
  syncing: { label: 'Syncing', tone: 'scheduled' },
  watching: { label: 'Watching', tone: 'active' },
  reconnecting: { label: 'Reconnecting', tone: 'cancelled' },
};

function FirstSync({ firstSync }: { firstSync: NonNullable<Mailbox['sync']['first_sync']> }) {
  const { found, captured, left, done } = firstSync;
  return (
    <div className="first-sync" data-testid="first-sync">
      <h3>First sync of this session{done ? ': done' : ''}</h3>
      <p className="first-sync-counts">
        {found} found · {captured} captured · {left} left
      </p>
      <details className="explain">
        <summary>How is this counted?</summary>
        <p>
          <strong>Found</strong>: messages in your mailbox that arrived while the session is active (by the
          mail server's arrival time); older mail is left out. <strong>Captured</strong>: those Drift has
          copied into the session and triaged so far. <strong>Left</strong>: found but not captured yet. Your
          mailbox is only read, never changed.
        </p>
      </details>
      {!done && (
        <progress
          max={Math.max(found, 1)}
          value={found === 0 ? 0 : captured}
          aria-label="First sync progress"
          aria-valuetext={`${captured} of ${found} captured`}
        />
      )}
    </div>
  );
}

function ConnectedMailbox({
  mailbox,
  changeRef,
  onChange,
  onDisconnect,
  disconnecting,
}: {
  mailbox: Mailbox;
  changeRef: RefObject<HTMLButtonElement | null>;
  onChange: () => void;
  onDisconnect: () => void;
  disconnecting: boolean;
}) {
  const timeZone = useTimeZone();
  const { sync } = mailbox;
  const badge = STATE_BADGE[sync.state] ?? STATE_BADGE.idle;
  const problem = sync.state === 'reconnecting' || (sync.state === 'idle' && sync.last_error);
  return (
    <div className="card mailbox-card" data-testid="mailbox" data-sync-state={sync.state}>
      <div className="card-head">
        <h2 className="card-title">Connected mailbox</h2>
        <span className={`badge badge-${badge.tone}`}>{badge.label}</span>
      </div>
      <Facts
        className="mailbox-facts"
        facts={[
          {
            term: 'Server',
            value: (
              <code>
                {mailbox.host}:{mailbox.port}
              </code>
            ),
          },
          { term: 'Security', value: SECURITY_LABEL[mailbox.security] ?? mailbox.security },
          { term: 'User', value: mailbox.username },
          { term: 'Sign-in', value: AUTH_LABEL[mailbox.auth_method] ?? mailbox.auth_method },
          { term: 'Sync', value: syncStateText(sync), testId: 'sync-state' },
          {
            term: 'Last synced',
            value: sync.last_synced_at ? formatDateTime(sync.last_synced_at, timeZone) : 'not yet',
            testId: 'last-synced',
          },
        ]}
      />
      {problem && sync.last_error && (
        <p className="notice notice-warning" data-testid="sync-error">
          {sync.state === 'reconnecting'
            ? 'Drift keeps retrying, waiting longer each time. If the password changed, use “Change connection”.'
            : 'The sync is stopped. Use “Change connection” to enter the connection again.'}
        </p>
      )}
      {sync.first_sync && <FirstSync firstSync={sync.first_sync} />}
      {sync.session_id && (
        <p className="hint">
          <a href={href('/mail', { session: sync.session_id })}>See the mail captured in this session</a>
        </p>
      )}
      <div className="actions">
        <button ref={changeRef} type="button" onClick={onChange} disabled={disconnecting}>
          Change connection
        </button>
        <ConfirmAction
          label="Disconnect"
          question="Disconnect this mailbox? Drift forgets its password and stops reading it; mail already captured stays."
          confirmLabel="Yes, disconnect"
          pending={disconnecting}
          onConfirm={onDisconnect}
        />
      </div>
    </div>
  );
}

export function MailboxPage() {
  useTitle('Mailbox');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  /** Bumped when the form should take focus: opened to change, or back after a disconnect. */
  const [focusForm, setFocusForm] = useState(0);
  const connectedAt = useRef(0);
  const formHeadingRef = useRef<HTMLHeadingElement>(null);
  const changeRef = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const key = trpc.mailbox.get.queryKey();

  const query = useQuery(
    trpc.mailbox.get.queryOptions(undefined, {
      refetchInterval: (q) => {
        const mailbox = q.state.data?.mailbox;
        if (!mailbox) return false;
        const justConnected = Date.now() - connectedAt.current < AFTER_CONNECT_MS;
        return syncIsBusy(mailbox) || justConnected ? BUSY_POLL_MS : QUIET_POLL_MS;
      },
    }),
  );
  const connect = useMutation(trpc.mailbox.connect.mutationOptions());
  const disconnect = useMutation(
    trpc.mailbox.disconnect.mutationOptions({
      onSuccess: () => {
        queryClient.setQueryData(key, { mailbox: null });
        setEditing(false);
        setFocusForm((n) => n + 1);
        announce('Mailbox disconnected. Drift no longer reads it; mail already captured stays.');
      },
      onError: (error) => announce(`The mailbox was not disconnected: ${errorMessage(error)}`, 'error'),
      onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
    }),
  );

  useEffect(() => {
    if (focusForm > 0) formHeadingRef.current?.focus();
  }, [focusForm]);
  // Closing the form (cancelled or saved) gives focus back to the button that opened it.
  useEffect(() => {
    if (wasEditing.current && !editing) changeRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const mailbox = query.data?.mailbox ?? null;
  const showForm = !mailbox || editing;

  return (
    <section aria-labelledby="mailbox-title" className="narrow">
      <PageTitle id="mailbox-title">Mailbox</PageTitle>
      <p className="hint intro" data-testid="mailbox-promise">
        Drift only reads your INBOX over IMAP (it never moves or deletes a message), and it captures only mail
        that arrives during an active session.
      </p>
      <QueryView query={query} loading="Loading the mailbox…">
        {() => (
          <>
            {mailbox && (
              <ConnectedMailbox
                mailbox={mailbox}
                changeRef={changeRef}
                onChange={() => {
                  setEditing(true);
                  setFocusForm((n) => n + 1);
                }}
                onDisconnect={() => disconnect.mutate()}
                disconnecting={disconnect.isPending}
              />
            )}
            {showForm && (
              <div className="card">
                <h2 ref={formHeadingRef} tabIndex={-1}>
                  {mailbox ? 'Change the connection' : 'Connect a mailbox'}
                </h2>
                {!mailbox && (
                  <p className="hint intro">
                    Instead of forwarding mail to the inbound address, let Drift read your mailbox directly.
                    The connection is tested before it is saved.
                  </p>
                )}
                <MailboxForm
                  initial={mailbox ?? undefined}
                  submit={(input) => connect.mutateAsync(input)}
                  onCancel={mailbox ? () => setEditing(false) : undefined}
                  onConnected={(result) => {
                    connectedAt.current = Date.now();
                    queryClient.setQueryData(key, { mailbox: result as Mailbox });
                    void queryClient.invalidateQueries({ queryKey: key });
                    setEditing(false);
                    announce(
                      mailbox
                        ? 'Connection saved: it works.'
                        : 'Mailbox connected: the connection works. Drift keeps the secret encrypted and never shows it again.',
                    );
                  }}
                />
              </div>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
