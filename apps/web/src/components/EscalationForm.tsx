import {
  backupContactSentence,
  EMAIL_CATEGORIES,
  type EmailCategory,
  escalationProblems,
  NAME_MAX_LENGTH,
  type SettingsChange,
  settingsChangeInput,
  zodFieldErrors,
} from '@drift/contract';
import { useEffect, useRef, useState } from 'react';
import { detailsOf, errorMessage, humanise } from '../lib/errors.ts';
import { type FormErrors, useForm } from '../lib/use-form.ts';
import { errorIdOf, FieldError, FormActions, FormStatus, TextField } from './Field.tsx';
import { CATEGORY_WORD } from './mail-words.ts';

/** The escalation part of the settings, as the API returns it. */
export interface EscalationValues {
  backup_contact: { name: string; email: string } | null;
  escalate_categories: EmailCategory[];
  auto_reply_names_contact: boolean;
}

type EscalationField = 'name' | 'email' | 'categories' | 'namesContact';
const ORDER: readonly EscalationField[] = ['name', 'email', 'categories', 'namesContact'];
export type EscalationErrors = FormErrors<EscalationField>;

interface Texts {
  name: string;
  email: string;
  categories: EmailCategory[];
  namesContact: boolean;
}

const textsOf = (values: EscalationValues): Texts => ({
  name: values.backup_contact?.name ?? '',
  email: values.backup_contact?.email ?? '',
  categories: values.escalate_categories,
  namesContact: values.auto_reply_names_contact,
});

const OWN_ADDRESS = 'That is one of your own addresses: choose someone who is not away, such as a colleague.';
const NO_CATEGORY = 'Choose at least one category to pass on while a backup contact is set.';

/** A refused field path (`backup_contact.email`, `escalate_categories.0`) as the control showing it. */
function controlOf(path: string): EscalationField | null {
  if (path === 'backup_contact.name') return 'name';
  if (path.startsWith('backup_contact')) return 'email';
  if (path.startsWith('escalate_categories')) return 'categories';
  if (path === 'auto_reply_names_contact') return 'namesContact';
  return null;
}

/** A problem in the form's words (the server's own sentence when it is not one the form knows). */
function say(path: string, message: string, texts: Texts): string {
  if (path === 'escalate_categories') return NO_CATEGORY;
  if (path === 'backup_contact.email' && /own address/.test(message)) return OWN_ADDRESS;
  if (path === 'backup_contact.email') return `“${texts.email.trim()}” is not an email address.`;
  if (path === 'backup_contact.name' && texts.name.trim().length > NAME_MAX_LENGTH)
    return `The name must be at most ${NAME_MAX_LENGTH} characters.`;
  return humanise(message);
}

const sameCategories = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((category) => b.includes(category));

/**
 * The form as typed, checked with the server's schema and its own escalation rules; the payload
 * holds only what changed. Both contact fields empty removes the contact.
 */
export function validateEscalation(
  texts: Texts,
  initial: EscalationValues,
  ownAddresses: readonly string[],
): { errors: EscalationErrors; payload: SettingsChange | null } {
  const name = texts.name.trim();
  const email = texts.email.trim();
  const errors: EscalationErrors = {};
  if (name && !email)
    errors.email = 'Give the contact’s email address too, or empty both fields to have no backup contact.';
  if (email && !name)
    errors.name = 'Give the contact’s name too, or empty both fields to have no backup contact.';
  const contact = name && email ? { name, email } : null;
  const parsed = settingsChangeInput.safeParse({
    backup_contact: contact,
    escalate_categories: texts.categories,
    auto_reply_names_contact: texts.namesContact,
  });
  const problems = [
    ...(parsed.success ? [] : zodFieldErrors(parsed.error)),
    ...(parsed.success
      ? escalationProblems({
          contact: parsed.data.backup_contact ?? null,
          categories: texts.categories,
          ownAddresses,
        })
      : []),
  ];
  for (const { field, message } of problems) {
    const control = controlOf(field);
    if (control) errors[control] ??= say(field, message, texts);
    else errors.form ??= humanise(message);
  }
  if (Object.keys(errors).length > 0) return { errors, payload: null };

  const payload: SettingsChange = {};
  const saved = initial.backup_contact;
  const parsedContact = parsed.success ? (parsed.data.backup_contact ?? null) : null;
  if (parsedContact?.name !== saved?.name || parsedContact?.email !== saved?.email)
    payload.backup_contact = parsedContact;
  if (!sameCategories(texts.categories, initial.escalate_categories))
    payload.escalate_categories = texts.categories;
  if (texts.namesContact !== initial.auto_reply_names_contact)
    payload.auto_reply_names_contact = texts.namesContact;
  if (Object.keys(payload).length === 0)
    return { errors: { form: 'Nothing to save: nothing was changed.' }, payload: null };
  return { errors: {}, payload };
}

/** The server's refusal beside the control it is about; the rest (a plan refusal) for the whole form. */
function placeServerError(error: unknown, texts: Texts): EscalationErrors {
  const placed: EscalationErrors = {};
  let unplaced = false;
  for (const { field, message } of detailsOf(error)?.fields ?? []) {
    const control = controlOf(field);
    if (control) placed[control] ??= say(field, message, texts);
    else unplaced = true;
  }
  if (Object.keys(placed).length > 0 && !unplaced) return placed;
  return { ...placed, form: errorMessage(error) };
}

export function EscalationForm({
  initial,
  ownAddresses,
  submit,
  onSaved,
}: {
  initial: EscalationValues;
  /** The owner's address and aliases: the contact must be someone else. */
  ownAddresses: readonly string[];
  /** Saves the changed settings; rejects with the API's error. */
  submit: (payload: SettingsChange) => Promise<unknown>;
  onSaved?: (result: unknown) => void;
}) {
  const [saves, setSaves] = useState(0);
  const savedRef = useRef<HTMLParagraphElement>(null);
  // After a save the focus goes to the message that says so, where a screen reader reads it.
  useEffect(() => {
    if (saves > 0) savedRef.current?.focus();
  }, [saves]);
  const textsRef = useRef<Texts>(textsOf(initial));
  const form = useForm<Texts, EscalationField, SettingsChange>({
    initial: () => textsOf(initial),
    order: ORDER,
    check: (texts) => validateEscalation(texts, initial, ownAddresses),
    submit,
    placeServerError: (error) => placeServerError(error, textsRef.current),
    onSaved: (result) => {
      const saved = result as Partial<EscalationValues> | undefined;
      if (saved && Array.isArray(saved.escalate_categories) && saved.backup_contact !== undefined) {
        form.setValues(textsOf(saved as EscalationValues));
      }
      setSaves((count) => count + 1);
      onSaved?.(result);
    },
  });
  const { id, values: texts, errors } = form;
  textsRef.current = texts;
  const categoriesErrorId = errorIdOf(`${id}-categories`);
  const toggle = (category: EmailCategory, on: boolean) =>
    form.setValue(
      'categories',
      on
        ? EMAIL_CATEGORIES.filter((c) => c === category || texts.categories.includes(c))
        : texts.categories.filter((c) => c !== category),
    );
  const typedContact =
    texts.name.trim() && texts.email.trim() ? { name: texts.name.trim(), email: texts.email.trim() } : null;

  return (
    <form className="form escalation-form" noValidate onSubmit={form.onSubmit}>
      <FormStatus politeness="polite" error={errors.form} />
      {form.outcome === 'saved' && (
        <p ref={savedRef} tabIndex={-1} className="notice notice-success" role="status">
          Backup contact saved.
        </p>
      )}
      <TextField
        {...form.field('name')}
        label="Contact’s name"
        hint="Who stands in for you, such as a colleague. Empty both fields and save to have no backup contact."
        control={{ autoComplete: 'off', placeholder: 'Priya Raman' }}
      />
      <TextField
        {...form.field('email')}
        label="Contact’s email address"
        control={{
          type: 'email',
          autoComplete: 'off',
          spellCheck: false,
          autoCapitalize: 'none',
          placeholder: 'priya@example.com',
        }}
      />
      <fieldset aria-describedby={`${id}-categories-hint${errors.categories ? ` ${categoriesErrorId}` : ''}`}>
        <legend>Pass on mail in these categories</legend>
        <p id={`${id}-categories-hint`} className="hint">
          While a session is active, each conversation with such a message reaches the contact once: one mail
          with the sender, subject, summary, deadline and a link to the message in Drift. The message itself
          is never forwarded.
        </p>
        {EMAIL_CATEGORIES.map((category, index) => (
          <div className="checkbox" key={category}>
            <input
              ref={index === 0 ? form.register('categories') : undefined}
              type="checkbox"
              id={`${id}-category-${category}`}
              name="escalate_categories"
              value={category}
              checked={texts.categories.includes(category)}
              onChange={(event) => toggle(category, event.currentTarget.checked)}
            />
            <label htmlFor={`${id}-category-${category}`}>{CATEGORY_WORD[category]}</label>
          </div>
        ))}
        <FieldError id={categoriesErrorId}>{errors.categories}</FieldError>
      </fieldset>
      <div className="checkbox">
        <input
          ref={form.register('namesContact')}
          type="checkbox"
          id={`${id}-names-contact`}
          name="auto_reply_names_contact"
          checked={texts.namesContact}
          aria-describedby={`${id}-names-contact-hint`}
          onChange={(event) => form.setValue('namesContact', event.currentTarget.checked)}
        />
        <label htmlFor={`${id}-names-contact`}>Name the contact in my auto-reply</label>
      </div>
      <p id={`${id}-names-contact-hint`} className="hint">
        {typedContact
          ? `Every auto-reply then ends with: “${backupContactSentence(typedContact)}”`
          : 'Every auto-reply then ends with “For urgent matters, please write to …” and the contact’s name and address.'}
      </p>
      <FormActions pending={form.pending} pendingLabel="Saving…" label="Save backup contact" />
    </form>
  );
}
