import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  COUNTS,
  emailDetail,
  inboxEmail,
  inboxPage,
  SESSION_DATES,
  sessionDetail,
  sessionItem,
  sessionList,
} from '../components/mail.fixtures.ts';
import { parseHash } from '../router.ts';
import { type Handlers, renderWithApi } from '../test-utils.tsx';
import type { RouterOutputs } from '../trpc.ts';
import { PlaybookPage, PlaybooksPage } from './Playbooks.tsx';

type SessionPlaybook = NonNullable<RouterOutputs['sessions']['get']['playbook']>;
type PlaybookItem = SessionPlaybook['action_items'][number];

function item(overrides: Partial<PlaybookItem> = {}): PlaybookItem {
  return {
    email_id: 'em_1',
    thread_id: 'th_1',
    subject: 'Contract renewal due Friday',
    from_email: 'bob@client.example',
    from_name: 'Bob Client',
    summary: 'Bob needs the signed contract by Friday.',
    category: 'urgent',
    urgency_score: 9,
    received_at: '2026-12-06T10:00:00.000Z',
    deadline: null,
    message_count: 1,
    ...overrides,
  };
}

const PLAYBOOK: SessionPlaybook = {
  id: 'pb_1',
  summary: 'One thing needs you.',
  action_items: [item()],
  fyi_items: [
    item({ email_id: 'em_2', thread_id: 'th_2', subject: 'Office closed Monday', category: 'fyi' }),
  ],
  resolved_items: [],
  stats: { total_emails: 10, filtered_emails: 5, time_saved_minutes: 40 },
  delivered_at: null,
  viewed_at: null,
};

const opened = {
  ...PLAYBOOK,
  ooo_session_id: 'sess_1',
  viewed_at: '2026-12-09T08:00:00.000Z',
  created_at: '2026-12-08T17:00:00.000Z',
};

function openPlaybook(overrides: Handlers = {}) {
  return renderWithApi(<PlaybookPage sessionId="sess_1" />, {
    'sessions.get': () => sessionDetail({ status: 'completed', playbook: PLAYBOOK }),
    'playbooks.open': () => opened,
    'mail.inbox': () => inboxPage([inboxEmail()]),
    ...overrides,
  });
}

afterEach(() => {
  window.location.hash = '';
});

describe('PlaybookPage', () => {
  it('is named by the session dates, not its id', async () => {
    openPlaybook();
    expect(
      await screen.findByRole('heading', { level: 1, name: `Return playbook: ${SESSION_DATES}` }),
    ).toBeTruthy();
    expect(screen.getByRole('link', { name: `← Session ${SESSION_DATES}` }).getAttribute('href')).toBe(
      '#/sessions/sess_1',
    );
    await screen.findByTestId('viewed-badge');
    expect(document.body.textContent).not.toMatch(/sess_1|pb_1|em_1/);
  });

  it.each([
    { subject: 'Contract renewal due Friday', id: 'em_1' },
    { subject: 'Office closed Monday', id: 'em_2' },
  ])('opens "$subject" from the playbook', async ({ subject, id }) => {
    openPlaybook();
    const title = await screen.findByRole('link', { name: subject });
    expect(title.getAttribute('href')).toBe(`#/mail/${id}`);
    const card = title.closest('li') as HTMLElement;
    expect(
      within(card)
        .getByRole('link', { name: `Read “${subject}”` })
        .getAttribute('href'),
    ).toBe(`#/mail/${id}`);
    expect([...card.querySelectorAll('summary')].map((summary) => summary.textContent)).toEqual([
      `Full text of “${subject}”`,
      `Change category of “${subject}”`,
    ]);
  });

  it('shows a message’s full text inside the playbook, loaded only when opened', async () => {
    const { calls } = openPlaybook({
      'mail.get': () =>
        emailDetail({ id: 'em_1', body_html: null, body_text: 'Please sign the renewal by Friday noon.' }),
    });
    const card = (await screen.findByRole('link', { name: 'Contract renewal due Friday' })).closest(
      'li',
    ) as HTMLElement;
    expect(calls.some((c) => c.path === 'mail.get')).toBe(false);
    const details = within(card)
      .getByText(/^Full text/)
      .closest('details') as HTMLDetailsElement;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    expect(await within(card).findByText('Please sign the renewal by Friday noon.')).toBeTruthy();
    expect(calls.find((c) => c.path === 'mail.get')?.input).toEqual({ id: 'em_1' });
  });

  it('corrects a category from the playbook, and the playbook is read again', async () => {
    const { calls } = openPlaybook({
      'mail.correct': () => ({
        email: inboxEmail({ category: 'fyi' }),
        corrected_from: 'urgent',
        rule_offer: { sender: 'bob@client.example', category: 'fyi', corrections: 1, other_messages: 0 },
      }),
    });
    const card = (await screen.findByRole('link', { name: 'Contract renewal due Friday' })).closest(
      'li',
    ) as HTMLElement;
    fireEvent.click(within(card).getByText(/^Change category/));
    // One press moves it: the current category is not offered.
    const choices = within(card).getByRole('group', { name: 'Move “Contract renewal due Friday” to' });
    expect(within(choices).queryByRole('button', { name: 'Urgent' })).toBeNull();
    fireEvent.click(within(choices).getByRole('button', { name: 'FYI' }));
    expect(await within(card).findByText('Kept.')).toBeTruthy();
    expect(
      within(card).getByRole('button', { name: 'Always treat mail from bob@client.example as FYI' }),
    ).toBeTruthy();
    expect(calls.find((c) => c.path === 'mail.correct')?.input).toEqual({ id: 'em_1', category: 'fyi' });
    await waitFor(() => expect(calls.filter((c) => c.path === 'sessions.get').length).toBeGreaterThan(1));
  });

  it.each([
    {
      name: 'counts from the mail',
      inbox: () => inboxPage([inboxEmail()]),
      heading: `Newsletters and promotions ${COUNTS.newsletter + COUNTS.promotional}`,
      links: [
        ['Review 4 newsletters', 'newsletter'],
        ['Review 1 promotion', 'promotional'],
      ],
    },
    {
      name: 'only the kinds that have mail',
      inbox: () => inboxPage([inboxEmail()], { ...COUNTS, newsletter: 0, promotional: 2 }),
      heading: 'Newsletters and promotions 2',
      links: [['Review 2 promotions', 'promotional']],
    },
    {
      name: 'the playbook count while the mail cannot be read',
      inbox: () => {
        throw new Error('offline');
      },
      heading: 'Newsletters and promotions 5',
      links: [
        ['Review newsletters', 'newsletter'],
        ['Review promotions', 'promotional'],
      ],
    },
  ])('leaves filtered mail reviewable ($name)', async ({ inbox, heading, links }) => {
    openPlaybook({ 'mail.inbox': inbox });
    const section = (await screen.findByRole('heading', { name: /^Newsletters and promotions/ })).closest(
      'section',
    ) as HTMLElement;
    await waitFor(() => expect(within(section).getByRole('heading').textContent).toBe(heading), {
      timeout: 5000,
    });
    expect(
      within(section)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(links.map(([name]) => name));
    for (const [name, category] of links) {
      expect(within(section).getByRole('link', { name }).getAttribute('href')).toBe(
        `#/mail?session=sess_1&category=${category}`,
      );
    }
  });
});

describe('PlaybooksPage', () => {
  const list = (sessionId: string) => ({
    data: [{ ...opened, ooo_session_id: sessionId }],
    pagination: { total: 1, limit: 10, offset: 0, has_more: false },
  });

  it.each([
    { case: 'in the session list', sessionId: 'sess_1', extra: {} as Handlers },
    {
      case: 'asked for alone',
      sessionId: 'sess_old',
      extra: { 'sessions.get': () => sessionDetail({ id: 'sess_old' }) },
    },
  ])('names each playbook by its session dates ($case)', async ({ sessionId, extra }) => {
    renderWithApi(<PlaybooksPage route={parseHash('#/playbooks')} />, {
      'playbooks.list': () => list(sessionId),
      'sessions.list': () => sessionList([sessionItem()]),
      ...extra,
    });
    const link = await screen.findByRole('link', { name: `Playbook for ${SESSION_DATES}` });
    expect(link.getAttribute('href')).toBe(`#/sessions/${sessionId}/playbook`);
    expect(document.body.textContent).not.toContain(sessionId);
  });
});
