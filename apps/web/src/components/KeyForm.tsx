import {
  SCOPES as CONTRACT_SCOPES,
  type CreateKey,
  createKeyInput,
  NAME_MAX_LENGTH,
  type Scope,
  zodFieldErrors,
} from '@drift/contract';
import { humanise, placeFieldErrors } from '../lib/errors.ts';
import { type FormErrors, useForm } from '../lib/use-form.ts';
import { errorIdOf, FieldError, FormActions, FormStatus, TextField } from './Field.tsx';

/** How each of the contract's scopes reads on the form: a new scope fails the type check until it has words. */
const SCOPE_WORDS: Record<Scope, { label: string; detail: string }> = {
  'read:ooo': { label: 'Read OOO sessions', detail: 'list and get sessions' },
  'write:ooo': { label: 'Manage OOO sessions', detail: 'create, change, cancel and delete sessions' },
  'read:emails': { label: 'Read captured mail', detail: 'subjects, senders, summaries' },
  'read:playbook': { label: 'Read return playbooks', detail: 'what needs you when you are back' },
  'read:webhooks': { label: 'Read webhooks', detail: 'endpoints and their delivery attempts' },
  'write:webhooks': { label: 'Manage webhooks', detail: 'add, test and delete endpoints (Team Growth)' },
};

export const SCOPE_CHOICES = CONTRACT_SCOPES.map((scope) => ({ scope, ...SCOPE_WORDS[scope] }));

type KeyField = 'name' | 'scopes';
const KEY_FIELDS = { name: 'name', scopes: 'scopes' } as const;

interface KeyFormValues {
  name: string;
  scopes: Scope[];
}

/** Checks the key with the server's schema; a key without scopes could do nothing, so it needs one. */
export function checkKeyForm(values: KeyFormValues): {
  errors: FormErrors<KeyField>;
  payload: CreateKey | null;
} {
  const name = values.name.trim();
  const payload: CreateKey = name ? { name, scopes: values.scopes } : { scopes: values.scopes };
  const errors: FormErrors<KeyField> = {};
  const parsed = createKeyInput.safeParse(payload);
  if (!parsed.success) {
    for (const issue of zodFieldErrors(parsed.error)) {
      if (issue.field.startsWith('name'))
        errors.name = `The name must be at most ${NAME_MAX_LENGTH} characters.`;
      else errors.scopes = humanise(issue.message);
    }
  }
  if (values.scopes.length === 0)
    errors.scopes = 'Choose at least one scope: a key without scopes can do nothing.';
  return Object.keys(errors).length > 0 ? { errors, payload: null } : { errors, payload };
}

export function KeyForm({
  submit,
  onCreated,
}: {
  /** Creates the key; rejects with the API's error. */
  submit: (input: CreateKey) => Promise<unknown>;
  onCreated?: (result: unknown) => void;
}) {
  const form = useForm<KeyFormValues, KeyField, CreateKey>({
    initial: { name: '', scopes: [] },
    order: ['name', 'scopes'],
    check: checkKeyForm,
    submit,
    placeServerError: (error) => placeFieldErrors(error, KEY_FIELDS),
    onSaved: (result) => {
      form.setValues({ name: '', scopes: [] });
      onCreated?.(result);
    },
  });
  const {
    id,
    values: { scopes },
  } = form;
  const toggle = (scope: Scope, on: boolean) =>
    form.setValue(
      'scopes',
      on
        ? CONTRACT_SCOPES.filter((s) => s === scope || scopes.includes(s))
        : scopes.filter((s) => s !== scope),
    );
  const scopesErrorId = errorIdOf(`${id}-scopes`);

  return (
    <form className="form key-form" noValidate onSubmit={form.onSubmit}>
      <FormStatus error={form.errors.form} />
      <TextField {...form.field('name')} label="Name" optional control={{ placeholder: 'e.g. HR system' }} />
      <fieldset aria-describedby={form.errors.scopes ? scopesErrorId : undefined}>
        <legend>Scopes</legend>
        {SCOPE_CHOICES.map((s, index) => (
          <div className="checkbox" key={s.scope}>
            <input
              ref={index === 0 ? form.register('scopes') : undefined}
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
        <FieldError id={scopesErrorId}>{form.errors.scopes}</FieldError>
      </fieldset>
      <FormActions pending={form.pending} pendingLabel="Creating…" label="Create key" />
    </form>
  );
}
