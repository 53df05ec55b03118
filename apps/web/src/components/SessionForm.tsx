import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { driftCodeOf, errorMessage, fieldOfMessage, humanise, parseOverlap } from '../lib/errors.ts';
import { formatDateTime, utcIsoToZonedLocal, zonedLocalToUtcIso } from '../lib/time.ts';
import { href } from '../router.ts';

export const AUTO_REPLY_MAX_LENGTH = 5000;

/** What the person typed: datetime-local values in the account's zone, and the message. */
export interface SessionFormValues {
  start: string;
  end: string;
  returnDate: string;
  message: string;
}

/** What the API takes, for `sessions.create` or (with the id added) `sessions.update`. */
export interface SessionPayload {
  start_date?: string;
  end_date?: string;
  return_date?: string;
  auto_reply_message?: string | null;
}

/** The session being edited, as `sessions.get` returns it. */
export interface EditedSession {
  id: string;
  status: string;
  start_date: string;
  end_date: string;
  return_date: string;
  auto_reply_message: string | null;
}

type FieldName = keyof SessionFormValues;

export interface SessionFormErrors {
  start?: string;
  end?: string;
  returnDate?: string;
  message?: string;
  /** About the dates together, such as an overlap with another session. */
  dates?: ReactNode;
  form?: string;
}

export function initialValues(session: EditedSession | undefined, timeZone: string): SessionFormValues {
  if (!session) return { start: '', end: '', returnDate: '', message: '' };
  return {
    start: utcIsoToZonedLocal(session.start_date, timeZone),
    end: utcIsoToZonedLocal(session.end_date, timeZone),
    returnDate: utcIsoToZonedLocal(session.return_date, timeZone),
    message: session.auto_reply_message ?? '',
  };
}

/**
 * Checks the form as the server would, in words next to each field, and builds the payload.
 * Editing sends only what changed, so an untouched start of an active session is not re-sent.
 */
export function validateSessionForm(
  values: SessionFormValues,
  options: { timeZone: string; now: number; editing?: EditedSession },
): { errors: SessionFormErrors; payload: SessionPayload | null } {
  const { timeZone, now, editing } = options;
  const errors: SessionFormErrors = {};
  const before = editing ? initialValues(editing, timeZone) : null;

  const start = values.start.trim() ? zonedLocalToUtcIso(values.start, timeZone) : null;
  const end = values.end.trim() ? zonedLocalToUtcIso(values.end, timeZone) : null;
  const returnDate = values.returnDate.trim() ? zonedLocalToUtcIso(values.returnDate, timeZone) : null;

  if (!values.start.trim()) errors.start = 'Enter the start date and time.';
  else if (!start) errors.start = 'Enter a valid start date and time.';
  if (!values.end.trim()) errors.end = 'Enter the end date and time.';
  else if (!end) errors.end = 'Enter a valid end date and time.';
  if (values.returnDate.trim() && !returnDate) errors.returnDate = 'Enter a valid return date and time.';

  const startChanged = !before || values.start !== before.start;
  const endChanged = !before || values.end !== before.end;
  const returnChanged =
    values.returnDate.trim() !== '' && (!before || values.returnDate !== before.returnDate);

  if (start && end) {
    if (Date.parse(end) <= Date.parse(start)) errors.end = 'The end must be after the start.';
    else if ((startChanged || endChanged) && Date.parse(end) <= now)
      errors.end = 'The end must be in the future.';
  } else if (end && endChanged && Date.parse(end) <= now && !errors.end) {
    errors.end = 'The end must be in the future.';
  }
  if (returnDate && end && !errors.returnDate && Date.parse(returnDate) < Date.parse(end)) {
    errors.returnDate = 'The return date must not be before the end.';
  }
  if ([...values.message.trim()].length > AUTO_REPLY_MAX_LENGTH) {
    errors.message = `The auto-reply message must be at most ${AUTO_REPLY_MAX_LENGTH} characters.`;
  }
  if (Object.keys(errors).length > 0 || !start || !end) return { errors, payload: null };

  const message = values.message.trim();
  if (!before) {
    const payload: SessionPayload = { start_date: start, end_date: end };
    if (returnDate) payload.return_date = returnDate;
    if (message) payload.auto_reply_message = message;
    return { errors, payload };
  }
  const payload: SessionPayload = {};
  if (startChanged) payload.start_date = start;
  if (endChanged) payload.end_date = end;
  if (returnChanged && returnDate) payload.return_date = returnDate;
  if (message !== before.message.trim()) payload.auto_reply_message = message || null;
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

const SERVER_FIELDS = ['start_date', 'end_date', 'return_date', 'auto_reply_message'] as const;
const FIELD_OF_SERVER: Record<(typeof SERVER_FIELDS)[number], FieldName> = {
  start_date: 'start',
  end_date: 'end',
  return_date: 'returnDate',
  auto_reply_message: 'message',
};

/** A server error placed next to what caused it: an overlap beside the dates, a field's beside it. */
export function serverErrors(error: unknown, timeZone: string): SessionFormErrors {
  const message =
    typeof (error as { message?: unknown })?.message === 'string' ? (error as Error).message : '';
  const code = driftCodeOf(error);
  if (code === 'CONFLICT') {
    const overlap = parseOverlap(message);
    if (overlap) {
      return {
        dates: (
          <>
            These dates overlap another session,{' '}
            <a href={href(`/sessions/${overlap.sessionId}`)}>{overlap.sessionId}</a> (
            {formatDateTime(overlap.start, timeZone)} to {formatDateTime(overlap.end, timeZone)}). Choose
            dates outside it, or change that session first.
          </>
        ),
      };
    }
    if (/overlap/i.test(message)) return { dates: humanise(message) };
    return { form: errorMessage(error) };
  }
  if (code === 'VALIDATION_ERROR') {
    const field = fieldOfMessage(message, SERVER_FIELDS);
    if (field) return { [FIELD_OF_SERVER[field]]: humanise(message) };
  }
  return { form: errorMessage(error) };
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
  const id = useId();
  const [values, setValues] = useState<SessionFormValues>(() => initialValues(session, timeZone));
  const [errors, setErrors] = useState<SessionFormErrors>({});
  const [pending, setPending] = useState(false);
  const [summary, setSummary] = useState('');
  const refs = {
    start: useRef<HTMLInputElement>(null),
    end: useRef<HTMLInputElement>(null),
    returnDate: useRef<HTMLInputElement>(null),
    message: useRef<HTMLTextAreaElement>(null),
  };
  const startLocked = session?.status === 'active';

  const [returnTouched, setReturnTouched] = useState(false);
  const set = (field: FieldName) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    if (field === 'returnDate') setReturnTouched(true);
    setValues((v) => {
      const next = { ...v, [field]: value };
      // Editing: a return date the person has not touched follows the end, as the server's default does.
      if (field === 'end' && session && !returnTouched) next.returnDate = dayAfter(value, timeZone);
      return next;
    });
  };

  const focusFirst = (found: SessionFormErrors) => {
    const order: FieldName[] = ['start', 'end', 'returnDate', 'message'];
    const first = order.find((f) => found[f]) ?? (found.dates ? (startLocked ? 'end' : 'start') : undefined);
    if (first) refs[first].current?.focus();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const { errors: found, payload } = validateSessionForm(values, {
      timeZone,
      now: now(),
      editing: session,
    });
    setErrors(found);
    if (!payload) {
      const count = Object.keys(found).filter((k) => k !== 'form').length;
      setSummary(
        found.form ?? `Please fix ${count === 1 ? 'the problem' : `the ${count} problems`} shown below.`,
      );
      focusFirst(found);
      return;
    }
    setSummary('');
    setPending(true);
    try {
      const result = await submit(payload);
      setPending(false);
      onSaved?.(result);
    } catch (error) {
      setPending(false);
      const placed = serverErrors(error, timeZone);
      setErrors(placed);
      setSummary(placed.form ?? 'The session was not saved: see the message below.');
      focusFirst(placed);
    }
  };

  const describedBy = (field: FieldName, hint?: string) =>
    [
      hint,
      errors[field] ? `${id}-${field}-error` : null,
      errors.dates && (field === 'start' || field === 'end') ? `${id}-dates-error` : null,
    ]
      .filter(Boolean)
      .join(' ') || undefined;
  const invalid = (field: FieldName) =>
    Boolean(errors[field]) || (Boolean(errors.dates) && (field === 'start' || field === 'end'));

  const fieldError = (field: FieldName) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="form session-form" noValidate onSubmit={onSubmit} aria-describedby={`${id}-zone`}>
      <p id={`${id}-zone`} className="hint">
        Dates and times are in your account's time zone, <strong>{timeZone}</strong>.
      </p>
      <div className="form-status" aria-live="assertive">
        {summary && (
          <p
            className={errors.form ? 'notice notice-error' : 'form-summary'}
            role={errors.form ? 'alert' : undefined}
          >
            {summary}
          </p>
        )}
      </div>
      <fieldset className="dates">
        <legend>When are you away?</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-start`}>Start</label>
            <input
              ref={refs.start}
              id={`${id}-start`}
              name="start"
              type="datetime-local"
              required
              value={values.start}
              onChange={set('start')}
              disabled={startLocked}
              aria-invalid={invalid('start') || undefined}
              aria-describedby={describedBy('start', startLocked ? `${id}-start-hint` : undefined)}
            />
            {startLocked && (
              <p id={`${id}-start-hint`} className="hint">
                The session has started, so its start cannot change.
              </p>
            )}
            {fieldError('start')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>End</label>
            <input
              ref={refs.end}
              id={`${id}-end`}
              name="end"
              type="datetime-local"
              required
              value={values.end}
              onChange={set('end')}
              aria-invalid={invalid('end') || undefined}
              aria-describedby={describedBy('end')}
            />
            {fieldError('end')}
          </div>
        </div>
        {errors.dates && (
          <p id={`${id}-dates-error`} className="field-error" data-testid="dates-error">
            {errors.dates}
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-return`}>
            Back at work <span className="optional">(optional)</span>
          </label>
          <input
            ref={refs.returnDate}
            id={`${id}-return`}
            name="returnDate"
            type="datetime-local"
            value={values.returnDate}
            onChange={set('returnDate')}
            aria-invalid={invalid('returnDate') || undefined}
            aria-describedby={describedBy('returnDate', `${id}-return-hint`)}
          />
          <p id={`${id}-return-hint`} className="hint">
            When you are back; a day after the end if left empty.
          </p>
          {fieldError('returnDate')}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-message`}>
          Auto-reply message <span className="optional">(optional)</span>
        </label>
        <textarea
          ref={refs.message}
          id={`${id}-message`}
          name="message"
          rows={5}
          value={values.message}
          onChange={set('message')}
          placeholder="I'm out of office until Monday 27 March. For anything urgent, contact …"
          aria-invalid={invalid('message') || undefined}
          aria-describedby={describedBy('message', `${id}-message-hint`)}
        />
        <p id={`${id}-message-hint`} className="hint">
          Sent once to each real person who writes while you are away. {[...values.message.trim()].length}/
          {AUTO_REPLY_MAX_LENGTH}
        </p>
        {fieldError('message')}
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Saving…' : session ? 'Save changes' : 'Schedule session'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Back
          </button>
        )}
      </div>
    </form>
  );
}
