import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SettingsForm, type SettingsValues } from './SettingsForm.tsx';

const initial: SettingsValues = {
  timezone: 'Europe/Berlin',
  vip_senders: ['boss@example.com'],
  urgent_keywords: ['outage'],
  aliases: [],
};

describe('SettingsForm', () => {
  it('says next to each list how it changes triage', () => {
    render(<SettingsForm initial={initial} submit={vi.fn()} />);
    const hint = (label: string) =>
      document.getElementById(
        screen.getByLabelText(label).getAttribute('aria-describedby')?.split(' ')[0] ?? '',
      )?.textContent ?? '';
    expect(hint('VIP senders')).toMatch(/asks you something is\s+urgent; a VIP's FYI stays FYI/);
    expect(hint('Urgent keywords')).toMatch(/is urgent, unless it is a newsletter, a promotion or spam/);
  });

  it('says which VIP entry is not an email address, next to the list', async () => {
    const submit = vi.fn();
    render(<SettingsForm initial={initial} submit={submit} />);
    const vip = screen.getByLabelText('VIP senders');
    fireEvent.change(vip, { target: { value: 'boss@example.com, bob@\nclient@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const error = await screen.findByText('“bob@” is not an email address.');
    expect(vip.getAttribute('aria-invalid')).toBe('true');
    expect(vip.getAttribute('aria-describedby')).toContain(error.id);
    expect(document.activeElement).toBe(vip);
    expect(submit).not.toHaveBeenCalled();
  });

  it('lists every bad alias at once', async () => {
    render(<SettingsForm initial={initial} submit={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Aliases'), { target: { value: 'me, also me' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('These are not email addresses: “me”, “also me”.')).toBeTruthy();
  });

  it('sends only what changed, lists split on commas and new lines', async () => {
    const submit = vi.fn().mockResolvedValue({});
    render(<SettingsForm initial={initial} submit={submit} />);
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'America/New_York' } });
    fireEvent.change(screen.getByLabelText('Urgent keywords'), {
      target: { value: 'outage, contract\ninvoice' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(submit).toHaveBeenCalledWith({
        timezone: 'America/New_York',
        urgent_keywords: ['outage', 'contract', 'invoice'],
      }),
    );
    expect(await screen.findByText('Settings saved.')).toBeTruthy();
  });

  it('places a server validation error next to its list', async () => {
    const submit = vi.fn().mockRejectedValue({
      message: 'The request is not valid',
      data: {
        driftCode: 'VALIDATION_ERROR',
        details: { fields: [{ field: 'aliases.0', message: 'aliases.0 must be an email address' }] },
      },
    });
    render(<SettingsForm initial={initial} submit={submit} />);
    fireEvent.change(screen.getByLabelText('Aliases'), { target: { value: 'me@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Aliases (entry 1) must be an email address.')).toBeTruthy();
  });
});
