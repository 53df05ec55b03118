import {
  AUTO_REPLY_MAX_LENGTH,
  createSessionInput,
  type UpdateSession,
  updateSessionInput,
  zodFieldErrors,
} from '@drift/contract';
import type { ReactNode } from 'react';
import { conflictingSessionOf, fieldMessages, placeFieldErrors } from '../lib/errors.ts';
import { formatDateTime, utcIsoToZonedLocal, zonedLocalToUtcIso } from '../lib/time.ts';
import { type FormErrors, useForm } from '../lib/use-form.ts';
import { href } from '../router.ts';
import {
  errorIdOf,
  FieldError,
  FormActions,
  FormStatus,
  type TextControlAttributes,
  TextField,
} from './Field.tsx';

/** What the person typed: datetime-local values in the account's zone, and the message. */
export interface SessionFormValues {
  start: string;
  end: string;
  returnDate: string;
  message: string;
}

/** What the API takes, for `sessions.create` or (with the id added) `sessions.update`. */
export type SessionPayload = Omit<UpdateSession, 'id' | 'status'>;

/** The session being edited, as `sessions.get` returns it. */
export interface EditedSession {
  id: string;
  status: string;
  start_date: string;
  end_date: string;
  return_date: string;
  auto_reply_message: string | null;
}

/** The form's fields, and `dates` for what is about both dates, such as an overlap. */
type SessionField = keyof SessionFormValues | 'dates';

export type SessionFormErrors = FormErrors<SessionField>;

/** The start and the end: both needed, to the minute. */
const DATE_TIME: TextControlAttributes = { type: 'datetime-local', required: true };

const FIELD_OF_PAYLOAD: Record<string, SessionField> = {
  start_date: 'start',
  end_date: 'end',
  return_date: 'returnDate',
  auto_reply_message: 'message',
};

export function initialValues(session: EditedSession | undefined, timeZone: string): SessionFormValues {
  if (!session) return { start: '', end: '', returnDate: '', message: '' };
  return {
    start: utcIsoToZonedLocal(session.start_date, timeZone),
    end: utcIsoToZonedLocal(session.end_date, timeZone),
    returnDate: utcIsoToZonedLocal(session.return_date, timeZone),
    message: session.auto_reply_message ?? '',
  };
}

/** The dates in order, as the person would check them before sending; null when they are fine. */
function datesErrors(
  values: SessionFormValues,
  dates: { start: string | null; end: string | null; returnDate: string | null },
  changed: { startOrEnd: boolean; end: boolean },
  now: number,
): SessionFormErrors {
  const errors: SessionFormErrors = {};
  const { start, end, returnDate } = dates;
  if (!values.start.trim()) errors.start = 'Enter the start date and time.';
  else if (!start) errors.start = 'Enter a valid start date and time.';
  if (!values.end.trim()) errors.end = 'Enter the end date and time.';
  else if (!end) errors.end = 'Enter a valid end date and time.';
  if (values.returnDate.trim() && !returnDate) errors.returnDate = 'Enter a valid return date and time.';

  if (start && end) {
    if (Date.parse(end) <= Date.parse(start)) errors.end = 'The end must be after the start.';
    else if (changed.startOrEnd && Date.parse(end) <= now) errors.end = 'The end must be in the future.';
  } else if (end && changed.end && Date.parse(end) <= now && !errors.end) {
    errors.end = 'The end must be in the future.';
  }
  if (returnDate && end && !errors.returnDate && Date.parse(returnDate) < Date.parse(end)) {
    errors.returnDate = 'The return date must not be before the end.';
  }
  return errors;
}

/**
 * Checks the form, the dates as a person would and the payload with the server's own schema, in
 * words next to each field. Editing sends only what changed, so an untouched start of an active
 * session is not re-sent.
 */
export function validateSessionForm(
  values: SessionFormValues,
  options: { timeZone: string; now: number; editing?: EditedSession },
): { errors: SessionFormErrors; payload: SessionPayload | null } {
  const { timeZone, now, editing } = options;
  const before = editing ? initialValues(editing, timeZone) : null;
  const local = (value: string) => (value.trim() ? zonedLocalToUtcIso(value, timeZone) : null);
  const start = local(values.start);
  const end = local(values.end);
  const returnDate = local(values.returnDate);
  const startChanged = !before || values.start !== before.start;
  const endChanged = !before || values.end !== before.end;
  const returnChanged =
    values.returnDate.trim() !== '' && (!before || values.returnDate !== before.returnDate);
  const errors = datesErrors(
    values,
    { start, end, returnDate },
    { startOrEnd: startChanged || endChanged, end: endChanged },
    now,
  );

  const message = values.message.trim();
  const payload: SessionPayload = {};
  if (startChanged && start) payload.start_date = start;
  if (endChanged && end) payload.end_date = end;
  if (returnChanged && returnDate) payload.return_date = returnDate;
  if (!before && message) payload.auto_reply_message = message;
  if (before && message !== before.message.trim()) payload.auto_reply_message = message || null;

  const parsed = editing
    ? updateSessionInput.safeParse({ id: editing.id, ...payload })
    : createSessionInput.safeParse(payload);
  if (!parsed.success) {
    const { placed } = fieldMessages(zodFieldErrors(parsed.error), FIELD_OF_PAYLOAD, (_message, field) =>
      field === 'auto_reply_message'
        ? `The auto-reply message must be at most ${AUTO_REPLY_MAX_LENGTH} characters.`
        : 'Enter a valid date and time.',
    );
    for (const [field, text] of Object.entries(placed) as [SessionField, string][]) errors[field] ??= text;
  }
  if (Object.keys(errors).length > 0) return { errors, payload: null };
  if (Object.keys(payload).length === 0) {
    return { errors: { form: 'Nothing to save: nothing was changed.' }, payload: null };
  }
  return { errors, payload };
}

/** The datetime-local value 24 hours after `local` in `timeZone` (the API's default return date). */
export function dayAfter(local: string, timeZone: string): string {
  const iso = zonedLocalToUtcIso(local, timeZone);
  return iso ? utcIsoToZonedLocal(new Date(Date.parse(iso) + 86_400_000).toISOString(), timeZone) : '';
}

/** The dates overlap another session: which one, and when, with a link to it. */
function overlapNotice(
  other: { id: string; start_date: string; end_date: string },
  timeZone: string,
): ReactNode {
  return (
    <>
      These dates overlap another session, <a href={href(`/sessions/${other.id}`)}>{other.id}</a> (
      {formatDateTime(other.start_date, timeZone)} to {formatDateTime(other.end_date, timeZone)}). Choose
      dates outside it, or change that session first.
    </>
  );
}

/** A server error placed next to what caused it: an overlap beside the dates, a field's beside it. */
export function serverErrors(error: unknown, timeZone: string): SessionFormErrors {
  const other = conflictingSessionOf(error);
  if (other) return { dates: overlapNotice(other, timeZone) };
  return placeFieldErrors(error, FIELD_OF_PAYLOAD);
}

export interface SessionFormProps {
  timeZone: string;
  /** Editing this session; creating a new one when absent. */
  session?: EditedSession;
  /** Sends the payload; rejects with the API's error (TRPCClientError or anything like it). */
  submit: (payload: SessionPayload) => Promise<unknown>;
  onSaved?: (result: unknown) => void;
  onCancel?: () => void;
  /** The clock, for tests. */
  now?: () => number;
}

export function SessionForm({
  timeZone,
  session,
  submit,
  onSaved,
  onCancel,
  now = Date.now,
}: SessionFormProps) {
  const startLocked = session?.status === 'active';
  const form = useForm<SessionFormValues, SessionField, SessionPayload>({
    initial: () => initialValues(session, timeZone),
    order: ['start', 'end', 'returnDate', 'message', 'dates'],
    focusFor: { dates: startLocked ? 'end' : 'start' },
    check: (values) => validateSessionForm(values, { timeZone, now: now(), editing: session }),
    submit,
    placeServerError: (error) => serverErrors(error, timeZone),
    onSaved: (result) => onSaved?.(result),
  });
  const { id, values, errors } = form;

  const changeEnd = (event: { currentTarget: { value: string } }) => {
    const end = event.currentTarget.value;
    form.setValue('end', end);
    // Editing: a return date the person has not touched follows the end, as the server's default does.
    if (session && !form.touched.returnDate) {
      form.setValues((current) => ({ ...current, returnDate: dayAfter(end, timeZone) }));
    }
  };

  const problems = Object.keys(errors).filter((key) => key !== 'form').length;
  const summary =
    errors.form ??
    (form.outcome === 'invalid'
      ? `Please fix ${problems === 1 ? 'the problem' : `the ${problems} problems`} shown below.`
      : form.outcome === 'refused'
        ? 'The session was not saved: see the message below.'
        : '');
  const datesErrorId = errorIdOf(`${id}-dates`);
  const sharedDates = [errors.dates ? datesErrorId : null];

  return (
    <form className="form session-form" noValidate onSubmit={form.onSubmit} aria-describedby={`${id}-zone`}>
      <p id={`${id}-zone`} className="hint">
        Dates and times are in your account's time zone, <strong>{timeZone}</strong>.
      </p>
      {errors.form ? (
        <FormStatus error={summary} />
      ) : (
        <FormStatus notice={summary} noticeClassName="form-summary" />
      )}
      <fieldset className="dates">
        <legend>When are you away?</legend>
        <div className="field-row">
          <TextField
            {...form.field('start')}
            label="Start"
            hint={startLocked && 'The session has started, so its start cannot change.'}
            sharedErrorIds={sharedDates}
            control={{ ...DATE_TIME, disabled: startLocked }}
          />
          <TextField
            {...form.field('end')}
            label="End"
            sharedErrorIds={sharedDates}
            control={{ ...DATE_TIME, onChange: changeEnd }}
          />
        </div>
        <FieldError id={datesErrorId} testId="dates-error">
          {errors.dates}
        </FieldError>
        <TextField
          {...form.field('returnDate')}
          label="Back at work"
          optional
          hint="When you are back; a day after the end if left empty."
          control={{ type: 'datetime-local' }}
        />
      </fieldset>
      <TextField
        {...form.field('message')}
        label="Auto-reply message"
        optional
        hint={`Sent once to each real person who writes while you are away. ${values.message.trim().length}/${AUTO_REPLY_MAX_LENGTH}`}
        rows={5}
        control={{ placeholder: "I'm out of office until Monday 27 March. For anything urgent, contact …" }}
      />
      <FormActions
        pending={form.pending}
        pendingLabel="Saving…"
        label={session ? 'Save changes' : 'Schedule session'}
      >
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Back
          </button>
        )}
      </FormActions>
    </form>
  );
}
