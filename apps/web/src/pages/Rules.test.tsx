import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, ME, renderWithApi } from '../test-utils.tsx';
import type { RouterOutputs } from '../trpc.ts';
import { RulesPage } from './Rules.tsx';

type RuleItem = RouterOutputs['rules']['list']['data'][number];

function rule(overrides: Partial<RuleItem> = {}): RuleItem {
  return {
    id: 'rule_1',
    position: 1,
    name: 'VIP clients',
    enabled: true,
    conditions: [{ field: 'from_domain', value: 'client.example' }],
    actions: [{ type: 'set_category', category: 'urgent' }, { type: 'never_auto_reply' }],
    created_at: '2026-12-07T09:00:00.000Z',
    updated_at: '2026-12-07T09:00:00.000Z',
    ...overrides,
  };
}

const RULES = [
  rule(),
  rule({
    id: 'rule_2',
    position: 2,
    name: 'Pager',
    enabled: false,
    conditions: [
      { field: 'header', name: 'X-Pager', value: 'sev1' },
      { field: 'subject', value: 'outage' },
    ],
    actions: [{ type: 'min_urgency', value: 9 }, { type: 'escalate' }],
  }),
];

function openRules(handlers: Record<string, (input: unknown) => unknown> = {}) {
  return renderWithApi(<RulesPage />, { 'rules.list': () => ({ data: RULES }), ...handlers });
}

const card = (name: string) =>
  screen.getByRole('heading', { level: 3, name: new RegExp(name) }).closest('li') as HTMLElement;

describe('RulesPage', () => {
  it('lists the rules in their order with what they look at and do', async () => {
    openRules();
    await screen.findByRole('heading', { level: 3, name: /VIP clients/ });
    const list = screen.getByRole('list', { name: 'Rules, in the order they run' });
    expect([...list.querySelectorAll('h3')].map((h) => h.textContent)).toEqual([
      '1. VIP clients',
      '2. Pager',
    ]);
    expect(
      within(card('VIP clients')).getByText("Sender's domain is client.example (or a subdomain)"),
    ).toBeTruthy();
    expect(within(card('VIP clients')).getByText('Put it in Urgent')).toBeTruthy();
    expect(within(card('VIP clients')).getByText('Never send it an auto-reply')).toBeTruthy();
    expect(within(card('Pager')).getByText('Header X-Pager contains “sev1”')).toBeTruthy();
    expect(within(card('Pager')).getByText('Subject contains “outage”')).toBeTruthy();
    expect(within(card('Pager')).getByText('Raise its urgency to at least 9')).toBeTruthy();
    expect(within(card('Pager')).getByText('Escalate it to my backup contact')).toBeTruthy();
    expect(within(card('Pager')).getByText('Off')).toBeTruthy();
    // The first cannot go up, the last cannot go down.
    expect(
      (screen.getByRole('button', { name: 'Move “VIP clients” up' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect((screen.getByRole('button', { name: 'Move “Pager” down' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it.each([
    { button: 'Move “VIP clients” down', path: 'rules.move', input: { id: 'rule_1', position: 2 } },
    { button: 'Move “Pager” up', path: 'rules.move', input: { id: 'rule_2', position: 1 } },
    { button: 'Turn off “VIP clients”', path: 'rules.update', input: { id: 'rule_1', enabled: false } },
    { button: 'Turn on “Pager”', path: 'rules.update', input: { id: 'rule_2', enabled: true } },
  ])('$button calls $path and reads the list again', async ({ button, path, input }) => {
    const { calls } = openRules({
      'rules.move': () => ({ data: RULES }),
      'rules.update': () => RULES[0],
    });
    fireEvent.click(await screen.findByRole('button', { name: button }));
    await waitFor(() => expect(calls.find((c) => c.path === path)?.input).toEqual(input));
    await waitFor(() => expect(calls.filter((c) => c.path === 'rules.list')).toHaveLength(2));
  });

  it('deletes a rule after asking', async () => {
    const { calls } = openRules({ 'rules.remove': () => ({ id: 'rule_2', deleted: true }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete “Pager”' }));
    expect(calls.some((c) => c.path === 'rules.remove')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === 'rules.remove')?.input).toEqual({ id: 'rule_2' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('announcer').textContent).toContain('Rule “Pager” deleted.'),
    );
  });

  it('adds a rule with two conditions and two actions', async () => {
    const { calls } = openRules({ 'rules.create': () => rule({ id: 'rule_3', position: 3, name: 'Board' }) });
    await screen.findByRole('heading', { name: 'New rule' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' Board ' } });
    fireEvent.change(screen.getByLabelText('Condition 1: value'), {
      target: { value: 'Chair@Board.example' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a condition' }));
    fireEvent.change(screen.getByLabelText('Condition 2: what to look at'), { target: { value: 'header' } });
    fireEvent.change(screen.getByLabelText('Condition 2: header name'), { target: { value: 'X-Board' } });
    fireEvent.change(screen.getByLabelText('Condition 2: value'), { target: { value: 'yes' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Put it in a category' }));
    fireEvent.change(screen.getByLabelText('Category'), { target: { value: 'action_required' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Raise its urgency to at least' }));
    fireEvent.change(screen.getByLabelText('Lowest urgency'), { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === 'rules.create')?.input).toEqual({
        name: 'Board',
        enabled: true,
        conditions: [
          { field: 'from_address', value: 'Chair@Board.example' },
          { field: 'header', name: 'X-Board', value: 'yes' },
        ],
        actions: [
          { type: 'set_category', category: 'action_required' },
          { type: 'min_urgency', value: 6 },
        ],
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('announcer').textContent).toContain('Rule “Board” added as number 3.'),
    );
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('');
  });

  it.each<{ fill: { name?: string; value?: string }; problem: string }>([
    { fill: {}, problem: 'Give the rule a name.' },
    { fill: { name: 'X' }, problem: 'Fill in every condition, or remove the empty ones.' },
    { fill: { name: 'X', value: 'a@b.example' }, problem: 'Choose at least one thing for the rule to do.' },
  ])('says what is missing before sending ($problem)', async ({ fill, problem }) => {
    const { calls } = openRules();
    await screen.findByRole('heading', { name: 'New rule' });
    if (fill.name) fireEvent.change(screen.getByLabelText('Name'), { target: { value: fill.name } });
    if (fill.value)
      fireEvent.change(screen.getByLabelText('Condition 1: value'), { target: { value: fill.value } });
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    expect((await screen.findByRole('alert')).textContent).toBe(problem);
    expect(calls.some((c) => c.path === 'rules.create')).toBe(false);
  });

  it("shows the server's reason when it refuses the rule", async () => {
    openRules({
      'rules.create': () => {
        throw apiError(
          'VALIDATION_ERROR',
          'conditions.0.value: from_address must be one email address, such as ana@example.com (not “bob”)',
        );
      },
    });
    await screen.findByRole('heading', { name: 'New rule' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Bob' } });
    fireEvent.change(screen.getByLabelText('Condition 1: value'), { target: { value: 'bob' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Never send it an auto-reply' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(await screen.findByText(/from_address must be one email address/)).toBeTruthy();
  });

  it('on the Free plan explains the plan and asks for no rules', async () => {
    const { calls } = renderWithApi(
      <RulesPage />,
      {},
      { me: { ...ME, account: { ...ME.account, plan: 'free' } } },
    );
    expect(
      await screen.findByRole('heading', { name: 'Custom rules need the Team Growth plan' }),
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add rule' })).toBeNull();
    expect(calls.some((c) => c.path === 'rules.list')).toBe(false);
  });

  it('says so when there are no rules yet', async () => {
    openRules({ 'rules.list': () => ({ data: [] }) });
    expect(await screen.findByText('No rules yet.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add rule' })).toBeTruthy();
  });
});
