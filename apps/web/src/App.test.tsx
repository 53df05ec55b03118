import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { apiError, ME, renderWithApi } from './test-utils.tsx';
import { getCsrfToken, setCsrfToken } from './trpc.ts';

afterEach(() => {
  window.location.hash = '';
  setCsrfToken('');
});

describe('App', () => {
  it('signs in: a wrong password is said in words and keeps the form; then the shell with the plan', async () => {
    let signedIn = false;
    const { calls } = renderWithApi(
      <App />,
      {
        'auth.me': () => {
          if (!signedIn) throw apiError('UNAUTHORIZED', 'Sign in to continue');
          return ME;
        },
        'auth.signIn': (input) => {
          const { password } = input as { password: string };
          if (password !== 'right') throw apiError('UNAUTHORIZED', 'Email or password is incorrect');
          signedIn = true;
          return { user: ME.user, csrf_token: 'csrf_from_sign_in' };
        },
        'sessions.list': () => ({
          data: [],
          pagination: { total: 0, limit: 10, offset: 0, has_more: false },
        }),
      },
      { me: null },
    );
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
    let signedIn = true;
    renderWithApi(
      <App />,
      {
        'auth.me': () => {
          if (!signedIn) throw apiError('UNAUTHORIZED', 'Your session has ended; sign in again');
          return ME;
        },
        'sessions.list': () => {
          signedIn = false;
          throw apiError('UNAUTHORIZED', 'Your session has ended; sign in again');
        },
      },
      { me: null },
    );
    await screen.findByRole('heading', { name: 'OOO sessions' });
    await screen.findByRole('heading', { name: 'Sign in' });
  });

  it('signs out', async () => {
    let signedIn = true;
    renderWithApi(
      <App />,
      {
        'auth.me': () => {
          if (!signedIn) throw apiError('UNAUTHORIZED', 'Sign in to continue');
          return ME;
        },
        'auth.signOut': () => {
          signedIn = false;
          return { ok: true };
        },
        'sessions.list': () => ({
          data: [],
          pagination: { total: 0, limit: 10, offset: 0, has_more: false },
        }),
      },
      { me: null },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { name: 'Sign in' });
    await waitFor(() => expect(getCsrfToken()).toBe(''));
  });
});
