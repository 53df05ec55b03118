import { browserTimeZone } from '@drift/domain/time-zone';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { AccountProvider, type Me } from './account.tsx';
import { AnnouncerProvider } from './components/announcer.tsx';
import { Empty, ErrorNotice, Loading, PlanBadge } from './components/ui.tsx';
import { ZoneBanner } from './components/ZoneBanner.tsx';
import { driftCodeOf } from './lib/errors.ts';
import { KeysPage } from './pages/Keys.tsx';
import { MailPage } from './pages/Mail.tsx';
import { MailboxPage } from './pages/Mailbox.tsx';
import { MessagePage } from './pages/Message.tsx';
import { PlaybookPage, PlaybooksPage } from './pages/Playbooks.tsx';
import { RulesPage } from './pages/Rules.tsx';
import { EditSessionPage, NewSessionPage, SessionDetailPage, SessionsPage } from './pages/Sessions.tsx';
import { SettingsPage } from './pages/Settings.tsx';
import { SignInPage } from './pages/SignIn.tsx';
import { WebhooksPage } from './pages/Webhooks.tsx';
import { href, type Route, useRoute } from './router.ts';
import { isMeKey, retryStuckQueries, setCsrfToken, useTRPC } from './trpc.ts';

const NAV = [
  { path: '/sessions', label: 'Sessions', section: 'sessions' },
  { path: '/mail', label: 'Mail', section: 'mail' },
  { path: '/playbooks', label: 'Playbooks', section: 'playbooks' },
  { path: '/rules', label: 'Rules', section: 'rules' },
  { path: '/mailbox', label: 'Mailbox', section: 'mailbox' },
  { path: '/webhooks', label: 'Webhooks', section: 'webhooks' },
  { path: '/keys', label: 'API keys', section: 'keys' },
  { path: '/settings', label: 'Settings', section: 'settings' },
];

/**
 * The nav entry a route belongs to: a session's playbook is one of the playbooks, a message is mail;
 * otherwise the first segment.
 */
export function sectionOf(route: Pick<Route, 'segments'>): string {
  const [first = 'sessions', id, sub] = route.segments;
  if (first === 'sessions' && id && sub === 'playbook') return 'playbooks';
  return first;
}

function Page({ route }: { route: Route }) {
  const [section = 'sessions', id, sub] = route.segments;
  if (section === 'sessions') {
    if (!id) return <SessionsPage route={route} />;
    if (id === 'new') return <NewSessionPage />;
    if (sub === 'edit') return <EditSessionPage id={id} />;
    if (sub === 'playbook') return <PlaybookPage sessionId={id} />;
    if (!sub) return <SessionDetailPage id={id} />;
  }
  if (section === 'mail' && !id) return <MailPage route={route} />;
  if (section === 'mail' && id && !sub) return <MessagePage id={id} />;
  if (section === 'playbooks' && !id) return <PlaybooksPage route={route} />;
  if (section === 'mailbox' && !id) return <MailboxPage />;
  if (section === 'rules' && !id) return <RulesPage />;
  if (section === 'webhooks' && !id) return <WebhooksPage />;
  if (section === 'keys' && !id) return <KeysPage />;
  if (section === 'settings' && !id) return <SettingsPage />;
  return (
    <Empty title="There is no such page.">
      <p>
        <a href={href('/sessions')}>Go to your sessions</a>
      </p>
    </Empty>
  );
}

function Shell({ me, onSignedOut }: { me: Me; onSignedOut: () => Promise<void> }) {
  const trpc = useTRPC();
  const route = useRoute();
  const signOut = useMutation(trpc.auth.signOut.mutationOptions());
  const section = sectionOf(route);
  const browserZone = useMemo(browserTimeZone, []);
  const mainRef = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  const navListRef = useRef<HTMLUListElement>(null);
  // On a phone the menu scrolls sideways: keep the current entry in sight.
  useEffect(() => {
    const list = navListRef.current;
    const current = list?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!list || !current || list.scrollWidth <= list.clientWidth) return;
    list.scrollLeft = current.offsetLeft - (list.clientWidth - current.offsetWidth) / 2;
  }, [section]);

  // After client-side navigation, move focus to the new page's heading, as a page load would.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    heading?.focus({ preventScroll: false });
  }, [route.key]);

  return (
    <AccountProvider value={me}>
      <button
        type="button"
        className="skip-link"
        onClick={() => mainRef.current?.querySelector<HTMLElement>('h1')?.focus()}
      >
        Skip to content
      </button>
      <header className="topbar">
        <a className="brand" href={href('/sessions')}>
          <span className="brand-mark" aria-hidden="true">
            ◐
          </span>{' '}
          Drift
        </a>
        <nav aria-label="Main" className="mainnav">
          <ul ref={navListRef}>
            {NAV.map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={section === item.section ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="account-name" title={me.user.email}>
            {me.account.name || me.user.name || me.user.email}
          </span>
          <PlanBadge plan={me.account.plan} />
          <button
            type="button"
            className="link-button"
            disabled={signOut.isPending}
            onClick={async () => {
              try {
                await signOut.mutateAsync();
              } finally {
                await onSignedOut();
              }
            }}
          >
            {signOut.isPending ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <ZoneBanner accountZone={me.account.timezone} browserZone={browserZone} />
      <main id="main" ref={mainRef} className="content">
        <AnnouncerProvider>
          <Page route={route} />
        </AnnouncerProvider>
      </main>
      <footer className="footer">
        <p>
          Times in {me.account.timezone} · <a href="/api/docs">API reference</a>
        </p>
      </footer>
    </AccountProvider>
  );
}

export function App() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const meKey = trpc.auth.me.queryKey();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }));

  /** Forget everything of the previous user, then ask who is signed in now. */
  const restart = async () => {
    queryClient.removeQueries({ predicate: (query) => !isMeKey(query.queryKey) });
    await queryClient.resetQueries({ queryKey: meKey });
  };

  if (me.isPending) {
    return (
      <main id="main" className="splash">
        <Loading
          label="Loading Drift…"
          progress={{
            failureCount: me.failureCount,
            fetchStatus: me.fetchStatus,
            retry: () => void retryStuckQueries(queryClient),
          }}
        />
      </main>
    );
  }
  if (me.isError) {
    if (driftCodeOf(me.error) === 'UNAUTHORIZED') {
      setCsrfToken('');
      return <SignInPage onSignedIn={restart} />;
    }
    return (
      <main id="main" className="splash">
        <h1>Drift</h1>
        <ErrorNotice error={me.error} onRetry={() => me.refetch()} />
      </main>
    );
  }
  // In memory only; every mutation echoes it in x-drift-csrf.
  setCsrfToken(me.data.csrf_token);
  return (
    <Shell
      me={me.data}
      onSignedOut={async () => {
        setCsrfToken('');
        await restart();
      }}
    />
  );
}
