import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
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
