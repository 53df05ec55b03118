import { type FormEvent, useId, useRef, useState } from 'react';
import { driftCodeOf, errorMessage, fieldOfMessage } from '../lib/errors.ts';

export type MailboxSecurity = 'tls' | 'starttls' | 'none';
export type MailboxAuthMethod = 'password' | 'oauth2';

/** What `mailbox.connect` takes: exactly one of `password` and `access_token`. */
export interface MailboxConnectInput {
  host: string;
  port: number;
  security: MailboxSecurity;
  username: string;
  password?: string;
  access_token?: string;
}

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

const defaultPort = (security: MailboxSecurity) =>
  SECURITY_OPTIONS.find((option) => option.value === security)?.port ?? 993;

/** The server's rule: a host name (labels of letters, digits and hyphens) or an IP address. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9a-fA-F:]+$/;

export interface MailboxTexts {
  host: string;
  port: string;
  security: MailboxSecurity;
  username: string;
  auth_method: MailboxAuthMethod;
  secret: string;
}

type Field = 'host' | 'port' | 'username' | 'secret';

export type MailboxFormErrors = Partial<Record<Field | 'security' | 'form', string>>;

/** Checks the form as typed; the input is what `mailbox.connect` gets when there is no error. */
export function validateMailboxForm(texts: MailboxTexts): {
  errors: MailboxFormErrors;
  input: MailboxConnectInput | null;
} {
  const errors: MailboxFormErrors = {};
  const host = texts.host.trim();
  if (!host) errors.host = 'Enter the IMAP server, such as imap.gmail.com.';
  else if (host.length > 253 || !HOST.test(host)) {
    errors.host = 'Enter only the server’s host name, such as imap.gmail.com (no imap://, port or spaces).';
  }
  const portText = texts.port.trim();
  const port = Number(portText);
  if (!portText) errors.port = 'Enter the port: usually 993 for TLS, 143 for STARTTLS.';
  else if (!/^\d+$/.test(portText) || !Number.isInteger(port) || port < 1 || port > 65535) {
    errors.port = 'The port must be a whole number between 1 and 65535.';
  }
  const username = texts.username.trim();
  if (!username) errors.username = 'Enter the user name, usually your full email address.';
  else if (username.length > 320) errors.username = 'The user name must be at most 320 characters.';
  const secret = texts.auth_method === 'password' ? texts.secret : texts.secret.trim();
  if (!secret) {
    errors.secret =
      texts.auth_method === 'password' ? 'Enter the app password.' : 'Enter the OAuth2 access token.';
  } else if (texts.auth_method === 'password' && secret.length > 1_000) {
    errors.secret = 'The password must be at most 1000 characters.';
  } else if (texts.auth_method === 'oauth2' && secret.length > 10_000) {
    errors.secret = 'The access token must be at most 10000 characters.';
  }
  if (Object.keys(errors).length > 0) return { errors, input: null };
  const base = { host, port, security: texts.security, username };
  return {
    errors,
    input:
      texts.auth_method === 'password' ? { ...base, password: secret } : { ...base, access_token: secret },
  };
}

const SERVER_FIELDS = ['host', 'port', 'security', 'username', 'password', 'access_token'] as const;
const FIELD_WORDS: Record<(typeof SERVER_FIELDS)[number], string> = {
  host: 'The server',
  port: 'The port',
  security: 'Security',
  username: 'The user name',
  password: 'The password',
  access_token: 'The access token',
};

/** A sentence as it should end: a capital first, a full stop last. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * Where a refusal of `mailbox.connect` belongs. A schema message names its field first ("port must
 * be between 1 and 65535"); a failed connection test is already a sentence for the owner, shown as
 * it is (host names such as mail.163.com must not be rewritten).
 */
export function placeConnectError(error: unknown): MailboxFormErrors {
  const message = (error as { message?: string })?.message ?? '';
  if (driftCodeOf(error) !== 'VALIDATION_ERROR' || !message.trim()) return { form: errorMessage(error) };
  const field = fieldOfMessage(message, SERVER_FIELDS);
  if (!field) return { form: sentence(message) };
  const text = sentence(message.trim().replace(new RegExp(`^${field}\\b`), FIELD_WORDS[field]));
  if (field === 'password' || field === 'access_token') return { secret: text };
  return { [field]: text };
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
  const id = useId();
  const [texts, setTexts] = useState<MailboxTexts>(() => ({
    host: initial?.host ?? '',
    port: String(initial?.port ?? 993),
    security: initial?.security ?? 'tls',
    username: initial?.username ?? '',
    auth_method: initial?.auth_method ?? 'password',
    secret: '',
  }));
  const [errors, setErrors] = useState<MailboxFormErrors>({});
  const [pending, setPending] = useState(false);
  const refs = {
    host: useRef<HTMLInputElement>(null),
    port: useRef<HTMLInputElement>(null),
    security: useRef<HTMLSelectElement>(null),
    username: useRef<HTMLInputElement>(null),
    secret: useRef<HTMLInputElement>(null),
  };
  const security = SECURITY_OPTIONS.find((option) => option.value === texts.security) ?? SECURITY_OPTIONS[0];

  const set =
    (field: 'host' | 'port' | 'username' | 'secret') => (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setTexts((t) => ({ ...t, [field]: value }));
    };

  const onSecurity = (value: MailboxSecurity) =>
    setTexts((t) => {
      // The port follows the security while it still holds the usual port of the previous choice.
      const followsDefault = t.port.trim() === '' || t.port.trim() === String(defaultPort(t.security));
      return { ...t, security: value, port: followsDefault ? String(defaultPort(value)) : t.port };
    });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const { errors: found, input } = validateMailboxForm(texts);
    setErrors(found);
    if (!input) {
      const first = (['host', 'port', 'username', 'secret'] as const).find((f) => found[f]);
      if (first) refs[first].current?.focus();
      return;
    }
    setPending(true);
    try {
      const result = await submit(input);
      setPending(false);
      // The secret leaves the page as soon as the server has it.
      setTexts((t) => ({ ...t, secret: '' }));
      onConnected?.(result);
    } catch (error) {
      setPending(false);
      const placed = placeConnectError(error);
      setErrors(placed);
      const field = (['host', 'port', 'security', 'username', 'secret'] as const).find((f) => placed[f]);
      if (field) refs[field].current?.focus();
    }
  };

  const aria = (field: Field | 'security', hint: boolean) => ({
    'aria-invalid': Boolean(errors[field]) || undefined,
    'aria-describedby':
      [hint ? `${id}-${field}-hint` : null, errors[field] ? `${id}-${field}-error` : null]
        .filter(Boolean)
        .join(' ') || undefined,
  });
  const fieldError = (field: Field | 'security') =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const isPassword = texts.auth_method === 'password';

  return (
    <form className="form mailbox-form" noValidate onSubmit={onSubmit} aria-busy={pending || undefined}>
      <div className="form-status" aria-live="assertive">
        {errors.form && (
          <p className="notice notice-error" role="alert" data-testid="connect-error">
            {errors.form}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-host`}>IMAP server</label>
        <input
          ref={refs.host}
          id={`${id}-host`}
          name="host"
          value={texts.host}
          onChange={set('host')}
          placeholder="imap.example.com"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          {...aria('host', true)}
        />
        <p id={`${id}-host-hint`} className="hint">
          Your provider’s IMAP host name, such as imap.gmail.com or outlook.office365.com.
        </p>
        {fieldError('host')}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-security`}>Security</label>
          <select
            ref={refs.security}
            id={`${id}-security`}
            name="security"
            value={texts.security}
            onChange={(event) => onSecurity(event.currentTarget.value as MailboxSecurity)}
            {...aria('security', true)}
          >
            {SECURITY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <p id={`${id}-security-hint`} className="hint" data-testid="security-hint">
            {security?.hint}
          </p>
          {fieldError('security')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-port`}>Port</label>
          <input
            ref={refs.port}
            id={`${id}-port`}
            name="port"
            inputMode="numeric"
            value={texts.port}
            onChange={set('port')}
            autoComplete="off"
            {...aria('port', false)}
          />
          {fieldError('port')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-username`}>User name</label>
        <input
          ref={refs.username}
          id={`${id}-username`}
          name="username"
          value={texts.username}
          onChange={set('username')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          {...aria('username', true)}
        />
        <p id={`${id}-username-hint`} className="hint">
          Usually your full email address.
        </p>
        {fieldError('username')}
      </div>
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
              onChange={() => setTexts((t) => ({ ...t, auth_method: method, secret: '' }))}
            />
            <label htmlFor={`${id}-auth-${method}`}>{AUTH_LABEL[method]}</label>
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-secret`}>{isPassword ? 'Password' : 'Access token'}</label>
          <input
            ref={refs.secret}
            id={`${id}-secret`}
            name="secret"
            type="password"
            value={texts.secret}
            onChange={set('secret')}
            autoComplete="new-password"
            autoCapitalize="none"
            spellCheck={false}
            {...aria('secret', true)}
          />
          <p id={`${id}-secret-hint`} className="hint">
            {isPassword
              ? 'Gmail, Outlook, iCloud and Fastmail need an app password made in their security settings, not your usual password.'
              : 'An OAuth2 access token with IMAP access for this user (sent with XOAUTH2).'}{' '}
            {initial ? 'Enter it again: Drift never shows a saved secret. ' : ''}
            It is stored encrypted and never shown again.
          </p>
          {fieldError('secret')}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Testing the connection…' : 'Connect'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={pending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
