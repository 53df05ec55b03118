import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHash } from '../router.ts';
import { apiError, deferred, renderWithApi } from '../test-utils.tsx';
import { EditSessionPage, SessionDetailPage, SessionsPage } from './Sessions.tsx';

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

const DETAIL = {
  id: 'sess_dec',
  start_date: '2026-12-06T08:00:00.000Z',
  end_date: '2026-12-08T17:00:00.000Z',
  return_date: '2026-12-09T17:00:00.000Z',
  status: 'completed' as const,
  auto_reply_message: null as string | null,
  stats: { emails_received: 12, emails_filtered: 5, urgent_count: 2, total_emails_synced: 12 },
  playbook: null as null | { id: string; viewed_at: string | null },
  created_at: '2026-12-01T08:00:00.000Z',
  updated_at: '2026-12-01T08:00:00.000Z',
};

describe('SessionDetailPage', () => {
  it('is titled by its dates, not its id, and explains its numbers', async () => {
    renderWithApi(<SessionDetailPage id="sess_dec" />, { 'sessions.get': () => DETAIL });
    const heading = await screen.findByRole('heading', { level: 1, name: 'Session 6 Dec – 8 Dec 2026' });
    expect(heading.textContent).not.toContain('sess_dec');
    await waitFor(() => expect(document.title).toBe('Session 6 Dec – 8 Dec 2026 · Drift'));
    const explained = screen.getByText('How are these counted?').closest('details') as HTMLElement;
    expect(explained.textContent).toMatch(/Filtered: those triaged as a newsletter, a promotion/);
    expect(explained.textContent).toMatch(/Synced in total/);
  });

  it.each([
    {
      stored: null,
      says: 'The standard reply',
      text: 'Hello,\n\nI am out of office and will be back on Wednesday, 9 December 2026. I will read your message when I return.\n\nAna Co',
    },
    { stored: 'Travelling until Tuesday.', says: 'Your own message', text: 'Travelling until Tuesday.' },
    { stored: '', says: 'No auto-reply', text: null },
  ])('says which auto-reply it sends: $says', async ({ stored, says, text }) => {
    renderWithApi(<SessionDetailPage id="sess_dec" />, {
      'sessions.get': () => ({ ...DETAIL, auto_reply_message: stored }),
    });
    const choice = await screen.findByTestId('auto-reply-choice');
    expect(choice.textContent).toContain(says);
    const quote = document.querySelector('blockquote.auto-reply');
    expect(quote?.textContent ?? null).toBe(text);
    expect(document.body.textContent).not.toContain('senders get no answer');
  });

  it('after ending early, links to the playbook once it is ready', async () => {
    let ended = false;
    const { calls } = renderWithApi(<SessionDetailPage id="sess_dec" />, {
      'sessions.get': () =>
        ended
          ? { ...DETAIL, playbook: { id: 'pb_1', viewed_at: null } }
          : { ...DETAIL, status: 'active', end_date: new Date(Date.now() + 3_600_000).toISOString() },
      'sessions.update': () => {
        ended = true;
        return { ...DETAIL, playbook: { id: 'pb_1', viewed_at: null } };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'End early' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, end it now' }));
    const link = await screen.findByRole('link', { name: 'your return playbook' });
    expect(link.getAttribute('href')).toBe('#/sessions/sess_dec/playbook');
    expect(screen.getByTestId('ended-notice').textContent).toBe(
      'Session ended. Welcome back: your return playbook is ready.',
    );
    expect((await screen.findByTestId('announcer')).textContent).toContain('Session ended.');
    expect(calls.find((c) => c.path === 'sessions.update')?.input).toEqual({
      id: 'sess_dec',
      status: 'completed',
    });
  });

  it('names a deleted session by its dates', async () => {
    renderWithApi(<SessionDetailPage id="sess_dec" />, {
      'sessions.get': () => ({ ...DETAIL, status: 'scheduled' }),
      'sessions.remove': () => ({ id: 'sess_dec' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(screen.getByText('Delete the session 6 Dec – 8 Dec 2026 for good?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    await waitFor(() =>
      expect(screen.getByTestId('announcer').textContent).toContain('Session 6 Dec – 8 Dec 2026 deleted.'),
    );
  });
});

describe('EditSessionPage', () => {
  it('names the session by its dates in the way back', async () => {
    renderWithApi(<EditSessionPage id="sess_dec" />, {
      'sessions.get': () => ({ ...DETAIL, status: 'scheduled' }),
    });
    const back = await screen.findByRole('link', { name: '← Session 6 Dec – 8 Dec 2026' });
    expect(back.getAttribute('href')).toBe('#/sessions/sess_dec');
    expect(screen.getByLabelText('Send the standard reply')).toBeTruthy();
  });
});
