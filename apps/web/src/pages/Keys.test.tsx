import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, deferred, ME, renderWithApi } from '../test-utils.tsx';
import { KeysPage } from './Keys.tsx';

const KEY = {
  id: 'key_1',
  name: 'HR system',
  display_prefix: 'drift_abcd',
  scopes: ['read:ooo'],
  created_at: '2026-03-01T10:00:00.000Z',
  last_used_at: null,
  revoked_at: null,
};

describe('KeysPage', () => {
  it('tells a free account why it cannot create keys, instead of the form', async () => {
    renderWithApi(
      <KeysPage />,
      { 'keys.list': () => ({ data: [] }) },
      {
        me: { ...ME, account: { ...ME.account, plan: 'free' } },
      },
    );
    const gate = await screen.findByTestId('plan-gate');
    expect(gate.textContent).toContain('API access needs the Team Growth plan');
    expect(gate.textContent).toContain('Free');
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
    expect(await screen.findByText('No keys yet.')).toBeTruthy();
  });

  it('shows a new key once, with a copy button', async () => {
    const { calls } = renderWithApi(<KeysPage />, {
      'keys.list': () => ({ data: [] }),
      'keys.create': (input) => ({
        id: 'key_2',
        key: 'drift_secretsecret',
        name: 'Bot',
        scopes: (input as { scopes: string[] }).scopes,
        created_at: '2026-03-02T10:00:00.000Z',
      }),
    });
    fireEvent.change(await screen.findByLabelText(/Name/), { target: { value: 'Bot' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /read:playbook/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const panel = await screen.findByTestId('new-key');
    expect((within(panel).getByLabelText('API key') as HTMLInputElement).value).toBe('drift_secretsecret');
    expect(within(panel).getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(panel.textContent).toContain('only time');
    expect(calls.find((c) => c.path === 'keys.create')?.input).toEqual({
      name: 'Bot',
      scopes: ['read:playbook'],
    });
    fireEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByTestId('new-key')).toBeNull();
  });

  it('revokes optimistically, and puts the key back if the server refuses', async () => {
    const answer = deferred<unknown>();
    renderWithApi(<KeysPage />, {
      'keys.list': () => ({ data: [KEY] }),
      'keys.revoke': () => answer.promise,
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke it' }));
    // Shown revoked before the server has answered.
    expect(await screen.findByText(/^Revoked /)).toBeTruthy();
    answer.reject(apiError('NOT_FOUND', 'API key key_1 not found'));
    await waitFor(() => expect(screen.queryByText(/^Revoked /)).toBeNull());
    expect((await screen.findByTestId('announcer')).textContent).toContain(
      'The key was not revoked: API key key_1 not found.',
    );
  });

  it('moves the focus to the list heading after a revoke, and announces it', async () => {
    renderWithApi(<KeysPage />, {
      'keys.list': () => ({ data: [KEY] }),
      'keys.revoke': () => ({ ...KEY, revoked_at: '2026-03-03T10:00:00.000Z' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke' }));
    expect(
      screen.getByText('Revoke the key “HR system”? Anything using it stops working at once.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke it' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your keys' })),
    );
    expect((await screen.findByTestId('announcer')).textContent).toContain('Key revoked.');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your keys' }));
  });
});
