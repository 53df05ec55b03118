import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App, sectionOf } from './App.tsx';
import { parseHash } from './router.ts';
import { apiError, type Handlers, ME, renderWithApi } from './test-utils.tsx';
import { getCsrfToken, setCsrfToken } from './trpc.ts';

afterEach(() => {
  window.location.hash = '';
  setCsrfToken('');
});

const NO_SESSIONS = () => ({
  data: [],
  pagination: { total: 0, limit: 10, offset: 0, has_more: false },
});

/**
 * The whole app against a server that remembers whether the person is signed in: `auth.me` answers
 * while they are, and the other calls may sign them in or out.
 */
function renderApp(signedIn: boolean, handlers: (account: { signedIn: boolean }) => Handlers) {
  const account = { signedIn };
  return renderWithApi(
    <App />,
    {
      'auth.me': () => {
        if (!account.signedIn) throw apiError('UNAUTHORIZED', 'Sign in to continue');
        return ME;
      },
      ...handlers(account),
    },
    { me: null },
  );
}

describe('App', () => {
  it('signs in: a wrong password is said in words and keeps the form; then the shell with the plan', async () => {
    const { calls } = renderApp(false, (account) => ({
      'auth.signIn': (input) => {
        const { password } = input as { password: string };
        if (password !== 'right') throw apiError('UNAUTHORIZED', 'Email or password is incorrect');
        account.signedIn = true;
        return { user: ME.user, csrf_token: 'csrf_from_sign_in' };
      },
      'sessions.list': NO_SESSIONS,
    }));
    await screen.findByRole('heading', { name: 'Sign in' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'ana@example.com' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Email or password is incorrect.');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ana@example.com');

    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { name: 'OOO sessions' });
    expect(screen.getAllByText('Team Growth plan').length).toBeGreaterThan(0);
    expect(await screen.findByText('No sessions yet.')).toBeTruthy();
    // The CSRF token is kept in memory for mutations (from auth.me once signed in).
    expect(getCsrfToken()).toBe('csrf_1');
    expect(calls.filter((c) => c.path === 'auth.signIn')).toHaveLength(2);
  });

  it('goes back to sign-in when a call says the session has ended', async () => {
    renderApp(true, (account) => ({
      'sessions.list': () => {
        account.signedIn = false;
        throw apiError('UNAUTHORIZED', 'Your session has ended; sign in again');
      },
    }));
    await screen.findByRole('heading', { name: 'OOO sessions' });
    await screen.findByRole('heading', { name: 'Sign in' });
  });

  it('signs out', async () => {
    renderApp(true, (account) => ({
      'auth.signOut': () => {
        account.signedIn = false;
        return { ok: true };
      },
      'sessions.list': NO_SESSIONS,
    }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    await waitFor(() => expect(getCsrfToken()).toBe(''));
  });
});

describe('main navigation', () => {
  it.each([
    { hash: '#/sessions', current: 'Sessions' },
    { hash: '#/sessions/sess_1', current: 'Sessions' },
    { hash: '#/sessions/sess_1/edit', current: 'Sessions' },
    { hash: '#/sessions/sess_1/playbook', current: 'Playbooks' },
    { hash: '#/playbooks', current: 'Playbooks' },
    { hash: '#/mail', current: 'Mail' },
    { hash: '#/mail/em_1', current: 'Mail' },
    { hash: '#/settings', current: 'Settings' },
  ])('marks $current as the current page on $hash', ({ hash, current }) => {
    expect(sectionOf(parseHash(hash))).toBe(NAV_SECTION[current]);
  });

  it.each([
    { hash: '#/sessions/sess_1/playbook', current: 'Playbooks' },
    { hash: '#/mail/em_1', current: 'Mail' },
  ])('highlights $current in the rendered nav on $hash', async ({ hash, current }) => {
    window.location.hash = hash;
    renderApp(true, () => ({}));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const marked = [...nav.querySelectorAll('[aria-current="page"]')].map((a) => a.textContent);
    expect(marked).toEqual([current]);
  });
});

const NAV_SECTION: Record<string, string> = {
  Sessions: 'sessions',
  Playbooks: 'playbooks',
  Mail: 'mail',
  Settings: 'settings',
};

describe('after saving a session', () => {
  it("moves the focus to the new page's heading, which names the session by its dates", async () => {
    const created = {
      id: 'sess_new',
      start_date: '2036-12-06T08:00:00.000Z',
      end_date: '2036-12-08T17:00:00.000Z',
      return_date: '2036-12-09T17:00:00.000Z',
      status: 'scheduled',
      auto_reply_message: null,
      stats: { emails_received: 0, emails_filtered: 0, urgent_count: 0, total_emails_synced: 0 },
      playbook: null,
      created_at: '2036-12-01T08:00:00.000Z',
      updated_at: '2036-12-01T08:00:00.000Z',
    };
    window.location.hash = '#/sessions/new';
    renderApp(true, () => ({ 'sessions.create': () => created, 'sessions.get': () => created }));
    fireEvent.change(await screen.findByLabelText('Start'), { target: { value: '2036-12-06T09:00' } });
    fireEvent.change(screen.getByLabelText('End'), { target: { value: '2036-12-08T18:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule session' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Session 6 Dec – 8 Dec 2036' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByTestId('announcer').textContent).toContain('Session 6 Dec – 8 Dec 2036 scheduled.');
  });
});
