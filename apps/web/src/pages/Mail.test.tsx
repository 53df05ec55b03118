import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COUNTS,
  inboxEmail,
  inboxPage,
  SESSION_DATES,
  sessionDetail,
  sessionItem,
  sessionList,
} from '../components/mail.fixtures.ts';
import { useRoute } from '../router.ts';
import { type Handlers, renderWithApi } from '../test-utils.tsx';
import { MailPage, SEARCH_DELAY_MS } from './Mail.tsx';

/** The page as the app shows it: following the URL as it changes. */
function Routed() {
  return <MailPage route={useRoute()} />;
}

const EMAILS = [
  inboxEmail(),
  inboxEmail({
    id: 'em_2',
    subject: 'Weekly digest',
    from_name: null,
    from_email: 'news@list.example',
    category: 'newsletter',
    urgency_score: 1,
    auto_replied: false,
  }),
];

function open(hash: string, overrides: Handlers = {}) {
  window.location.hash = hash;
  return renderWithApi(<Routed />, {
    'sessions.list': () => sessionList([sessionItem()]),
    'mail.inbox': () => inboxPage(EMAILS),
    ...overrides,
  });
}

const inboxInputs = (calls: { path: string; input: unknown }[]) =>
  calls.filter((c) => c.path === 'mail.inbox').map((c) => c.input);

afterEach(() => {
  window.location.hash = '';
});

describe('MailPage', () => {
  it.each([
    {
      hash: '#/mail',
      input: { session_id: 'sess_1', sort: 'urgency', limit: 20, offset: 0 },
    },
    {
      hash: '#/mail?session=sess_1&sort=time&category=fyi&q=bob&offset=20',
      input: { session_id: 'sess_1', sort: 'time', limit: 20, offset: 20, category: 'fyi', q: 'bob' },
    },
    {
      hash: '#/mail?session=sess_1&sort=bogus&category=nope',
      input: { session_id: 'sess_1', sort: 'urgency', limit: 20, offset: 0 },
    },
  ])('asks mail.inbox for what $hash says', async ({ hash, input }) => {
    const { calls } = open(hash);
    await screen.findByRole('link', { name: 'Weekly digest' });
    expect(inboxInputs(calls)[0]).toEqual(input);
  });

  it('names sessions by their dates, status and mail count, never by id', async () => {
    open('#/mail');
    const select = (await screen.findByLabelText('Session')) as HTMLSelectElement;
    await screen.findByRole('link', { name: 'Weekly digest' });
    expect([...select.options].map((o) => o.textContent)).toEqual([`${SESSION_DATES} · active · 4 mails`]);
  });

  it('names a session missing from the list by its dates too', async () => {
    open('#/mail?session=sess_old', {
      'sessions.get': () => sessionDetail({ id: 'sess_old', status: 'completed' }),
    });
    const select = (await screen.findByLabelText('Session')) as HTMLSelectElement;
    await waitFor(() => expect(select.options[0]?.textContent).toBe(`${SESSION_DATES} · completed`));
    expect(select.value).toBe('sess_old');
    expect(select.textContent).not.toContain('sess_');
  });

  it('shows each category chip with its count', async () => {
    open('#/mail');
    await screen.findByRole('link', { name: 'Weekly digest' });
    const chips = screen.getByRole('group', { name: 'Category' });
    const expected = [
      ['All', COUNTS.all],
      ['Urgent', COUNTS.urgent],
      ['Action required', COUNTS.action_required],
      ['FYI', COUNTS.fyi],
      ['Newsletters', COUNTS.newsletter],
      ['Promotional', COUNTS.promotional],
      ['Resolved', COUNTS.resolved],
    ].map(([label, count]) => `${label} ${count}`);
    expect(
      within(chips)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(expected);
    fireEvent.click(within(chips).getByRole('button', { name: 'Urgent 3' }));
    expect(window.location.hash).toBe('#/mail?session=sess_1&category=urgent');
  });

  it.each([
    { choice: 'time', hash: '#/mail?session=sess_1&sort=time' },
    { choice: 'urgency', hash: '#/mail?session=sess_1' },
  ])('sorts by $choice, kept in the URL', async ({ choice, hash }) => {
    open('#/mail?session=sess_1&sort=time&offset=20');
    const sort = (await screen.findByLabelText('Sort')) as HTMLSelectElement;
    expect([...sort.options].map((o) => o.textContent)).toEqual(['Most urgent first', 'Newest first']);
    fireEvent.change(sort, { target: { value: choice } });
    // Another order starts again from the first page.
    expect(window.location.hash).toBe(hash);
  });

  it('searches once typing pauses, and keeps the search in the URL', async () => {
    const { calls } = open('#/mail?session=sess_1&category=fyi');
    const box = await screen.findByLabelText('Search sender or subject');
    fireEvent.change(box, { target: { value: ' bob' } });
    expect(window.location.hash).toBe('#/mail?session=sess_1&category=fyi');
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DELAY_MS / 2));
    expect(window.location.hash).toBe('#/mail?session=sess_1&category=fyi');
    await waitFor(() => expect(window.location.hash).toBe('#/mail?session=sess_1&category=fyi&q=bob'));
    await waitFor(() => expect(inboxInputs(calls).at(-1)).toMatchObject({ q: 'bob', category: 'fyi' }));
  });

  it('says when a search finds nothing, and clears it', async () => {
    open('#/mail?session=sess_1&q=zzz', {
      'mail.inbox': (input) =>
        (input as { q?: string }).q ? inboxPage([], { ...COUNTS, all: 0 }) : inboxPage(EMAILS),
    });
    expect(await screen.findByText('No mail matches “zzz”.')).toBeTruthy();
    expect(screen.getByTestId('mail-total').textContent).toBe('0 messages matching “zzz”');
    expect((screen.getByLabelText('Search sender or subject') as HTMLInputElement).value).toBe('zzz');
    fireEvent.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(window.location.hash).toBe('#/mail?session=sess_1');
    await screen.findByRole('link', { name: 'Weekly digest' });
    expect((screen.getByLabelText('Search sender or subject') as HTMLInputElement).value).toBe('');
  });

  it.each([
    { category: 'urgent', text: 'No urgent mail in this session.' },
    { category: '', text: 'No mail captured in this session.' },
  ])('has an empty state for category "$category"', async ({ category, text }) => {
    open(`#/mail?session=sess_1&category=${category}`, { 'mail.inbox': () => inboxPage([]) });
    expect(await screen.findByText(text)).toBeTruthy();
  });

  it('opens a message from its row, named by the subject', async () => {
    open('#/mail');
    const link = await screen.findByRole('link', { name: 'Contract renewal due Friday' });
    expect(link.getAttribute('href')).toBe('#/mail/em_1');
    const row = link.closest('li') as HTMLElement;
    expect(row.dataset.category).toBe('urgent');
    expect(within(row).getByText('Urgent')).toBeTruthy();
    expect(within(row).getByText('↩ Auto-replied')).toBeTruthy();
    expect(within(row).getByText('Urgency 9 of 10, high')).toBeTruthy();
    const other = screen.getByRole('link', { name: 'Weekly digest' }).closest('li') as HTMLElement;
    expect(within(other).getByText('news@list.example')).toBeTruthy();
    expect(screen.getByTestId('mail-total').textContent).toBe('2 messages');
  });
});
