import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHash } from '../router.ts';
import { apiError, deferred, renderWithApi } from '../test-utils.tsx';
import { SessionsPage } from './Sessions.tsx';

const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const stats = { emails_received: 0, emails_filtered: 0, urgent_count: 0 };

function sessions() {
  const now = Date.now();
  return [
    {
      id: 'sess_next',
      start_date: iso(now + 2 * 24 * H + 3 * H + 10 * 60_000),
      end_date: iso(now + 5 * 24 * H),
      return_date: iso(now + 6 * 24 * H),
      status: 'scheduled' as const,
      stats,
      playbook_id: null,
      created_at: iso(now - H),
    },
    {
      id: 'sess_now',
      start_date: iso(now - H),
      end_date: iso(now + 5 * H + 30 * 60_000),
      return_date: iso(now + 29 * H),
      status: 'active' as const,
      stats: { emails_received: 4, emails_filtered: 1, urgent_count: 1 },
      playbook_id: null,
      created_at: iso(now - 2 * H),
    },
  ];
}

const page = (data: unknown[], total = data.length) => ({
  data,
  pagination: { total, limit: 10, offset: 0, has_more: total > data.length },
});

afterEach(() => {
  window.location.hash = '';
});

describe('SessionsPage', () => {
  it('shows status badges and live countdowns', async () => {
    renderWithApi(<SessionsPage route={parseHash('#/sessions')} />, {
      'sessions.list': () => page(sessions()),
    });
    const next = (await screen.findByText('sess_next')).closest('li') as HTMLElement;
    expect(within(next).getByText('Scheduled')).toBeTruthy();
    expect(within(next).getByText('starts in 2 d 3 h')).toBeTruthy();
    const now = screen.getByText('sess_now').closest('li') as HTMLElement;
    expect(within(now).getByText('Active')).toBeTruthy();
    expect(within(now).getByText(/^running, ends in 5 h (29|30) min$/)).toBeTruthy();
    expect(within(now).getByRole('button', { name: 'End early' })).toBeTruthy();
    expect(within(next).getByRole('button', { name: 'Delete' })).toBeTruthy();
  });

  it('has an empty state', async () => {
    renderWithApi(<SessionsPage route={parseHash('#/sessions')} />, { 'sessions.list': () => page([]) });
    expect(await screen.findByText('No sessions yet.')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Schedule a session' }).length).toBeGreaterThan(0);
  });

  it('pages through the list', async () => {
    const { calls } = renderWithApi(<SessionsPage route={parseHash('#/sessions')} />, {
      'sessions.list': () => page(sessions(), 25),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Next →' }));
    await waitFor(() => expect(window.location.hash).toBe('#/sessions?offset=10'));
    expect(calls[0]?.input).toEqual({ limit: 10, offset: 0 });
  });

  it('cancels after confirmation, optimistically, and rolls back on refusal', async () => {
    const answer = deferred<unknown>();
    const { calls } = renderWithApi(<SessionsPage route={parseHash('#/sessions')} />, {
      'sessions.list': () => page(sessions()),
      'sessions.update': () => answer.promise,
    });
    const next = (await screen.findByText('sess_next')).closest('li') as HTMLElement;
    fireEvent.click(within(next).getByRole('button', { name: 'Cancel session' }));
    expect(within(next).getByText('Cancel this session? It will not start.')).toBeTruthy();
    // Focus goes to the safe choice.
    expect(document.activeElement?.textContent).toBe('Keep it');
    fireEvent.click(within(next).getByRole('button', { name: 'Yes, cancel it' }));
    expect(await within(next).findByText('Cancelled')).toBeTruthy();
    expect(calls.find((c) => c.path === 'sessions.update')?.input).toEqual({
      id: 'sess_next',
      status: 'cancelled',
    });
    answer.reject(
      apiError('VALIDATION_ERROR', 'Only scheduled sessions can be cancelled; this session is active'),
    );
    expect(await within(next).findByText('Scheduled')).toBeTruthy();
    expect((await screen.findByTestId('announcer')).textContent).toContain(
      'The session was not cancelled: Only scheduled sessions can be cancelled; this session is active.',
    );
  });
});
