import {
  type CreateWebhook,
  createWebhookInput,
  WEBHOOK_DESCRIPTION_MAX_LENGTH,
  WEBHOOK_EVENTS,
  type WebhookEventType,
  type WebhookFormat,
  zodFieldErrors,
} from '@drift/contract';
import { humanise, placeFieldErrors } from '../lib/errors.ts';
import { type FormErrors, useForm } from '../lib/use-form.ts';
import { errorIdOf, FieldError, FormActions, FormStatus, TextField } from './Field.tsx';

/** How each event reads on the form: a new event fails the type check until it has words. */
export const EVENT_WORDS: Record<WebhookEventType, string> = {
  'session.started': 'A session starts',
  'session.completed': 'A session ends',
  'email.captured': 'Mail is captured while you are away',
  'email.urgent': 'Urgent mail arrives',
  'playbook.ready': 'A return playbook is ready',
};

const FORMAT_WORDS: Record<WebhookFormat, { label: string; detail: string }> = {
  standard: { label: 'Signed JSON event', detail: 'for your own systems (Standard Webhooks)' },
  slack: {
    label: 'Slack message',
    detail: 'urgent mail and ready playbooks only, for a Slack incoming webhook',
  },
};

type WebhookField = 'url' | 'events' | 'description' | 'format';
const WEBHOOK_FIELDS = {
  url: 'url',
  events: 'events',
  description: 'description',
  format: 'format',
} as const;

interface WebhookFormValues {
  url: string;
  events: WebhookEventType[];
  description: string;
  format: WebhookFormat;
}

const INITIAL: WebhookFormValues = { url: '', events: [], description: '', format: 'standard' };

/** Checks the webhook with the server's schema; whether the host is allowed only the server can tell. */
export function checkWebhookForm(values: WebhookFormValues): {
  errors: FormErrors<WebhookField>;
  payload: CreateWebhook | null;
} {
  const description = values.description.trim();
  const payload: CreateWebhook = {
    url: values.url.trim(),
    events: values.events,
    format: values.format,
    ...(description && { description }),
  };
  const errors: FormErrors<WebhookField> = {};
  const parsed = createWebhookInput.safeParse(payload);
  if (!parsed.success) {
    for (const issue of zodFieldErrors(parsed.error)) {
      const field = issue.field.split('.')[0] as WebhookField;
      errors[field] ??= humanise(issue.message);
    }
  }
  if (!payload.url) errors.url = 'Enter the address that should receive the events.';
  else if (!/^https?:\/\//i.test(payload.url))
    errors.url = 'Enter a full address starting with https://, such as https://example.com/hooks/drift.';
  if (values.events.length === 0)
    errors.events = 'Choose at least one event: a webhook without events gets nothing.';
  return Object.keys(errors).length > 0 ? { errors, payload: null } : { errors, payload };
}

export function WebhookForm({
  submit,
  onCreated,
}: {
  /** Creates the webhook; rejects with the API's error. */
  submit: (input: CreateWebhook) => Promise<unknown>;
  onCreated?: (result: unknown) => void;
}) {
  const form = useForm<WebhookFormValues, WebhookField, CreateWebhook>({
    initial: INITIAL,
    order: ['url', 'events', 'description', 'format'],
    check: checkWebhookForm,
    submit,
    placeServerError: (error) => placeFieldErrors(error, WEBHOOK_FIELDS),
    onSaved: (result) => {
      form.setValues(INITIAL);
      onCreated?.(result);
    },
  });
  const { id, values } = form;
  const toggle = (event: WebhookEventType, on: boolean) =>
    form.setValue(
      'events',
      on
        ? WEBHOOK_EVENTS.filter((e) => e === event || values.events.includes(e))
        : values.events.filter((e) => e !== event),
    );
  const eventsErrorId = errorIdOf(`${id}-events`);

  return (
    <form className="form webhook-form" noValidate onSubmit={form.onSubmit}>
      <FormStatus error={form.errors.form} />
      <TextField
        {...form.field('url')}
        label="Endpoint URL"
        hint="An https:// address on the internet; Drift POSTs each event there."
        control={{ type: 'url', placeholder: 'https://example.com/hooks/drift', spellCheck: false }}
      />
      <fieldset className="webhook-events" aria-describedby={form.errors.events ? eventsErrorId : undefined}>
        <legend>Events</legend>
        {WEBHOOK_EVENTS.map((event, index) => (
          <div className="checkbox" key={event}>
            <input
              ref={index === 0 ? form.register('events') : undefined}
              type="checkbox"
              id={`${id}-${event}`}
              name="events"
              value={event}
              checked={values.events.includes(event)}
              onChange={(change) => toggle(event, change.currentTarget.checked)}
            />
            <label htmlFor={`${id}-${event}`}>
              {EVENT_WORDS[event]} <code>{event}</code>
            </label>
          </div>
        ))}
        <FieldError id={eventsErrorId}>{form.errors.events}</FieldError>
      </fieldset>
      <TextField
        {...form.field('description')}
        label="Description"
        optional
        hint={`What receives the events (at most ${WEBHOOK_DESCRIPTION_MAX_LENGTH} characters).`}
        control={{ placeholder: 'e.g. HR system' }}
      />
      <fieldset className="webhook-format">
        <legend>Format</legend>
        {(Object.keys(FORMAT_WORDS) as WebhookFormat[]).map((format, index) => (
          <div className="radio" key={format}>
            <input
              ref={index === 0 ? form.register('format') : undefined}
              type="radio"
              id={`${id}-format-${format}`}
              name={`${id}-format`}
              value={format}
              checked={values.format === format}
              onChange={() => form.setValue('format', format)}
            />
            <label htmlFor={`${id}-format-${format}`}>
              {FORMAT_WORDS[format].label} <span className="hint">({FORMAT_WORDS[format].detail})</span>
            </label>
          </div>
        ))}
        <FieldError id={errorIdOf(`${id}-format`)}>{form.errors.format}</FieldError>
      </fieldset>
      <FormActions pending={form.pending} pendingLabel="Adding…" label="Add webhook" />
    </form>
  );
}
