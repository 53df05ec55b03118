import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EscalationForm, type EscalationValues } from './EscalationForm.tsx';

const NONE: EscalationValues = {
  backup_contact: null,
  escalate_categories: ['urgent'],
  auto_reply_names_contact: false,
};
const SAM: EscalationValues = {
  backup_contact: { name: 'Sam Lee', email: 'sam@partner.example' },
  escalate_categories: ['urgent'],
  auto_reply_names_contact: false,
};
const OWN = ['ana@example.com', 'ana@old.example'];

const renderForm = (initial = NONE, submit = vi.fn()) => {
  render(<EscalationForm initial={initial} ownAddresses={OWN} submit={submit} />);
  return submit;
};
const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save backup contact' }));

describe('EscalationForm', () => {
  it('labels every control and shows what is chosen', () => {
    renderForm(SAM);
    expect((screen.getByLabelText('Contact’s name') as HTMLInputElement).value).toBe('Sam Lee');
    expect((screen.getByLabelText('Contact’s email address') as HTMLInputElement).value).toBe(
      'sam@partner.example',
    );
    expect(screen.getByRole('group', { name: 'Pass on mail in these categories' })).toBeTruthy();
    const checked = (name: string) => (screen.getByRole('checkbox', { name }) as HTMLInputElement).checked;
    expect(
      ['Urgent', 'Action required', 'FYI', 'Newsletter', 'Promotional', 'Resolved'].map((name) =>
        checked(name),
      ),
    ).toEqual([true, false, false, false, false, false]);
    expect(checked('Name the contact in my auto-reply')).toBe(false);
  });

  it('shows the exact sentence the auto-reply will end with, as the contact is typed', () => {
    renderForm();
    const optIn = screen.getByRole('checkbox', { name: 'Name the contact in my auto-reply' });
    const hint = () => document.getElementById(optIn.getAttribute('aria-describedby') ?? '')?.textContent;
    expect(hint()).toContain('For urgent matters, please write to …');
    type('Contact’s name', 'Sam Lee');
    type('Contact’s email address', 'sam@partner.example');
    expect(hint()).toBe(
      'Every auto-reply then ends with: “For urgent matters, please write to Sam Lee <sam@partner.example>.”',
    );
  });

  it('sets a contact, categories and the opt-in, sending the address lower-cased; focus on “saved”', async () => {
    const submit = renderForm(NONE, vi.fn().mockResolvedValue({ ...SAM }));
    type('Contact’s name', '  Sam Lee ');
    type('Contact’s email address', 'Sam@Partner.example');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Action required' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Name the contact in my auto-reply' }));
    save();
    await waitFor(() =>
      expect(submit).toHaveBeenCalledWith({
        backup_contact: { name: 'Sam Lee', email: 'sam@partner.example' },
        escalate_categories: ['urgent', 'action_required'],
        auto_reply_names_contact: true,
      }),
    );
    const saved = await screen.findByText('Backup contact saved.');
    await waitFor(() => expect(document.activeElement).toBe(saved));
  });

  it('sends only what changed', async () => {
    const submit = renderForm(SAM, vi.fn().mockResolvedValue({}));
    fireEvent.click(screen.getByRole('checkbox', { name: 'FYI' }));
    save();
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ escalate_categories: ['urgent', 'fyi'] }));
  });

  it('removes the contact when both fields are emptied', async () => {
    const submit = renderForm(SAM, vi.fn().mockResolvedValue({}));
    type('Contact’s name', '');
    type('Contact’s email address', ' ');
    save();
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ backup_contact: null }));
  });

  it('says so when nothing changed', async () => {
    const submit = renderForm(SAM);
    save();
    expect(await screen.findByText('Nothing to save: nothing was changed.')).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
  });

  it.each([
    {
      what: 'an address that is not one',
      name: 'Sam',
      email: 'sam@',
      field: 'Contact’s email address',
      error: '“sam@” is not an email address.',
    },
    {
      what: "the owner's own address",
      name: 'Me',
      email: 'Ana@Example.com',
      field: 'Contact’s email address',
      error: 'That is one of your own addresses: choose someone who is not away, such as a colleague.',
    },
    {
      what: "one of the owner's aliases",
      name: 'Me',
      email: 'ana@old.example',
      field: 'Contact’s email address',
      error: 'That is one of your own addresses: choose someone who is not away, such as a colleague.',
    },
    {
      what: 'a name without an address',
      name: 'Sam',
      email: '',
      field: 'Contact’s email address',
      error: 'Give the contact’s email address too, or empty both fields to have no backup contact.',
    },
    {
      what: 'an address without a name',
      name: '',
      email: 'sam@partner.example',
      field: 'Contact’s name',
      error: 'Give the contact’s name too, or empty both fields to have no backup contact.',
    },
  ])('refuses $what next to the field, with the focus there', async ({ name, email, field, error }) => {
    const submit = renderForm();
    type('Contact’s name', name);
    type('Contact’s email address', email);
    save();
    const shown = await screen.findByText(error);
    const control = screen.getByLabelText(field);
    expect(control.getAttribute('aria-invalid')).toBe('true');
    expect(control.getAttribute('aria-describedby')).toContain(shown.id);
    expect(document.activeElement).toBe(control);
    expect(submit).not.toHaveBeenCalled();
  });

  it('needs a category while a contact is set', async () => {
    const submit = renderForm(SAM);
    const urgent = screen.getByRole('checkbox', { name: 'Urgent' });
    fireEvent.click(urgent);
    save();
    const shown = await screen.findByText(
      'Choose at least one category to pass on while a backup contact is set.',
    );
    const group = screen.getByRole('group', { name: 'Pass on mail in these categories' });
    expect(group.getAttribute('aria-describedby')).toContain(shown.id);
    expect(document.activeElement).toBe(urgent);
    expect(submit).not.toHaveBeenCalled();
  });

  it("places the server's refusal next to its field", async () => {
    const submit = vi.fn().mockRejectedValue({
      message: 'backup_contact.email is one of your own addresses',
      data: {
        driftCode: 'VALIDATION_ERROR',
        details: {
          fields: [
            {
              field: 'backup_contact.email',
              message: 'backup_contact.email is one of your own addresses: choose someone who is not away',
            },
          ],
        },
      },
    });
    renderForm(NONE, submit);
    type('Contact’s name', 'Sam');
    type('Contact’s email address', 'sam@new-alias.example');
    save();
    expect(
      await screen.findByText(
        'That is one of your own addresses: choose someone who is not away, such as a colleague.',
      ),
    ).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Contact’s email address'));
  });

  it('says a plan refusal for the whole form', async () => {
    const submit = vi.fn().mockRejectedValue({
      message: 'Escalation to a backup contact requires the Team Growth plan',
      data: { driftCode: 'FEATURE_NOT_AVAILABLE', details: null },
    });
    renderForm(NONE, submit);
    type('Contact’s name', 'Sam');
    type('Contact’s email address', 'sam@partner.example');
    save();
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Escalation to a backup contact requires the Team Growth plan.',
    );
  });
});
