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
    expect(hint('VIP senders')).toMatch(
      /A VIP's message that asks you to do something is marked urgent; a VIP's FYI stays FYI, ranked at the top of the FYI scores\./,
    );
    expect(hint('Urgent keywords')).toMatch(
      /is urgent, with a score of 9 or more, unless it is a newsletter, a promotion or spam\./,
    );
    expect(document.body.textContent).not.toMatch(/always (treated as )?urgent|make a message urgent/i);
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

  it('searches the zones in a list and accepts a name typed in any case, with spaces', async () => {
    const submit = vi.fn().mockResolvedValue({});
    render(<SettingsForm initial={initial} submit={submit} />);
    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    const list = document.getElementById(zone.getAttribute('list') ?? '') as HTMLDataListElement;
    const options = [...list.querySelectorAll('option')].map((o) => o.value);
    expect(options[0]).toBe('UTC');
    expect(options).toContain('Europe/Berlin');
    expect(options).toContain('America/Argentina/Buenos_Aires');
    expect(options).not.toContain('Asia/Calcutta');
    fireEvent.change(zone, { target: { value: 'america/new york' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ timezone: 'America/New_York' }));
  });

  it.each([
    { typed: 'Berlin', error: '“Berlin” is not a time zone Drift knows.' },
    { typed: 'Mars/Olympus', error: '“Mars/Olympus” is not a time zone Drift knows.' },
    { typed: '', error: 'Choose a time zone: type a place such as Berlin and pick it from the list.' },
  ])('refuses the zone “$typed” next to the field', async ({ typed, error }) => {
    const submit = vi.fn();
    render(<SettingsForm initial={initial} submit={submit} />);
    const zone = screen.getByLabelText('Time zone');
    fireEvent.change(zone, { target: { value: typed } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const shown = await screen.findByText((text) => text.startsWith(error));
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(zone.getAttribute('aria-describedby')).toContain(shown.id);
    expect(document.activeElement).toBe(zone);
    expect(submit).not.toHaveBeenCalled();
  });

  it('moves the focus to “Settings saved.” after a save', async () => {
    render(<SettingsForm initial={initial} submit={vi.fn().mockResolvedValue({})} />);
    fireEvent.change(screen.getByLabelText('Aliases'), { target: { value: 'me@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const saved = await screen.findByText('Settings saved.');
    await waitFor(() => expect(document.activeElement).toBe(saved));
  });
});
