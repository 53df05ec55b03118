import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { placeConnectError } from '../components/MailboxForm.tsx';
import { apiError, deferred, renderWithApi } from '../test-utils.tsx';
import { type Mailbox, MailboxPage } from './Mailbox.tsx';

const AUTH_FAILED =
  'The server refused the user name or password for alex@acme.test. Check them; Gmail, Outlook and Fastmail need an app password, not your usual one (the server said: Authentication failed.).';

function mailbox(sync: Partial<Mailbox['sync']> = {}, fields: Partial<Mailbox> = {}): Mailbox {
  return {
    id: 'mbx_1',
    host: 'imap.acme.test',
    port: 993,
    security: 'tls',
    username: 'alex@acme.test',
    auth_method: 'password',
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
    sync: {
      state: 'idle',
      session_id: null,
      last_error: null,
      last_synced_at: null,
      first_sync: null,
      ...sync,
    },
    ...fields,
  };
}

/** mailbox.get answers what the last connect or disconnect left, as the server does. */
function stored(initial: Mailbox | null, connected: (input: unknown) => Mailbox) {
  let current = initial;
  return {
    'mailbox.get': () => ({ mailbox: current }),
    'mailbox.connect': (input: unknown) => {
      current = connected(input);
      return current;
    },
    'mailbox.disconnect': () => {
      current = null;
      return { disconnected: true };
    },
  };
}

const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string | RegExp, value: string) => fireEvent.change(input(label), { target: { value } });

async function fillForm({ secret = 'app-pass-1234' } = {}) {
  fireEvent.change(await screen.findByLabelText('IMAP server'), { target: { value: ' imap.acme.test ' } });
  type('User name', 'alex@acme.test');
  type('Password', secret);
}

describe('MailboxPage', () => {
  it('says what Drift does with the mailbox, and asks for every field before testing anything', async () => {
    const { calls } = renderWithApi(<MailboxPage />, { 'mailbox.get': () => ({ mailbox: null }) });
    expect(screen.getByTestId('mailbox-promise').textContent).toMatch(
      /only reads .* never moves or deletes .* only mail that arrives during an active session/,
    );
    // Every input has a label; the port starts at TLS's 993.
    expect(((await screen.findByLabelText('Port')) as HTMLInputElement).value).toBe('993');
    expect((screen.getByLabelText('Security') as HTMLSelectElement).value).toBe('tls');
    expect((screen.getByRole('radio', { name: 'App password' }) as HTMLInputElement).checked).toBe(true);
    expect(input('Password').type).toBe('password');

    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Enter the IMAP server, such as imap.gmail.com.')).toBeTruthy();
    expect(screen.getByText('Enter the user name, usually your full email address.')).toBeTruthy();
    expect(screen.getByText('Enter the app password.')).toBeTruthy();
    expect(input('IMAP server').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(input('IMAP server'));

    type('IMAP server', 'imaps://imap.acme.test:993');
    type('Port', '70000');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText(/Enter only the server’s host name/)).toBeTruthy();
    expect(screen.getByText('The port must be a whole number between 1 and 65535.')).toBeTruthy();
    expect(input('Port').getAttribute('aria-describedby')).toContain('port-error');
    expect(calls.filter((c) => c.path === 'mailbox.connect')).toHaveLength(0);
  });

  it('moves the port with the security while it holds the usual one, and says why', async () => {
    renderWithApi(<MailboxPage />, { 'mailbox.get': () => ({ mailbox: null }) });
    const security = (await screen.findByLabelText('Security')) as HTMLSelectElement;
    expect(screen.getByTestId('security-hint').textContent).toContain('993');
    fireEvent.change(security, { target: { value: 'starttls' } });
    expect(input('Port').value).toBe('143');
    expect(screen.getByTestId('security-hint').textContent).toContain('port 143');
    fireEvent.change(security, { target: { value: 'none' } });
    expect(input('Port').value).toBe('143');
    expect(screen.getByTestId('security-hint').textContent).toContain('in clear');
    fireEvent.change(security, { target: { value: 'tls' } });
    expect(input('Port').value).toBe('993');
    // A port typed by hand stays.
    type('Port', '1993');
    fireEvent.change(security, { target: { value: 'starttls' } });
    expect(input('Port').value).toBe('1993');
  });

  it('shows “Testing the connection…”, then the server’s sentence in an alert next to the form', async () => {
    const answer = deferred<unknown>();
    const { calls } = renderWithApi(<MailboxPage />, {
      'mailbox.get': () => ({ mailbox: null }),
      'mailbox.connect': () => answer.promise,
    });
    await fillForm({ secret: 'wrong-password' });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const pending = await screen.findByRole('button', { name: 'Testing the connection…' });
    expect((pending as HTMLButtonElement).disabled).toBe(true);
    expect(calls.find((c) => c.path === 'mailbox.connect')?.input).toEqual({
      host: 'imap.acme.test',
      port: 993,
      security: 'tls',
      username: 'alex@acme.test',
      password: 'wrong-password',
    });

    answer.reject(apiError('VALIDATION_ERROR', AUTH_FAILED));
    const alert = await screen.findByRole('alert');
    // Shown as the server said it, inside the form.
    expect(alert.textContent).toBe(AUTH_FAILED);
    expect(alert.closest('form')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connect' })).toBeTruthy();
    expect(screen.queryByTestId('mailbox')).toBeNull();
  });

  it('places a schema refusal next to its field, and leaves host names in a message as they are', async () => {
    const answers = [
      apiError('VALIDATION_ERROR', 'port must be between 1 and 65535', {
        fields: [{ field: 'port', message: 'port must be between 1 and 65535' }],
      }),
      apiError('VALIDATION_ERROR', 'Could not use the mailbox at mail.163.com:993: BYE too many connections'),
    ];
    renderWithApi(<MailboxPage />, {
      'mailbox.get': () => ({ mailbox: null }),
      'mailbox.connect': () => {
        throw answers.shift();
      },
    });
    await fillForm();
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('The port must be between 1 and 65535.')).toBeTruthy();
    expect(input('Port').getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not use the mailbox at mail.163.com:993: BYE too many connections.',
    );
    expect(
      placeConnectError(
        apiError('VALIDATION_ERROR', 'The request is not valid', {
          fields: [{ field: 'access_token', message: 'access_token must not be empty' }],
        }),
      ),
    ).toEqual({
      secret: 'The access token must not be empty.',
    });
    expect(placeConnectError(apiError('INTERNAL_ERROR', 'boom'))).toEqual({
      form: 'Something went wrong on our side. Try again in a moment.',
    });
  });

  it('connects with an OAuth2 token, keeps no secret in the page, and shows the connection', async () => {
    const { calls } = renderWithApi(
      <MailboxPage />,
      stored(null, () => mailbox({}, { auth_method: 'oauth2', security: 'starttls', port: 143 })),
    );
    fireEvent.change(await screen.findByLabelText('IMAP server'), { target: { value: 'imap.acme.test' } });
    fireEvent.change(screen.getByLabelText('Security'), { target: { value: 'starttls' } });
    type('User name', 'alex@acme.test');
    fireEvent.click(screen.getByRole('radio', { name: 'OAuth2 access token' }));
    type('Access token', 'ya29.secret-token');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    const card = await screen.findByTestId('mailbox');
    expect(calls.find((c) => c.path === 'mailbox.connect')?.input).toEqual({
      host: 'imap.acme.test',
      port: 143,
      security: 'starttls',
      username: 'alex@acme.test',
      access_token: 'ya29.secret-token',
    });
    expect(within(card).getByText('imap.acme.test:143')).toBeTruthy();
    expect(within(card).getByText('STARTTLS')).toBeTruthy();
    expect(within(card).getByText('alex@acme.test')).toBeTruthy();
    expect(within(card).getByText('OAuth2 access token')).toBeTruthy();
    expect(document.body.innerHTML).not.toContain('ya29.secret-token');
    expect(screen.queryByLabelText('Access token')).toBeNull();
    expect((await screen.findByTestId('announcer')).textContent).toContain('Mailbox connected');
  });

  it('shows first-sync progress and asks again every 2 s until it is done', async () => {
    const answers = [
      mailbox({
        state: 'syncing',
        session_id: 'sess_1',
        first_sync: { found: 10, captured: 4, left: 6, done: false },
      }),
      mailbox({
        state: 'watching',
        session_id: 'sess_1',
        last_synced_at: '2026-03-01T10:05:00.000Z',
        first_sync: { found: 10, captured: 10, left: 0, done: true },
      }),
    ];
    const { calls } = renderWithApi(<MailboxPage />, {
      'mailbox.get': () => ({ mailbox: answers.length > 1 ? answers.shift() : answers[0] }),
    });
    const firstSync = await screen.findByTestId('first-sync');
    expect(firstSync.textContent).toContain('10 found · 4 captured · 6 left');
    const progress = within(firstSync).getByRole('progressbar', { name: 'First sync progress' });
    expect(progress.getAttribute('value')).toBe('4');
    expect(progress.getAttribute('max')).toBe('10');
    expect(screen.getByTestId('sync-state').textContent).toBe('Reading new mail…');
    expect(screen.getByTestId('last-synced').textContent).toBe('not yet');
    expect(screen.getByRole('link', { name: /mail captured in this session/ }).getAttribute('href')).toBe(
      '#/mail?session=sess_1',
    );

    // The next answer comes from the poll, with no action from the person.
    await waitFor(() => expect(screen.getByTestId('sync-state').textContent).toBe('Watching for new mail'), {
      timeout: 4_000,
    });
    expect(calls.filter((c) => c.path === 'mailbox.get').length).toBe(2);
    const done = screen.getByTestId('first-sync');
    expect(done.textContent).toContain('First sync of this session: done');
    expect(done.textContent).toContain('10 found · 10 captured · 0 left');
    expect(within(done).queryByRole('progressbar')).toBeNull();
    // In the account's zone (Europe/Berlin), not the machine's.
    expect(screen.getByTestId('last-synced').textContent).toContain('11:05');
  });

  it('says why it is reconnecting', async () => {
    renderWithApi(<MailboxPage />, {
      'mailbox.get': () => ({
        mailbox: mailbox({
          state: 'reconnecting',
          last_error: 'The host imap.acme.test could not be found. Check its spelling.',
        }),
      }),
    });
    expect((await screen.findByTestId('sync-state')).textContent).toBe(
      'Reconnecting: The host imap.acme.test could not be found. Check its spelling.',
    );
    expect(screen.getByTestId('mailbox').dataset.syncState).toBe('reconnecting');
    expect(screen.getByTestId('sync-error').textContent).toContain('keeps retrying');
  });

  it('changes the connection from a prefilled form that holds no secret', async () => {
    const { calls } = renderWithApi(
      <MailboxPage />,
      stored(mailbox({ state: 'watching' }), () =>
        mailbox({ state: 'watching' }, { username: 'alex2@acme.test' }),
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Change connection' }));
    expect(input('IMAP server').value).toBe('imap.acme.test');
    expect(input('Port').value).toBe('993');
    expect(input('User name').value).toBe('alex@acme.test');
    expect(input('Password').value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Enter the app password.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByLabelText('Password')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Change connection' }));
    fireEvent.click(screen.getByRole('button', { name: 'Change connection' }));
    type('User name', 'alex2@acme.test');
    type('Password', 'new-app-pass');
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(screen.queryByLabelText('Password')).toBeNull());
    expect(calls.find((c) => c.path === 'mailbox.connect')?.input).toMatchObject({
      username: 'alex2@acme.test',
      password: 'new-app-pass',
    });
    expect(within(screen.getByTestId('mailbox')).getByText('alex2@acme.test')).toBeTruthy();
    expect((await screen.findByTestId('announcer')).textContent).toContain('Connection saved');
  });

  it('disconnects after confirmation and offers the form again', async () => {
    const { calls } = renderWithApi(
      <MailboxPage />,
      stored(mailbox({ state: 'watching' }), () => mailbox()),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    expect(screen.getByText(/Disconnect this mailbox\?/)).toBeTruthy();
    expect(calls.filter((c) => c.path === 'mailbox.disconnect')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, disconnect' }));
    const heading = await screen.findByRole('heading', { name: 'Connect a mailbox' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.queryByTestId('mailbox')).toBeNull();
    expect((await screen.findByTestId('announcer')).textContent).toContain('Mailbox disconnected');
  });
});
