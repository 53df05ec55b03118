import { type FormEvent, useId, useRef, useState } from 'react';
import { driftCodeOf, errorMessage, fieldOfMessage, humanise } from '../lib/errors.ts';

export const SCOPES = [
  { scope: 'read:ooo', label: 'Read OOO sessions', detail: 'list and get sessions' },
  { scope: 'write:ooo', label: 'Manage OOO sessions', detail: 'create, change, cancel and delete sessions' },
  { scope: 'read:emails', label: 'Read captured mail', detail: 'subjects, senders, summaries' },
  { scope: 'read:playbook', label: 'Read return playbooks', detail: 'what needs you when you are back' },
] as const;

export type Scope = (typeof SCOPES)[number]['scope'];

export const KEY_NAME_MAX_LENGTH = 200;

export interface KeyFormInput {
  name?: string;
  scopes: Scope[];
}

export interface KeyFormErrors {
  name?: string;
  scopes?: string;
  form?: string;
}

export function validateKeyForm(name: string, scopes: readonly Scope[]): KeyFormErrors {
  const errors: KeyFormErrors = {};
  if (name.trim().length > KEY_NAME_MAX_LENGTH) {
    errors.name = `The name must be at most ${KEY_NAME_MAX_LENGTH} characters.`;
  }
  if (scopes.length === 0) errors.scopes = 'Choose at least one scope: a key without scopes can do nothing.';
  return errors;
}

export function KeyForm({
  submit,
  onCreated,
}: {
  /** Creates the key; rejects with the API's error. */
  submit: (input: KeyFormInput) => Promise<unknown>;
  onCreated?: (result: unknown) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [errors, setErrors] = useState<KeyFormErrors>({});
  const [pending, setPending] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const firstScopeRef = useRef<HTMLInputElement>(null);

  const toggle = (scope: Scope, on: boolean) =>
    setScopes((current) =>
      on
        ? SCOPES.map((s) => s.scope).filter((s) => s === scope || current.includes(s))
        : current.filter((s) => s !== scope),
    );

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const found = validateKeyForm(name, scopes);
    setErrors(found);
    if (found.name) return nameRef.current?.focus();
    if (found.scopes) return firstScopeRef.current?.focus();
    setPending(true);
    try {
      const trimmed = name.trim();
      const result = await submit(trimmed ? { name: trimmed, scopes } : { scopes });
      setPending(false);
      setName('');
      setScopes([]);
      onCreated?.(result);
    } catch (error) {
      setPending(false);
      const message = (error as { message?: string })?.message ?? '';
      const field =
        driftCodeOf(error) === 'VALIDATION_ERROR'
          ? (fieldOfMessage(message, ['name', 'scopes']) ?? (/scope/i.test(message) ? 'scopes' : null))
          : null;
      setErrors(field ? { [field]: humanise(message) } : { form: errorMessage(error) });
    }
  };

  return (
    <form className="form key-form" noValidate onSubmit={onSubmit}>
      <div className="form-status" aria-live="assertive">
        {errors.form && (
          <p className="notice notice-error" role="alert">
            {errors.form}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>
          Name <span className="optional">(optional)</span>
        </label>
        <input
          ref={nameRef}
          id={`${id}-name`}
          name="name"
          value={name}
          maxLength={KEY_NAME_MAX_LENGTH + 20}
          placeholder="e.g. HR system"
          onChange={(event) => setName(event.currentTarget.value)}
          aria-invalid={Boolean(errors.name) || undefined}
          aria-describedby={errors.name ? `${id}-name-error` : undefined}
        />
        {errors.name && (
          <p id={`${id}-name-error`} className="field-error">
            {errors.name}
          </p>
        )}
      </div>
      <fieldset aria-describedby={errors.scopes ? `${id}-scopes-error` : undefined}>
        <legend>Scopes</legend>
        {SCOPES.map((s, index) => (
          <div className="checkbox" key={s.scope}>
            <input
              ref={index === 0 ? firstScopeRef : undefined}
              type="checkbox"
              id={`${id}-${s.scope}`}
              name="scopes"
              value={s.scope}
              checked={scopes.includes(s.scope)}
              onChange={(event) => toggle(s.scope, event.currentTarget.checked)}
            />
            <label htmlFor={`${id}-${s.scope}`}>
              <code>{s.scope}</code> {s.label} <span className="hint">({s.detail})</span>
            </label>
          </div>
        ))}
        {errors.scopes && (
          <p id={`${id}-scopes-error`} className="field-error">
            {errors.scopes}
          </p>
        )}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
