import { backupContactSentence } from '@drift/contract';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { type EditedSession, SessionForm, type SessionPayload } from './SessionForm.tsx';

/** Tuesday 10 March 2026, 13:00 in Berlin. */
const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const ZONE = 'Europe/Berlin';
const OWNER = 'Ana Co';

function setup(
  submit = vi.fn<(p: SessionPayload) => Promise<unknown>>().mockResolvedValue({ id: 'sess_new' }),
  now = NOW,
) {
  const onSaved = vi.fn();
  render(<SessionForm timeZone={ZONE} ownerName={OWNER} submit={submit} onSaved={onSaved} now={() => now} />);
  const start = screen.getByLabelText('Start') as HTMLInputElement;
  const end = screen.getByLabelText('End') as HTMLInputElement;
  const message = screen.getByLabelText(/Auto-reply message/) as HTMLTextAreaElement;
  const returnDate = screen.getByLabelText(/Back at work/) as HTMLInputElement;
  const controls = { start, end, returnDate, message };
  const fill = (values: Partial<Record<keyof typeof controls, string>>) => {
    for (const [name, value] of Object.entries(values)) {
      fireEvent.change(controls[name as keyof typeof controls], { target: { value } });
    }
  };
  const send = () => fireEvent.click(screen.getByRole('button', { name: 'Schedule session' }));
  return { submit, onSaved, start, end, message, fill, send };
}

const SCHEDULED: EditedSession = {
  id: 'sess_2',
  status: 'scheduled',
  start_date: '2026-04-10T07:00:00.000Z',
  end_date: '2026-04-12T16:00:00.000Z',
  return_date: '2026-04-13T16:00:00.000Z',
  auto_reply_message: 'Away',
};

/** Renders the form to change `session`; returns its submit. */
function editing(session: EditedSession) {
  const submit = vi.fn().mockResolvedValue({});
  render(<SessionForm timeZone={ZONE} now={() => NOW} submit={submit} session={session} />);
  return submit;
}

/** The error text that a field points at with aria-describedby. */
function describedErrors(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids
    .map((id) => document.getElementById(id))
    .filter((el): el is HTMLElement => Boolean(el?.classList.contains('field-error')))
    .map((el) => el.textContent ?? '')
    .join(' | ');
}

describe('SessionForm', () => {
  it('asks for both dates when they are missing, next to each field', async () => {
    const { submit, start, end, send, fill } = setup();
    fill({ start: '', end: '' });
    send();
    expect(await screen.findByText('Enter the start date and time.')).toBeTruthy();
    expect(screen.getByText('Enter the end date and time.')).toBeTruthy();
    expect(start.getAttribute('aria-invalid')).toBe('true');
    expect(describedErrors(start)).toBe('Enter the start date and time.');
    expect(describedErrors(end)).toBe('Enter the end date and time.');
    expect(document.activeElement).toBe(start);
    expect(submit).not.toHaveBeenCalled();
  });

  it.each([
    {
      refuses: 'an end before the start',
      values: { start: '2026-04-10T09:00', end: '2026-04-09T09:00' },
      field: 'End',
      error: 'The end must be after the start.',
    },
    {
      refuses: 'an end in the past',
      values: { start: '2026-03-01T09:00', end: '2026-03-09T18:00' },
      field: 'End',
      error: 'The end must be in the future.',
    },
    {
      // By the contract schema: the same limit as the server's.
      refuses: 'a message longer than the server takes',
      values: { start: '2026-04-02T09:00', end: '2026-04-04T18:00', message: 'x'.repeat(5001) },
      field: /Auto-reply message/,
      error: 'The auto-reply message must be at most 5000 characters.',
    },
    {
      refuses: 'a return date before the end',
      values: { start: '2026-04-02T09:00', end: '2026-04-04T18:00', returnDate: '2026-04-03T09:00' },
      field: /Back at work/,
      error: 'The return date must not be before the end.',
    },
  ])('refuses $refuses before sending, next to the field', async ({ values, field, error }) => {
    const { submit, fill, send } = setup();
    fill(values);
    send();
    expect(await screen.findByText(error)).toBeTruthy();
    expect(describedErrors(screen.getByLabelText(field))).toBe(error);
    expect(submit).not.toHaveBeenCalled();
  });

  it('sends the times converted from the account zone to UTC, across the DST change', async () => {
    const { submit, onSaved, fill, send } = setup();
    // Berlin is UTC+1 until 29 March 2026 and UTC+2 after it.
    fill({ start: '2026-03-27T09:00', end: '2026-04-03T18:00', message: '  Back on Monday.  ' });
    send();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith({ id: 'sess_new' }));
    expect(submit).toHaveBeenCalledWith({
      start_date: '2026-03-27T08:00:00.000Z',
      end_date: '2026-04-03T16:00:00.000Z',
      auto_reply_message: 'Back on Monday.',
    });
  });

  it('shows an overlap from the server next to the dates, naming the other session', async () => {
    // The wording is free to change: the other session comes from the details.
    const overlap = Object.assign(new Error('These dates overlap another session'), {
      data: {
        driftCode: 'CONFLICT',
        httpStatus: 409,
        requestId: 'req_1',
        details: {
          conflicting_session: {
            id: 'sess_other',
            start_date: '2026-04-01T07:00:00.000Z',
            end_date: '2026-04-05T07:00:00.000Z',
          },
        },
      },
    });
    const { start, end, fill, send, onSaved } = setup(vi.fn().mockRejectedValue(overlap));
    fill({ start: '2026-04-02T09:00', end: '2026-04-04T18:00' });
    send();
    const error = await screen.findByTestId('dates-error');
    expect(error.textContent).toContain('These dates overlap another session');
    // Named by its dates, not its id.
    expect(error.textContent).not.toContain('sess_other');
    // Shown in the account zone: 07:00Z is 09:00 in Berlin (summer time).
    expect(error.textContent).toContain('09:00');
    const link = screen.getByRole('link', { name: '1 Apr – 5 Apr 2026' });
    expect(link.getAttribute('href')).toBe('#/sessions/sess_other');
    expect(describedErrors(start)).toContain('1 Apr – 5 Apr 2026');
    expect(describedErrors(end)).toContain('1 Apr – 5 Apr 2026');
    expect(start.getAttribute('aria-invalid')).toBe('true');
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('puts a server validation message next to the field it names', async () => {
    const invalid = {
      message: 'The request is not valid',
      data: {
        driftCode: 'VALIDATION_ERROR',
        details: {
          fields: [
            { field: 'auto_reply_message', message: 'auto_reply_message must be at most 5000 characters' },
          ],
        },
      },
    };
    const { message, fill, send } = setup(vi.fn().mockRejectedValue(invalid));
    fill({ start: '2026-04-02T09:00', end: '2026-04-04T18:00', message: 'Hi' });
    send();
    await waitFor(() =>
      expect(describedErrors(message)).toBe('Auto-reply message must be at most 5000 characters.'),
    );
  });

  it('shows any other server error for the whole form, as an alert', async () => {
    const { fill, send } = setup(
      vi.fn().mockRejectedValue({
        message: 'Your session has ended; sign in again',
        data: { driftCode: 'UNAUTHORIZED' },
      }),
    );
    fill({ start: '2026-04-02T09:00', end: '2026-04-04T18:00' });
    send();
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Your session has ended; sign in again.',
    );
  });

  it('sends only what changed when editing, and keeps the start of an active session', async () => {
    const submit = editing({
      ...SCHEDULED,
      status: 'active',
      start_date: '2026-03-09T08:00:07.123Z',
      end_date: '2026-03-12T17:00:00.000Z',
      return_date: '2026-03-13T17:00:00.000Z',
    });
    const start = screen.getByLabelText('Start') as HTMLInputElement;
    expect(start.disabled).toBe(true);
    expect(start.value).toBe('2026-03-09T09:00');
    fireEvent.change(screen.getByLabelText('End'), { target: { value: '2026-03-13T18:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    // The untouched return date follows the end (a day later), as the server's default would.
    await waitFor(() =>
      expect(submit).toHaveBeenCalledWith({
        end_date: '2026-03-13T17:00:00.000Z',
        return_date: '2026-03-14T17:00:00.000Z',
      }),
    );
  });

  it('moves an untouched return date with the end when editing', async () => {
    const submit = editing(SCHEDULED);
    fireEvent.change(screen.getByLabelText('End'), { target: { value: '2026-04-15T18:00' } });
    expect((screen.getByLabelText(/Back at work/) as HTMLInputElement).value).toBe('2026-04-16T18:00');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(submit).toHaveBeenCalledWith({
        end_date: '2026-04-15T16:00:00.000Z',
        return_date: '2026-04-16T16:00:00.000Z',
      }),
    );
  });

  it('starts now and ends at 18:00 on the next working day, in the account zone', () => {
    const { start, end } = setup();
    expect(start.value).toBe('2026-03-10T13:00');
    expect(end.value).toBe('2026-03-11T18:00');
  });

  it.each([
    { on: 'a Friday', now: '2026-03-13T10:00:30.000Z', start: '2026-03-13T11:00', end: '2026-03-16T18:00' },
    { on: 'a Saturday', now: '2026-03-14T10:00:00.000Z', start: '2026-03-14T11:00', end: '2026-03-16T18:00' },
    // 23:30 UTC on Tuesday is already Wednesday in Berlin.
    {
      on: 'a late evening in UTC',
      now: '2026-03-10T23:30:00.000Z',
      start: '2026-03-11T00:30',
      end: '2026-03-12T18:00',
    },
  ])('skips the weekend for the default end on $on', ({ now, start, end }) => {
    const form = setup(undefined, Date.parse(now));
    expect(form.start.value).toBe(start);
    expect(form.end.value).toBe(end);
  });

  it('offers quick ends that fill the End field, which stays editable', () => {
    const { end } = setup();
    const quick = screen.getByRole('group', { name: 'Set the end to' });
    const names = within(quick)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(['Today 18:00', 'Tomorrow 18:00', 'Friday 18:00', 'In a week']);
    fireEvent.click(within(quick).getByRole('button', { name: 'Friday 18:00' }));
    expect(end.value).toBe('2026-03-13T18:00');
    expect(within(quick).getByRole('button', { name: 'Friday 18:00' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    fireEvent.click(within(quick).getByRole('button', { name: 'In a week' }));
    expect(end.value).toBe('2026-03-17T18:00');
    fireEvent.change(end, { target: { value: '2026-03-20T12:00' } });
    expect(end.value).toBe('2026-03-20T12:00');
  });

  it('previews the exact standard reply, following the dates', () => {
    setup();
    expect((screen.getByLabelText('Send the standard reply') as HTMLInputElement).checked).toBe(true);
    const preview = screen.getByTestId('standard-reply-preview');
    // The end is Wed 11 March 18:00 in Berlin; back a day later, as the server's default.
    expect(preview.textContent).toBe(
      'Hello,\n\nI am out of office and will be back on Thursday, 12 March 2026. I will read your message when I return.\n\nAna Co',
    );
    fireEvent.change(screen.getByLabelText('End'), { target: { value: '2026-03-20T18:00' } });
    expect(screen.getByTestId('standard-reply-preview').textContent).toContain('Saturday, 21 March 2026');
    fireEvent.change(screen.getByLabelText(/Back at work/), { target: { value: '2026-03-23T09:00' } });
    expect(screen.getByTestId('standard-reply-preview').textContent).toContain('Monday, 23 March 2026');
  });

  it('ends the previewed reply with the backup contact sentence the server adds, when there is one', () => {
    const sentence = backupContactSentence({ name: 'Bo Li', email: 'bo@example.com' });
    render(
      <SessionForm
        timeZone={ZONE}
        ownerName={OWNER}
        replySuffix={sentence}
        submit={vi.fn()}
        onSaved={vi.fn()}
        now={() => NOW}
      />,
    );
    expect(screen.getByTestId('standard-reply-preview').textContent).toBe(
      `Hello,\n\nI am out of office and will be back on Thursday, 12 March 2026. I will read your message when I return.\n\nAna Co\n\n${sentence}`,
    );
    fireEvent.click(screen.getByLabelText('Send my own message'));
    expect(screen.getByText(new RegExp(`ending with “${sentence.replace(/[.()]/g, '\\$&')}”`))).toBeTruthy();
  });

  it.each([
    { choice: 'Send the standard reply', sends: undefined },
    { choice: 'Send no auto-reply', sends: '' },
  ])('sends auto_reply_message $sends for “$choice”', async ({ choice, sends }) => {
    const { submit, send } = setup();
    fireEvent.click(screen.getByLabelText(choice));
    send();
    await waitFor(() => expect(submit).toHaveBeenCalled());
    const payload = submit.mock.calls[0]?.[0] as SessionPayload;
    expect(payload.auto_reply_message).toBe(sends);
    expect('auto_reply_message' in payload).toBe(sends !== undefined);
  });

  it('chooses “my own message” by typing it, and asks for the text when it is empty', async () => {
    const { submit, send, message } = setup();
    fireEvent.click(screen.getByLabelText('Send my own message'));
    send();
    expect(
      await screen.findByText('Write your message, or choose the standard reply or no auto-reply.'),
    ).toBeTruthy();
    expect(document.activeElement).toBe(message);
    expect(submit).not.toHaveBeenCalled();
    fireEvent.click(screen.getByLabelText('Send no auto-reply'));
    fireEvent.change(message, { target: { value: 'Back Monday.' } });
    expect((screen.getByLabelText('Send my own message') as HTMLInputElement).checked).toBe(true);
    send();
    await waitFor(() =>
      expect(submit).toHaveBeenCalledWith(expect.objectContaining({ auto_reply_message: 'Back Monday.' })),
    );
  });

  it.each([
    { stored: null, shown: 'Send the standard reply', pick: 'Send no auto-reply', sends: '' },
    { stored: '', shown: 'Send no auto-reply', pick: 'Send the standard reply', sends: null },
    { stored: 'Away', shown: 'Send my own message', pick: 'Send the standard reply', sends: null },
    { stored: 'Away', shown: 'Send my own message', pick: 'Send no auto-reply', sends: '' },
  ])(
    'editing a session with $stored shows “$shown”; “$pick” sends $sends',
    async ({ stored, shown, pick, sends }) => {
      const submit = editing({ ...SCHEDULED, auto_reply_message: stored });
      expect((screen.getByLabelText(shown) as HTMLInputElement).checked).toBe(true);
      fireEvent.click(screen.getByLabelText(pick));
      fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(submit).toHaveBeenCalledWith({ auto_reply_message: sends }));
    },
  );

  it('keeps an unchanged reply out of the payload when editing', async () => {
    editing({ ...SCHEDULED, auto_reply_message: null });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Nothing to save: nothing was changed.')).toBeTruthy();
  });
});
