import {
  ALIASES_MAX,
  type SettingsChange,
  settingsChangeInput,
  URGENT_KEYWORD_MAX_LENGTH,
  URGENT_KEYWORDS_MAX,
  VIP_SENDERS_MAX,
  type ZodError,
  zodFieldErrors,
} from '@drift/contract';
import { browserTimeZone, currentZoneName, timeZoneNames } from '@drift/domain/time-zone';
import { useEffect, useMemo, useRef, useState } from 'react';
import { placeFieldErrors } from '../lib/errors.ts';
import { formatList, parseList } from '../lib/lists.ts';
import { type FormErrors, useForm } from '../lib/use-form.ts';
import { Field, FormActions, FormStatus, TextField } from './Field.tsx';

/** The zones offered and accepted: what this browser knows, in current names, UTC first. */
export function zoneChoices(current: string): string[] {
  return [...new Set([...timeZoneNames(), currentZoneName(current)])];
}

/**
 * The zone as typed, matched to a name in `zones`: any case, spaces for underscores
 * ("america/new york" is America/New_York); null when it is none of them.
 */
export function matchZone(typed: string, zones: readonly string[]): string | null {
  const wanted = typed.trim().replace(/\s+/g, '_').toLowerCase();
  if (!wanted) return null;
  return zones.find((zone) => zone.toLowerCase() === wanted) ?? null;
}

function unknownZone(typed: string): string {
  return typed.trim()
    ? `“${typed.trim()}” is not a time zone Drift knows. Type a place such as Berlin or New York and choose a zone from the list.`
    : 'Choose a time zone: type a place such as Berlin and pick it from the list.';
}

export interface SettingsValues {
  timezone: string;
  vip_senders: string[];
  urgent_keywords: string[];
  aliases: string[];
}

export type SettingsPayload = SettingsChange;

type SettingsField = keyof SettingsValues;
const FIELDS: readonly SettingsField[] = ['timezone', 'vip_senders', 'urgent_keywords', 'aliases'];
const FIELD_OF_PAYLOAD: Record<string, SettingsField> = Object.fromEntries(
  FIELDS.map((field) => [field, field]),
);

export type SettingsErrors = FormErrors<SettingsField>;

/** The form as typed: the zone, and each list as one text. */
type Texts = Record<SettingsField, string>;

function notEmails(bad: string[]): string {
  const quoted = bad.map((b) => `“${b}”`);
  return bad.length === 1
    ? `${quoted[0]} is not an email address.`
    : `These are not email addresses: ${quoted.join(', ')}.`;
}

const TOO_MANY: Record<Exclude<SettingsField, 'timezone'>, string> = {
  vip_senders: `Keep at most ${VIP_SENDERS_MAX} VIP senders.`,
  urgent_keywords: `Keep at most ${URGENT_KEYWORDS_MAX} urgent keywords.`,
  aliases: `Keep at most ${ALIASES_MAX} aliases.`,
};

/** The schema's refusal of each list in words: the entries it refused, by what they are. */
function listErrors(lists: Omit<SettingsValues, 'timezone'>, error: ZodError): SettingsErrors {
  const errors: SettingsErrors = {};
  const refused: Partial<Record<SettingsField, string[]>> = {};
  for (const { field: path } of zodFieldErrors(error)) {
    const [field, index] = path.split('.') as [SettingsField, string | undefined];
    if (field === 'timezone') errors.timezone = 'Choose a time zone from the list.';
    else if (index === undefined) errors[field] = TOO_MANY[field];
    else refused[field] = [...(refused[field] ?? []), lists[field][Number(index)] ?? ''];
  }
  for (const field of ['vip_senders', 'aliases'] as const) {
    const bad = refused[field];
    if (bad) errors[field] ??= notEmails(bad);
  }
  if (refused.urgent_keywords) {
    errors.urgent_keywords ??= `A keyword must be at most ${URGENT_KEYWORD_MAX_LENGTH} characters.`;
  }
  return errors;
}

/** Parses the lists and checks them with the server's schema; the payload holds only what changed. */
export function validateSettings(
  texts: Texts,
  initial: SettingsValues,
  zones: readonly string[] = zoneChoices(initial.timezone),
): { errors: SettingsErrors; payload: SettingsPayload | null } {
  const zone = matchZone(texts.timezone, zones);
  const lists = {
    vip_senders: parseList(texts.vip_senders, { caseInsensitive: true }),
    urgent_keywords: parseList(texts.urgent_keywords, { caseInsensitive: true }),
    aliases: parseList(texts.aliases, { caseInsensitive: true }),
  };
  const parsed = settingsChangeInput.safeParse({ timezone: zone ?? 'UTC', ...lists });
  const errors = parsed.success ? {} : listErrors(lists, parsed.error);
  if (!zone) errors.timezone = unknownZone(texts.timezone);
  if (!parsed.success || !zone) return { errors, payload: null };

  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const payload: SettingsPayload = {};
  if (zone !== currentZoneName(initial.timezone)) payload.timezone = zone;
  for (const list of ['vip_senders', 'urgent_keywords', 'aliases'] as const) {
    if (!same(lists[list], initial[list])) payload[list] = lists[list];
  }
  if (Object.keys(payload).length === 0) {
    return { errors: { form: 'Nothing to save: nothing was changed.' }, payload: null };
  }
  return { errors: {}, payload };
}

/** The lists, one entry a line, in the order the form shows them. */
const LIST_FIELDS: {
  field: Exclude<SettingsField, 'timezone'>;
  label: string;
  hint: string;
  rows: number;
  placeholder: string;
}[] = [
  {
    field: 'vip_senders',
    label: 'VIP senders',
    hint: "Email addresses, separated by commas or new lines. A VIP's message that asks you to do something is marked urgent; a VIP's FYI stays FYI, ranked at the top of the FYI scores.",
    rows: 4,
    placeholder: 'boss@example.com\nclient@example.org',
  },
  {
    field: 'urgent_keywords',
    label: 'Urgent keywords',
    hint: 'Words or phrases, separated by commas or new lines. A message whose subject or new text contains one (whole words, any case) is urgent, with a score of 9 or more, unless it is a newsletter, a promotion or spam.',
    rows: 3,
    placeholder: 'outage\ncontract',
  },
  {
    field: 'aliases',
    label: 'Aliases',
    hint: 'Other addresses of yours, separated by commas or new lines: mail to them counts as mail to you.',
    rows: 3,
    placeholder: 'me@old-domain.example',
  },
];

function textsOf(values: SettingsValues): Texts {
  return {
    timezone: currentZoneName(values.timezone),
    vip_senders: formatList(values.vip_senders),
    urgent_keywords: formatList(values.urgent_keywords),
    aliases: formatList(values.aliases),
  };
}

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
  const zones = useMemo(() => zoneChoices(initial.timezone), [initial.timezone]);
  const [saves, setSaves] = useState(0);
  const savedRef = useRef<HTMLParagraphElement>(null);
  // After a save the focus goes to the message that says so, where a screen reader reads it.
  useEffect(() => {
    if (saves > 0) savedRef.current?.focus();
  }, [saves]);
  const form = useForm<Texts, SettingsField, SettingsPayload>({
    initial: () => textsOf(initial),
    order: FIELDS,
    check: (texts) => validateSettings(texts, initial, zones),
    submit,
    placeServerError: (error) => placeFieldErrors(error, FIELD_OF_PAYLOAD),
    onSaved: (result) => {
      // Show the lists as saved: one per line, normalised by the server.
      const saved = result as Partial<SettingsValues> | undefined;
      if (
        saved &&
        Array.isArray(saved.vip_senders) &&
        Array.isArray(saved.urgent_keywords) &&
        Array.isArray(saved.aliases)
      ) {
        form.setValues((texts) =>
          textsOf({
            timezone: matchZone(texts.timezone, zones) ?? texts.timezone,
            ...saved,
          } as SettingsValues),
        );
      }
      setSaves((count) => count + 1);
      onSaved?.(result);
    },
  });
  const { id, values: texts, errors } = form;
  const deviceZone = useMemo(browserTimeZone, []);

  return (
    <form className="form settings-form" noValidate onSubmit={form.onSubmit}>
      <FormStatus politeness="polite" error={errors.form} />
      {form.outcome === 'saved' && (
        <p ref={savedRef} tabIndex={-1} className="notice notice-success" role="status">
          Settings saved.
        </p>
      )}
      <Field
        id={`${id}-timezone`}
        label="Time zone"
        hint="Type to search (a city or region, such as Berlin) and choose from the list. Session dates and the 06:00 playbook delivery follow this zone."
        error={errors.timezone}
      >
        {(control) => (
          <>
            <input
              {...control}
              {...form.bind('timezone')}
              list={`${id}-zones`}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="none"
            />
            <datalist id={`${id}-zones`}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      {deviceZone !== texts.timezone && (
        <p className="hint">
          <button type="button" className="link-button" onClick={() => form.setValue('timezone', deviceZone)}>
            Use this device’s time zone, {deviceZone.replaceAll('_', ' ')}
          </button>
        </p>
      )}
      {LIST_FIELDS.map(({ field, rows, placeholder, ...words }) => (
        <TextField key={field} {...form.field(field)} {...words} rows={rows} control={{ placeholder }} />
      ))}
      <FormActions pending={form.pending} pendingLabel="Saving…" label="Save settings" />
    </form>
  );
}
