import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { driftCodeOf, errorMessage, fieldOfMessage, humanise } from '../lib/errors.ts';
import { formatList, invalidEmails, parseList } from '../lib/lists.ts';
import { isValidTimeZone, timeZoneOptions } from '../lib/time.ts';

export interface SettingsValues {
  timezone: string;
  vip_senders: string[];
  urgent_keywords: string[];
  aliases: string[];
}

export type SettingsPayload = Partial<SettingsValues>;

type Field = keyof SettingsValues;

export type SettingsErrors = Partial<Record<Field | 'form', string>>;

interface Texts {
  timezone: string;
  vip_senders: string;
  urgent_keywords: string;
  aliases: string;
}

function notEmails(items: string[]): string | undefined {
  const bad = invalidEmails(items);
  if (bad.length === 0) return undefined;
  const quoted = bad.map((b) => `“${b}”`);
  return bad.length === 1
    ? `${quoted[0]} is not an email address.`
    : `These are not email addresses: ${quoted.join(', ')}.`;
}

/** Parses the lists and checks them; the payload holds only what changed. */
export function validateSettings(
  texts: Texts,
  initial: SettingsValues,
): { errors: SettingsErrors; payload: SettingsPayload | null } {
  const errors: SettingsErrors = {};
  const vip = parseList(texts.vip_senders, { caseInsensitive: true });
  const keywords = parseList(texts.urgent_keywords, { caseInsensitive: true });
  const aliases = parseList(texts.aliases, { caseInsensitive: true });
  if (!texts.timezone || !isValidTimeZone(texts.timezone))
    errors.timezone = 'Choose a time zone from the list.';
  const vipError = notEmails(vip);
  if (vipError) errors.vip_senders = vipError;
  const aliasError = notEmails(aliases);
  if (aliasError) errors.aliases = aliasError;
  const longKeyword = keywords.find((k) => k.length > 100);
  if (longKeyword) errors.urgent_keywords = 'A keyword must be at most 100 characters.';
  if (Object.keys(errors).length > 0) return { errors, payload: null };

  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const payload: SettingsPayload = {};
  if (texts.timezone !== initial.timezone) payload.timezone = texts.timezone;
  if (!same(vip, initial.vip_senders)) payload.vip_senders = vip;
  if (!same(keywords, initial.urgent_keywords)) payload.urgent_keywords = keywords;
  if (!same(aliases, initial.aliases)) payload.aliases = aliases;
  return { errors, payload };
}

const SERVER_FIELDS = ['timezone', 'vip_senders', 'urgent_keywords', 'aliases'] as const;

export function SettingsForm({
  initial,
  submit,
  onSaved,
}: {
  initial: SettingsValues;
  /** Saves the changed settings; rejects with the API's error. */
  submit: (payload: SettingsPayload) => Promise<unknown>;
  onSaved?: (result: unknown) => void;
}) {
  const id = useId();
  const [texts, setTexts] = useState<Texts>(() => ({
    timezone: initial.timezone,
    vip_senders: formatList(initial.vip_senders),
    urgent_keywords: formatList(initial.urgent_keywords),
    aliases: formatList(initial.aliases),
  }));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);
  const zones = useMemo(() => timeZoneOptions(initial.timezone), [initial.timezone]);
  const refs = {
    timezone: useRef<HTMLSelectElement>(null),
    vip_senders: useRef<HTMLTextAreaElement>(null),
    urgent_keywords: useRef<HTMLTextAreaElement>(null),
    aliases: useRef<HTMLTextAreaElement>(null),
  };

  const set = (field: Field) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setTexts((t) => ({ ...t, [field]: value }));
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const { errors: found, payload } = validateSettings(texts, initial);
    setErrors(found);
    if (!payload) {
      setStatus('');
      const first = SERVER_FIELDS.find((f) => found[f]);
      if (first) refs[first].current?.focus();
      return;
    }
    if (Object.keys(payload).length === 0) {
      setStatus('Nothing to save: nothing was changed.');
      return;
    }
    setPending(true);
    setStatus('');
    try {
      const result = await submit(payload);
      setPending(false);
      // Show the lists as saved: one per line, normalised by the server.
      const saved = result as Partial<SettingsValues> | undefined;
      if (
        saved &&
        Array.isArray(saved.vip_senders) &&
        Array.isArray(saved.urgent_keywords) &&
        Array.isArray(saved.aliases)
      ) {
        setTexts({
          timezone: saved.timezone ?? texts.timezone,
          vip_senders: formatList(saved.vip_senders),
          urgent_keywords: formatList(saved.urgent_keywords),
          aliases: formatList(saved.aliases),
        });
      }
      setStatus('Settings saved.');
      onSaved?.(result);
    } catch (error) {
      setPending(false);
      const message = (error as { message?: string })?.message ?? '';
      const field = driftCodeOf(error) === 'VALIDATION_ERROR' ? fieldOfMessage(message, SERVER_FIELDS) : null;
      setErrors(field ? { [field]: humanise(message) } : { form: errorMessage(error) });
      if (field) refs[field].current?.focus();
    }
  };

  const aria = (field: Field, hint: boolean) => ({
    'aria-invalid': Boolean(errors[field]) || undefined,
    'aria-describedby':
      [hint ? `${id}-${field}-hint` : null, errors[field] ? `${id}-${field}-error` : null]
        .filter(Boolean)
        .join(' ') || undefined,
  });
  const fieldError = (field: Field) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="form settings-form" noValidate onSubmit={onSubmit}>
      <div className="form-status" aria-live="polite">
        {errors.form && (
          <p className="notice notice-error" role="alert">
            {errors.form}
          </p>
        )}
        {status && <p className="notice notice-success">{status}</p>}
      </div>
      <div className="field">
        <label htmlFor={`${id}-timezone`}>Time zone</label>
        <select
          ref={refs.timezone}
          id={`${id}-timezone`}
          name="timezone"
          value={texts.timezone}
          onChange={set('timezone')}
          {...aria('timezone', true)}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <p id={`${id}-timezone-hint`} className="hint">
          Session dates and the 06:00 playbook delivery follow this zone.
        </p>
        {fieldError('timezone')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-vip_senders`}>VIP senders</label>
        <textarea
          ref={refs.vip_senders}
          id={`${id}-vip_senders`}
          name="vip_senders"
          rows={4}
          value={texts.vip_senders}
          onChange={set('vip_senders')}
          placeholder={'boss@example.com\nclient@example.org'}
          {...aria('vip_senders', true)}
        />
        <p id={`${id}-vip_senders-hint`} className="hint">
          Email addresses, separated by commas or new lines. A VIP&apos;s message that asks you something is
          urgent; a VIP&apos;s FYI stays FYI, at the top of its score.
        </p>
        {fieldError('vip_senders')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-urgent_keywords`}>Urgent keywords</label>
        <textarea
          ref={refs.urgent_keywords}
          id={`${id}-urgent_keywords`}
          name="urgent_keywords"
          rows={3}
          value={texts.urgent_keywords}
          onChange={set('urgent_keywords')}
          placeholder={'outage\ncontract'}
          {...aria('urgent_keywords', true)}
        />
        <p id={`${id}-urgent_keywords-hint`} className="hint">
          Words or phrases, separated by commas or new lines. A message that contains one (whole words, any
          case) is urgent, unless it is a newsletter, a promotion or spam.
        </p>
        {fieldError('urgent_keywords')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-aliases`}>Aliases</label>
        <textarea
          ref={refs.aliases}
          id={`${id}-aliases`}
          name="aliases"
          rows={3}
          value={texts.aliases}
          onChange={set('aliases')}
          placeholder="me@old-domain.example"
          {...aria('aliases', true)}
        />
        <p id={`${id}-aliases-hint`} className="hint">
          Other addresses of yours, separated by commas or new lines: mail to them counts as mail to you.
        </p>
        {fieldError('aliases')}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
