import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emailDetail, inboxEmail, SESSION_DATES, sessionDetail } from '../components/mail.fixtures.ts';
import { apiError, deferred, type Handlers, ME, renderWithApi } from '../test-utils.tsx';
import type { RouterOutputs } from '../trpc.ts';
import { MessagePage } from './Message.tsx';

type EmailDetail = RouterOutputs['mail']['get'];

function open(email: EmailDetail = emailDetail(), overrides: Handlers = {}) {
  return renderWithApi(<MessagePage id={email.id} />, {
    'mail.get': () => email,
    'sessions.get': () => sessionDetail(),
    ...overrides,
  });
}

const heading = () => screen.findByRole('heading', { level: 1, name: 'Contract renewal due Friday' });
const section = (name: string) => screen.getByRole('heading', { name }).closest('section') as HTMLElement;

afterEach(() => {
  window.location.hash = '';
});

describe('MessagePage', () => {
  it('shows the message: subject, people, date, category, urgency, deadline and headers', async () => {
    open();
    await heading();
    const facts = Object.fromEntries(
      [...document.querySelectorAll('.message-facts > div')].map((row) => [
        row.querySelector('dt')?.textContent,
        row.querySelector('dd')?.textContent,
      ]),
    );
    expect(facts).toEqual({
      From: 'Bob Client <bob@client.example>',
      To: 'ana@example.com',
      Cc: 'team@example.com',
      Date: 'Sun, 6 Dec 2026, 11:00',
      Category: 'Urgent',
      Urgency: '9 of 10',
      Deadline: 'Fri, 11 Dec 2026, 17:00',
    });
    expect(screen.getByText('Headers (2)')).toBeTruthy();
    expect(screen.getByText('contracts@client.example')).toBeTruthy();
    expect(document.title).toBe('Contract renewal due Friday · Drift');
    // The way back names the session by its dates, and leads to its mail.
    const back = await screen.findByRole('link', { name: `← Mail of ${SESSION_DATES}` });
    expect(back.getAttribute('href')).toBe('#/mail?session=sess_1');
    expect(document.body.textContent).not.toContain('em_1');
  });

  it.each([
    {
      triage: { reasons: ['Bob is on your VIP list.'], corrected_from: null, corrected_at: null, rule: null },
      texts: ['Bob is on your VIP list.'],
      absent: /You corrected this/,
    },
    {
      triage: {
        reasons: ['The sender is a mailing list.'],
        corrected_from: 'newsletter' as const,
        corrected_at: '2026-12-07T09:00:00.000Z',
        rule: null,
      },
      texts: [
        'You corrected this from Newsletter on Mon, 7 Dec 2026, 10:00. What triage had seen:',
        'The sender is a mailing list.',
      ],
      absent: null,
    },
    {
      triage: { reasons: [], corrected_from: null, corrected_at: null, rule: null },
      texts: ['Triage kept no reasons for this message.'],
      absent: null,
    },
    {
      triage: {
        reasons: ['Your rule “VIP clients” set the category to Urgent.', 'Bob asks you something.'],
        corrected_from: null,
        corrected_at: null,
        rule: { id: 'rule_1', name: 'VIP clients' },
      },
      texts: ['Your rule “VIP clients” set the category to Urgent.', 'Bob asks you something.'],
      absent: /You corrected this/,
    },
  ])('says why it has its category ($triage.corrected_from)', async ({ triage, texts, absent }) => {
    open(emailDetail({ triage }));
    await heading();
    const why = section('Why this category');
    for (const text of texts) expect(within(why).getByText(text)).toBeTruthy();
    if (absent) expect(within(why).queryByText(absent)).toBeNull();
  });

  it('names the rule that decided, with a link to the rules', async () => {
    const rule = { id: 'rule_1', name: 'VIP clients' };
    open(emailDetail({ triage: { ...emailDetail().triage, rule } }));
    await heading();
    const why = section('Why this category');
    expect(why.querySelector('.rule-decided')?.textContent).toBe(
      'Your rule “VIP clients” decided this. See your rules',
    );
    expect(within(why).getByRole('link', { name: 'See your rules' }).getAttribute('href')).toBe('#/rules');
  });

  it('names no rule when none decided', async () => {
    open();
    await heading();
    expect(within(section('Why this category')).queryByRole('link', { name: 'See your rules' })).toBeNull();
  });

  it.each([
    { status: 'sent' as const, sent_at: '2026-12-06T10:00:05.000Z', word: 'Sent Sun, 6 Dec 2026, 11:00' },
    { status: 'pending' as const, sent_at: null, word: 'Waiting to be sent' },
    { status: 'failed' as const, sent_at: null, word: 'Could not be sent' },
    { status: 'not_sent' as const, sent_at: null, word: 'Not sent' },
  ])('says what became of the auto-reply ($status)', async ({ status, sent_at, word }) => {
    const explanation = `Because of ${status}.`;
    open(emailDetail({ auto_reply: { status, sent_at, reason: 'ok', explanation } }));
    await heading();
    const reply = section('Auto-reply');
    expect(within(reply).getByText(word)).toBeTruthy();
    expect(within(reply).getByText(explanation)).toBeTruthy();
  });

  it('lists the thread oldest first, this message marked', async () => {
    open();
    await heading();
    const thread = section('Thread (2 messages)');
    const links = within(thread).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href'), l.getAttribute('aria-current')])).toEqual(
      [
        ['Contract renewal', '#/mail/em_0', null],
        ['Re: Contract renewal due Friday', '#/mail/em_1', 'page'],
      ],
    );
  });

  it('shows remote images only when asked', async () => {
    open();
    await heading();
    const frame = () => screen.getByTitle('Message: Contract renewal due Friday');
    expect(frame().getAttribute('srcdoc')).not.toContain(' src="https://cdn.client.example/logo.png"');
    fireEvent.click(screen.getByRole('button', { name: 'Show remote images' }));
    expect(frame().getAttribute('srcdoc')).toContain(' src="https://cdn.client.example/logo.png"');
    expect(frame().getAttribute('srcdoc')).toContain('img-src https: data:');
  });

  it('shows text-only mail as text', async () => {
    open(emailDetail({ body_html: null, has_remote_images: false, thread: [] }));
    await heading();
    expect(screen.getByTestId('message-text').textContent).toBe(
      'Hello Ana,\nplease sign the contract.\n\nBob',
    );
    expect(screen.queryByTitle(/^Message: /)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Show remote images' })).toBeNull();
    expect(screen.queryByRole('heading', { name: /^Thread/ })).toBeNull();
  });

  it.each([
    { error: apiError('NOT_FOUND', 'Email not found'), text: 'This message does not exist.' },
    {
      error: apiError('VALIDATION_ERROR', 'id is too long'),
      text: 'Id is too long.',
    },
  ])('says when the message cannot be shown ($text)', async ({ error, text }) => {
    open(emailDetail(), {
      'mail.get': () => {
        throw error;
      },
    });
    expect(await screen.findByText(text)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Message');
  });

  it('corrects the category, refreshes what counts mail, and offers a rule for the sender', async () => {
    // Corrected once already, from urgent to FYI: the announcement says what it was just before.
    let category: EmailDetail['category'] = 'fyi';
    const answer = deferred<RouterOutputs['mail']['correct']>();
    const { calls, queryClient } = open(emailDetail(), {
      'mail.get': () => emailDetail({ category }),
      'mail.correct': () => answer.promise,
    });
    const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
    await heading();
    const why = section('Why this category');
    const select = within(why).getByLabelText('Category') as HTMLSelectElement;
    const save = within(why).getByRole('button', { name: 'Save category' }) as HTMLButtonElement;
    expect(select.value).toBe('fyi');
    expect(save.disabled).toBe(true);
    fireEvent.change(select, { target: { value: 'newsletter' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    expect(await within(why).findByRole('button', { name: 'Saving…' })).toBeTruthy();
    expect(calls.find((c) => c.path === 'mail.correct')?.input).toEqual({
      id: 'em_1',
      category: 'newsletter',
    });

    category = 'newsletter';
    answer.resolve({
      email: inboxEmail({ category: 'newsletter' }),
      corrected_from: 'urgent',
      rule_offer: { sender: 'bob@client.example', category: 'newsletter', corrections: 2, other_messages: 3 },
    });
    expect(
      await within(why).findByText(
        'Kept. You have corrected 2 messages from them this way. 3 other messages from them are still elsewhere.',
      ),
    ).toBeTruthy();
    expect(
      within(why).getByRole('button', { name: 'Always treat mail from bob@client.example as Newsletter' }),
    ).toBeTruthy();
    expect(screen.getByTestId('announcer').textContent).toContain('Moved to Newsletter (was FYI).');
    const keys = invalidate.mock.calls.map(([filters]) => JSON.stringify(filters?.queryKey));
    expect(keys).toEqual(
      expect.arrayContaining([
        JSON.stringify([['mail']]),
        JSON.stringify([['sessions']]),
        JSON.stringify([['playbooks']]),
        JSON.stringify([['emails']]),
      ]),
    );
    // The message is read again and shows its new category.
    await waitFor(() => expect(calls.filter((c) => c.path === 'mail.get')).toHaveLength(2));
    await waitFor(() => expect(screen.getAllByText('Newsletter').length).toBeGreaterThan(0));
    expect((within(why).getByLabelText('Category') as HTMLSelectElement).value).toBe('newsletter');
    expect((within(why).getByRole('button', { name: 'Save category' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('shows the server refusing a correction', async () => {
    open(emailDetail(), {
      'mail.correct': () => {
        throw apiError('VALIDATION_ERROR', 'This message belongs to a deleted session');
      },
    });
    await heading();
    const why = section('Why this category');
    fireEvent.change(within(why).getByLabelText('Category'), { target: { value: 'fyi' } });
    fireEvent.click(within(why).getByRole('button', { name: 'Save category' }));
    expect((await within(why).findByRole('alert')).textContent).toContain(
      'This message belongs to a deleted session.',
    );
    expect(within(why).queryByText(/^Kept\./)).toBeNull();
    // The choice stays, to try again.
    expect((within(why).getByLabelText('Category') as HTMLSelectElement).value).toBe('fyi');
  });
});

describe('the rule a correction offers', () => {
  const corrected = (category: EmailDetail['category']) => ({
    email: inboxEmail({ category }),
    corrected_from: 'urgent' as const,
    rule_offer: { sender: 'bob@client.example', category, corrections: 1, other_messages: 0 },
  });

  async function correctTo(category: EmailDetail['category']) {
    await heading();
    const why = section('Why this category');
    fireEvent.change(within(why).getByLabelText('Category'), { target: { value: category } });
    fireEvent.click(within(why).getByRole('button', { name: 'Save category' }));
    return why;
  }

  it('creates the rule in one press, and says where to find it', async () => {
    const answer = deferred<RouterOutputs['rules']['create']>();
    const { calls } = open(emailDetail(), {
      'mail.correct': () => corrected('fyi'),
      'rules.create': () => answer.promise,
    });
    const why = await correctTo('fyi');
    const offer = await within(why).findByRole('button', {
      name: 'Always treat mail from bob@client.example as FYI',
    });
    fireEvent.click(offer);
    expect(await within(why).findByRole('button', { name: 'Adding the rule…' })).toBeTruthy();
    expect(calls.find((c) => c.path === 'rules.create')?.input).toEqual({
      name: 'FYI: mail from bob@client.example',
      enabled: true,
      conditions: [{ field: 'from_address', value: 'bob@client.example' }],
      actions: [{ type: 'set_category', category: 'fyi' }],
    });
    answer.resolve({
      id: 'rule_1',
      position: 1,
      name: 'FYI: mail from bob@client.example',
      enabled: true,
      conditions: [{ field: 'from_address', value: 'bob@client.example' }],
      actions: [{ type: 'set_category', category: 'fyi' }],
      created_at: '2026-12-07T09:00:00.000Z',
      updated_at: '2026-12-07T09:00:00.000Z',
    });
    const text =
      'Rule “FYI: mail from bob@client.example” added: new mail from bob@client.example goes to FYI.';
    expect(await within(why).findByText(text)).toBeTruthy();
    expect(within(why).getByRole('link', { name: 'See your rules' }).getAttribute('href')).toBe('#/rules');
    expect(screen.getByTestId('announcer').textContent).toContain(text);
  });

  it('says why the rule was not made when the server refuses', async () => {
    open(emailDetail(), {
      'mail.correct': () => corrected('fyi'),
      'rules.create': () => {
        throw apiError('FEATURE_NOT_AVAILABLE', 'Custom rules require Team Growth plan');
      },
    });
    const why = await correctTo('fyi');
    fireEvent.click(
      await within(why).findByRole('button', { name: 'Always treat mail from bob@client.example as FYI' }),
    );
    expect(await within(why).findByText(/Custom rules require Team Growth plan/)).toBeTruthy();
  });

  it('on the Free plan offers no button and says why', async () => {
    renderWithApi(
      <MessagePage id="em_1" />,
      {
        'mail.get': () => emailDetail(),
        'sessions.get': () => sessionDetail(),
        'mail.correct': () => corrected('newsletter'),
      },
      { me: { ...ME, account: { ...ME.account, plan: 'free' } } },
    );
    const why = await correctTo('newsletter');
    expect(
      await within(why).findByText(
        '“Always treat mail from bob@client.example as Newsletter” would be a custom rule, and custom rules need the Team Growth plan; this account is on Free.',
      ),
    ).toBeTruthy();
    expect(within(why).queryByRole('button', { name: /Always treat mail/ })).toBeNull();
  });
});
