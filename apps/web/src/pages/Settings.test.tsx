import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ME, renderWithApi } from '../test-utils.tsx';
import { SettingsPage } from './Settings.tsx';

const SETTINGS = {
  account_id: 'acct_1',
  email: 'ana@example.com',
  timezone: 'Europe/Berlin',
  vip_senders: [],
  urgent_keywords: [],
  aliases: ['ana@old.example'],
  inbound_address: '/inbound/tok',
  backup_contact: null,
  escalate_categories: ['urgent'],
  auto_reply_names_contact: false,
};

describe('SettingsPage: while you are away', () => {
  it('a Team Growth account sets its backup contact there', async () => {
    const { calls } = renderWithApi(<SettingsPage />, {
      'settings.get': () => SETTINGS,
      'settings.update': (input) => ({ ...SETTINGS, ...(input as object) }),
    });
    expect(await screen.findByRole('heading', { name: 'While you are away: backup contact' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Contact’s name'), { target: { value: 'Sam Lee' } });
    fireEvent.change(screen.getByLabelText('Contact’s email address'), {
      target: { value: 'sam@partner.example' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save backup contact' }));
    await waitFor(() =>
      expect(calls.find((call) => call.path === 'settings.update')?.input).toEqual({
        backup_contact: { name: 'Sam Lee', email: 'sam@partner.example' },
      }),
    );
    expect(await screen.findByText('Backup contact saved.')).toBeTruthy();
  });

  it('a free account is told it needs Team Growth, and that a contact saved earlier is not used', async () => {
    renderWithApi(
      <SettingsPage />,
      {
        'settings.get': () => ({
          ...SETTINGS,
          backup_contact: { name: 'Sam Lee', email: 'sam@partner.example' },
        }),
      },
      { me: { ...ME, account: { ...ME.account, plan: 'free' } } },
    );
    const gate = await screen.findByTestId('escalation-plan-gate');
    expect(gate.textContent).toContain('needs the Team Growth plan');
    expect(gate.textContent).toContain('Sam Lee <sam@partner.example>, gets no mail');
    expect(screen.queryByRole('button', { name: 'Save backup contact' })).toBeNull();
    expect(screen.queryByLabelText('Contact’s name')).toBeNull();
  });
});
