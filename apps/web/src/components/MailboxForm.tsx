import {
  type ImapSecurity,
  MAILBOX_ACCESS_TOKEN_MAX_LENGTH,
  MAILBOX_PASSWORD_MAX_LENGTH,
  MAILBOX_USERNAME_MAX_LENGTH,
  type MailboxChangeRequest,
  mailboxChangeInput,
  zodFieldErrors,
} from '@drift/contract';
import {
  detailsOf,
  driftCodeOf,
  errorMessage,
  fieldMessages,
  placeFieldErrors,
  sentence,
} from '../lib/errors.ts';
import { type FormErrors, useForm } from '../lib/use-form.ts';
import { Field, FormActions, FormStatus, type TextControlAttributes, TextField } from './Field.tsx';

export type MailboxSecurity = ImapSecurity;
export type MailboxAuthMethod = 'password' | 'oauth2';

/** What `mailbox.connect` takes: exactly one of `password` and `access_token`. */
export type MailboxConnectInput = MailboxChangeRequest;

/** The connection as known before the form opens (never with its secret). */
export interface MailboxFormInitial {
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  auth_method: MailboxAuthMethod;
}

export const SECURITY_OPTIONS: { value: MailboxSecurity; label: string; port: number; hint: string }[] = [
  {
    value: 'tls',
    label: 'TLS',
    port: 993,
    hint: 'Encrypted from the first byte; usually port 993. Most providers use this.',
  },
  {
    value: 'starttls',
    label: 'STARTTLS',
    port: 143,
    hint: 'Starts plain and switches to encryption before signing in; usually port 143.',
  },
  {
    value: 'none',
    label: 'None (unencrypted)',
    port: 143,
    hint: 'No encryption, usually port 143: the password crosses the network in clear. Only for a server on a network you trust.',
  },
];

export const SECURITY_LABEL: Record<MailboxSecurity, string> = {
  tls: 'TLS',
  starttls: 'STARTTLS',
  none: 'None (unencrypted)',
};

export const AUTH_LABEL: Record<MailboxAuthMethod, string> = {
  password: 'App password',
  oauth2: 'OAuth2 access token',
};

/** Host names, user names and secrets are typed exactly: no autofill, capitals or spelling fixes. */
const TYPED_AS_IS: TextControlAttributes = { autoComplete: 'off', autoCapitalize: 'none', spellCheck: false };

const defaultPort = (security: MailboxSecurity) =>
  SECURITY_OPTIONS.find((option) => option.value === security)?.port ?? 993;

export interface MailboxTexts {
  host: string;
  port: string;
  security: MailboxSecurity;
  username: string;
  auth_method: MailboxAuthMethod;
  secret: string;
}

type MailboxField = 'host' | 'security' | 'port' | 'username' | 'secret';

export type MailboxFormErrors = FormErrors<MailboxField>;

const FIELD_OF_PAYLOAD: Record<string, MailboxField> = {
  host: 'host',
  port: 'port',
  security: 'security',
  username: 'username',
  password: 'secret',
  access_token: 'secret',
};

/** What the form says when the schema refuses a field: the rule is the schema's, the words are ours. */
function refusal(field: string, texts: MailboxTexts): string {
  const empty = (value: string) => value.trim() === '';
  switch (field) {
    case 'host':
      return empty(texts.host)
        ? 'Enter the IMAP server, such as imap.gmail.com.'
        : 'Enter only the server’s host name, such as imap.gmail.com (no imap://, port or spaces).';
    case 'port':
      return empty(texts.port)
        ? 'Enter the port: usually 993 for TLS, 143 for STARTTLS.'
        : 'The port must be a whole number between 1 and 65535.';
    case 'username':
      return empty(texts.username)
        ? 'Enter the user name, usually your full email address.'
        : `The user name must be at most ${MAILBOX_USERNAME_MAX_LENGTH} characters.`;
    case 'password':
      return texts.secret === ''
        ? 'Enter the app password.'
        : `The password must be at most ${MAILBOX_PASSWORD_MAX_LENGTH} characters.`;
    case 'access_token':
      return empty(texts.secret)
        ? 'Enter the OAuth2 access token.'
        : `The access token must be at most ${MAILBOX_ACCESS_TOKEN_MAX_LENGTH} characters.`;
    default:
      return 'Check this field.';
  }
}

/** Checks the form with the server's schema; the input is what `mailbox.connect` gets when there is no error. */
export function validateMailboxForm(texts: MailboxTexts): {
  errors: MailboxFormErrors;
  input: MailboxConnectInput | null;
} {
  const portText = texts.port.trim();
  // Only decimal digits are a port; anything else goes to the schema as typed, to be refused.
  const port = /^\d+$/.test(portText) ? Number(portText) : portText;
  const secret =
    texts.auth_method === 'password' ? { password: texts.secret } : { access_token: texts.secret.trim() };
  const input = {
    host: texts.host.trim(),
    port,
    security: texts.security,
    username: texts.username.trim(),
    ...secret,
  } as MailboxConnectInput;
  const parsed = mailboxChangeInput.safeParse(input);
  if (parsed.success) return { errors: {}, input };
  const { placed } = fieldMessages(zodFieldErrors(parsed.error), FIELD_OF_PAYLOAD, (_message, field) =>
    refusal(field, texts),
  );
  return {
    errors: Object.keys(placed).length > 0 ? placed : { form: 'Check the connection details.' },
    input: null,
  };
}

const FIELD_WORDS: Record<string, string> = {
  host: 'The server',
  port: 'The port',
  security: 'Security',
  username: 'The user name',
  password: 'The password',
  access_token: 'The access token',
};

/**
 * Where a refusal of `mailbox.connect` belongs: a field's, named by `details.fields`, beside it; a
 * failed connection test is already a sentence for the owner, shown as it is (host names such as
 * mail.163.com must not be rewritten).
 */
export function placeConnectError(error: unknown): MailboxFormErrors {
  const hasFields = (detailsOf(error)?.fields?.length ?? 0) > 0;
  if (hasFields) {
    return placeFieldErrors(error, FIELD_OF_PAYLOAD, (message, field) =>
      sentence(message.trim().replace(new RegExp(`^${field}\\b`), FIELD_WORDS[field] ?? field)),
    );
  }
  const message = (error as { message?: string })?.message ?? '';
  if (driftCodeOf(error) === 'VALIDATION_ERROR' && message.trim()) return { form: sentence(message) };
  return { form: errorMessage(error) };
}

export function MailboxForm({
  initial,
  submit,
  onConnected,
  onCancel,
}: {
  /** The current connection when changing it; its secret is never known here. */
  initial?: MailboxFormInitial;
  /** Tests and saves the connection; rejects with the API's error. */
  submit: (input: MailboxConnectInput) => Promise<unknown>;
  onConnected?: (result: unknown) => void;
  onCancel?: () => void;
}) {
  const form = useForm<MailboxTexts, MailboxField, MailboxConnectInput>({
    initial: () => ({
      host: initial?.host ?? '',
      port: String(initial?.port ?? 993),
      security: initial?.security ?? 'tls',
      username: initial?.username ?? '',
      auth_method: initial?.auth_method ?? 'password',
      secret: '',
    }),
    order: ['host', 'security', 'port', 'username', 'secret'],
    check: (texts) => {
      const { errors, input } = validateMailboxForm(texts);
      return { errors, payload: input };
    },
    submit,
    placeServerError: placeConnectError,
    onSaved: (result) => {
      // The secret leaves the page as soon as the server has it.
      form.setValues((texts) => ({ ...texts, secret: '' }));
      onConnected?.(result);
    },
  });
  const { id, values: texts, errors } = form;
  const security = SECURITY_OPTIONS.find((option) => option.value === texts.security) ?? SECURITY_OPTIONS[0];

  const onSecurity = (value: MailboxSecurity) =>
    form.setValues((t) => {
      // The port follows the security while it still holds the usual port of the previous choice.
      const followsDefault = t.port.trim() === '' || t.port.trim() === String(defaultPort(t.security));
      return { ...t, security: value, port: followsDefault ? String(defaultPort(value)) : t.port };
    });
  const isPassword = texts.auth_method === 'password';

  return (
    <form
      className="form mailbox-form"
      noValidate
      onSubmit={form.onSubmit}
      aria-busy={form.pending || undefined}
    >
      <FormStatus error={errors.form} errorTestId="connect-error" />
      <TextField
        {...form.field('host')}
        label="IMAP server"
        hint="Your provider’s IMAP host name, such as imap.gmail.com or outlook.office365.com."
        control={{ ...TYPED_AS_IS, placeholder: 'imap.example.com' }}
      />
      <div className="field-row">
        <Field
          id={`${id}-security`}
          label="Security"
          hint={security?.hint}
          hintTestId="security-hint"
          error={errors.security}
        >
          {(control) => (
            <select
              {...control}
              {...form.bind('security')}
              onChange={(event) => onSecurity(event.currentTarget.value as MailboxSecurity)}
            >
              {SECURITY_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          {...form.field('port')}
          label="Port"
          control={{ inputMode: 'numeric', autoComplete: 'off' }}
        />
      </div>
      <TextField
        {...form.field('username')}
        label="User name"
        hint="Usually your full email address."
        control={TYPED_AS_IS}
      />
      <fieldset>
        <legend>Sign in with</legend>
        {(['password', 'oauth2'] as const).map((method) => (
          <div className="checkbox" key={method}>
            <input
              type="radio"
              id={`${id}-auth-${method}`}
              name={`${id}-auth_method`}
              value={method}
              checked={texts.auth_method === method}
              onChange={() => form.setValues((t) => ({ ...t, auth_method: method, secret: '' }))}
            />
            <label htmlFor={`${id}-auth-${method}`}>{AUTH_LABEL[method]}</label>
          </div>
        ))}
        <TextField
          {...form.field('secret')}
          label={isPassword ? 'Password' : 'Access token'}
          hint={
            <>
              {isPassword
                ? 'Gmail, Outlook, iCloud and Fastmail need an app password made in their security settings, not your usual password.'
                : 'An OAuth2 access token with IMAP access for this user (sent with XOAUTH2).'}{' '}
              {initial ? 'Enter it again: Drift never shows a saved secret. ' : ''}
              It is stored encrypted and never shown again.
            </>
          }
          control={{ ...TYPED_AS_IS, type: 'password', autoComplete: 'new-password' }}
        />
      </fieldset>
      <FormActions pending={form.pending} pendingLabel="Testing the connection…" label="Connect">
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={form.pending}>
            Cancel
          </button>
        )}
      </FormActions>
    </form>
  );
}
