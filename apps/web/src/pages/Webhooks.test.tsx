import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, ME, renderWithApi } from '../test-utils.tsx';
import { WebhooksPage } from './Webhooks.tsx';

const WEBHOOK = {
  id: 'wh_1',
  url: 'https://hr.example.com/hooks/drift',
  events: ['email.urgent', 'playbook.ready'],
  description: 'HR system',
  format: 'standard',
  disabled_at: null,
  disabled_reason: null,
  created_at: '2026-03-01T10:00:00.000Z',
};
const EMPTY_PAGE = { data: [], pagination: { total: 0, limit: 100, offset: 0, has_more: false } };
const listOf = (...data: unknown[]) => ({
  data,
  pagination: { total: data.length, limit: 100, offset: 0, has_more: false },
});

describe('WebhooksPage', () => {
  it('tells a free account why it cannot add webhooks, instead of the form', async () => {
    renderWithApi(
      <WebhooksPage />,
      { 'webhooks.list': () => EMPTY_PAGE },
      { me: { ...ME, account: { ...ME.account, plan: 'free' } } },
    );
    const gate = await screen.findByTestId('plan-gate');
    expect(gate.textContent).toContain('Webhooks need the Team Growth plan');
    expect(gate.textContent).toContain('Free');
    expect(screen.queryByRole('button', { name: 'Add webhook' })).toBeNull();
    expect(await screen.findByText('No webhooks yet.')).toBeTruthy();
  });

  it('adds a webhook and shows its secret once, with a copy button', async () => {
    const { calls } = renderWithApi(<WebhooksPage />, {
      'webhooks.list': () => EMPTY_PAGE,
      'webhooks.create': (input) => ({
        id: 'wh_2',
        ...(input as object),
        description: 'Ops bot',
        secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
        created_at: '2026-03-02T10:00:00.000Z',
      }),
    });
    fireEvent.change(await screen.findByLabelText('Endpoint URL'), {
      target: { value: ' https://ops.example.com/drift ' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: /Urgent mail arrives/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /session\.started/ }));
    fireEvent.change(screen.getByLabelText(/Description/), { target: { value: 'Ops bot' } });
    fireEvent.click(screen.getByRole('radio', { name: /Slack message/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));

    const panel = await screen.findByTestId('new-webhook');
    expect((within(panel).getByLabelText('Signing secret') as HTMLInputElement).value).toBe(
      'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
    );
    expect(within(panel).getByRole('button', { name: 'Copy' })).toBeTruthy();
    expect(panel.textContent).toContain('only time');
    expect(document.activeElement).toBe(
      within(panel).getByRole('heading', { name: 'Webhook added: Ops bot' }),
    );
    // The events in the order the form lists them, whatever order they were ticked in.
    expect(calls.find((c) => c.path === 'webhooks.create')?.input).toEqual({
      url: 'https://ops.example.com/drift',
      events: ['session.started', 'email.urgent'],
      description: 'Ops bot',
      format: 'slack',
    });
    fireEvent.click(screen.getByRole('button', { name: 'I have copied it' }));
    expect(screen.queryByTestId('new-webhook')).toBeNull();
    expect(screen.queryByText(/whsec_/)).toBeNull();
  });

  it.each([
    [
      'no address and no event',
      '',
      false,
      ['Enter the address that should receive the events.', 'Choose at least one event'],
    ],
    ['an address without a scheme', 'ops.example.com', true, ['Enter a full address starting with https://']],
  ])('checks the form before sending: %s', async (_case, url, tick, messages) => {
    const { calls } = renderWithApi(<WebhooksPage />, { 'webhooks.list': () => EMPTY_PAGE });
    fireEvent.change(await screen.findByLabelText('Endpoint URL'), { target: { value: url } });
    if (tick) fireEvent.click(screen.getByRole('checkbox', { name: /Mail is captured/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    for (const message of messages) expect(await screen.findByText(new RegExp(message))).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Endpoint URL'));
    expect(calls.some((c) => c.path === 'webhooks.create')).toBe(false);
  });

  it("puts the server's refusal of the address beside the address", async () => {
    renderWithApi(<WebhooksPage />, {
      'webhooks.list': () => EMPTY_PAGE,
      'webhooks.create': () => {
        throw apiError('VALIDATION_ERROR', "url must not point to the server's own network (10.0.0.5)", {
          fields: [{ field: 'url', message: "url must not point to the server's own network (10.0.0.5)" }],
        });
      },
    });
    fireEvent.change(await screen.findByLabelText('Endpoint URL'), {
      target: { value: 'https://10.0.0.5/x' },
    });
    fireEvent.click(screen.getByRole('checkbox', { name: /A session ends/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Add webhook' }));
    const url = screen.getByLabelText('Endpoint URL');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/must not point to the server's own network \(10\.0\.0\.5\)/)).toBeTruthy();
    expect(document.activeElement).toBe(url);
  });

  it('lists webhooks with their status, sends a test event and announces it', async () => {
    const disabled = {
      ...WEBHOOK,
      id: 'wh_9',
      description: null,
      url: 'https://old.example.com/x',
      disabled_at: '2026-03-05T10:00:00.000Z',
      disabled_reason: 'deliveries failed for 3 days',
    };
    const { calls } = renderWithApi(<WebhooksPage />, {
      'webhooks.list': () => listOf(WEBHOOK, disabled),
      'webhooks.test': () => ({ id: 'msg_1', type: 'webhook.test', queued: true }),
    });
    const list = await screen.findByRole('list', { name: 'Webhooks' });
    const cards = within(list)
      .getAllByRole('listitem')
      .filter((li) => li.dataset.webhookId);
    const [active, off] = cards as [HTMLElement, HTMLElement];
    expect(within(active).getByText('Active')).toBeTruthy();
    expect(within(active).getByText('Urgent mail arrives')).toBeTruthy();
    expect(within(off).getByText(/^Disabled /)).toBeTruthy();
    expect(off.textContent).toContain('deliveries failed for 3 days');
    expect(within(off).getByRole('button', { name: 'Send test event' })).toBeTruthy();

    fireEvent.click(within(active).getByRole('button', { name: 'Send test event' }));
    expect((await screen.findByTestId('announcer')).textContent).toContain(
      'Test event queued for HR system.',
    );
    expect(calls.find((c) => c.path === 'webhooks.test')?.input).toEqual({ id: 'wh_1' });
  });

  it('shows the delivery attempts of a webhook on request', async () => {
    const { calls } = renderWithApi(<WebhooksPage />, {
      'webhooks.list': () => listOf(WEBHOOK),
      'webhooks.deliveries': () => ({
        data: [
          {
            id: 'wha_2',
            delivery_id: 'msg_1',
            event: 'email.urgent',
            status_code: 200,
            duration_ms: 84,
            error: null,
            created_at: '2026-03-03T10:00:05.000Z',
          },
          {
            id: 'wha_1',
            delivery_id: 'msg_1',
            event: 'email.urgent',
            status_code: null,
            duration_ms: 10000,
            error: 'no answer within 10 s',
            created_at: '2026-03-03T10:00:00.000Z',
          },
        ],
        pagination: { total: 2, limit: 10, offset: 0, has_more: false },
      }),
    });
    const toggle = await screen.findByRole('button', { name: 'Show delivery attempts' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const table = await screen.findByRole('table', { name: 'Delivery attempts for HR system' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('Delivered (200)'),
      expect.stringContaining('Failed, no answer: no answer within 10 s'),
    ]);
    expect(screen.getByRole('button', { name: 'Hide delivery attempts' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    expect(calls.find((c) => c.path === 'webhooks.deliveries')?.input).toEqual({
      id: 'wh_1',
      limit: 10,
      offset: 0,
    });
  });

  it('deletes after asking, moves the focus to the list heading, and announces it', async () => {
    let webhooks = [WEBHOOK];
    const { calls } = renderWithApi(<WebhooksPage />, {
      'webhooks.list': () => listOf(...webhooks),
      'webhooks.remove': () => {
        webhooks = [];
        return { id: 'wh_1', deleted: true };
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    expect(
      screen.getByText('Delete the webhook “HR system”? Drift stops sending it events at once.'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    expect((await screen.findByTestId('announcer')).textContent).toContain('Webhook HR system deleted.');
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Your webhooks' })),
    );
    expect(await screen.findByText('No webhooks yet.')).toBeTruthy();
    expect(calls.find((c) => c.path === 'webhooks.remove')?.input).toEqual({ id: 'wh_1' });
  });

  it('says so when a delete is refused', async () => {
    renderWithApi(<WebhooksPage />, {
      'webhooks.list': () => listOf(WEBHOOK),
      'webhooks.remove': () => {
        throw apiError('NOT_FOUND', 'Webhook not found');
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    expect((await screen.findByTestId('announcer')).textContent).toContain(
      'The webhook was not deleted: Webhook not found.',
    );
  });
});
