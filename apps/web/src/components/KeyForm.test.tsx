import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { KeyForm } from './KeyForm.tsx';

describe('KeyForm', () => {
  it('refuses a key without scopes, saying why next to the scopes', async () => {
    const submit = vi.fn();
    render(<KeyForm submit={submit} />);
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: 'HR system' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    const message = await screen.findByText(/Choose at least one scope/);
    const group = screen.getByRole('group', { name: 'Scopes' });
    expect(group.getAttribute('aria-describedby')).toBe(message.id);
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: /read:ooo/ }));
    expect(submit).not.toHaveBeenCalled();
  });

  it('sends the chosen scopes and the trimmed name', async () => {
    const submit = vi.fn().mockResolvedValue({ id: 'key_1', key: 'drift_x' });
    const onCreated = vi.fn();
    render(<KeyForm submit={submit} onCreated={onCreated} />);
    fireEvent.change(screen.getByLabelText(/Name/), { target: { value: '  HR system ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /read:emails/ }));
    fireEvent.click(screen.getByRole('checkbox', { name: /read:ooo/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith({ id: 'key_1', key: 'drift_x' }));
    expect(submit).toHaveBeenCalledWith({ name: 'HR system', scopes: ['read:ooo', 'read:emails'] });
  });

  it('leaves the name out when it is empty', async () => {
    const submit = vi.fn().mockResolvedValue({});
    render(<KeyForm submit={submit} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /write:ooo/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ scopes: ['write:ooo'] }));
  });

  it('shows the plan gate of the server as an alert', async () => {
    const submit = vi.fn().mockRejectedValue({
      message: 'API access requires Team Growth plan',
      data: { driftCode: 'FEATURE_NOT_AVAILABLE' },
    });
    render(<KeyForm submit={submit} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /read:ooo/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect((await screen.findByRole('alert')).textContent).toBe('API access requires Team Growth plan.');
  });
});
