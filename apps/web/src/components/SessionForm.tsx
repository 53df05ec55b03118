import {
  AUTO_REPLY_MAX_LENGTH,
  createSessionInput,
  type UpdateSession,
  updateSessionInput,
  withContactSentence,
  zodFieldErrors,
} from '@drift/contract';
import { defaultAutoReplyMessage } from '@drift/domain/browser';
import type { ReactNode } from 'react';
import { conflictingSessionOf, fieldMessages, placeFieldErrors } from '../lib/errors.ts';
import { defaultEnd, defaultStart, endChoices } from '../lib/schedule.ts';
import { dateRange, formatDateTime, utcIsoToZonedLocal, zonedLocalToUtcIso } from '../lib/time.ts';
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

/**
 * What senders get: the built-in reply (`auto_reply_message` null or absent), the person's own
 * message, or nothing (`""`).
 */
export type ReplyChoice = 'standard' | 'own' | 'none';

/** What the person typed: datetime-local values in the account's zone, the reply and the message. */
export interface SessionFormValues {
  start: string;
  end: string;
  returnDate: string;
  reply: ReplyChoice;
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

/** Which reply a stored `auto_reply_message` stands for. */
export function replyChoiceOf(message: string | null): ReplyChoice {
  if (message === null) return 'standard';
  return message.trim() === '' ? 'none' : 'own';
}

/** The form's first values: the session's when editing; else from now to the end of the next working day. */
export function initialValues(
  session: EditedSession | undefined,
  timeZone: string,
  now: number = Date.now(),
): SessionFormValues {
  if (!session) {
    return {
      start: defaultStart(now, timeZone),
      end: defaultEnd(now, timeZone),
      returnDate: '',
      reply: 'standard',
      message: '',
    };
  }
  return {
    start: utcIsoToZonedLocal(session.start_date, timeZone),
    end: utcIsoToZonedLocal(session.end_date, timeZone),
    returnDate: utcIsoToZonedLocal(session.return_date, timeZone),
    reply: replyChoiceOf(session.auto_reply_message),
    message: session.auto_reply_message ?? '',
  };
}

/** What `auto_reply_message` the choice sends: null for the standard reply, "" for none. */
function replyPayload(reply: ReplyChoice, message: string): string | null {
  if (reply === 'standard') return null;
  return reply === 'none' ? '' : message.trim();
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

  if (values.reply === 'own' && !values.message.trim()) {
    errors.message = 'Write your message, or choose the standard reply or no auto-reply.';
  }
  const reply = replyPayload(values.reply, values.message);
  const payload: SessionPayload = {};
  if (startChanged && start) payload.start_date = start;
  if (endChanged && end) payload.end_date = end;
  if (returnChanged && returnDate) payload.return_date = returnDate;
  // New: the standard reply is what the server sends when the message is left out.
  if (!before && reply !== null) payload.auto_reply_message = reply;
  if (before && editing && reply !== replyPayload(before.reply, editing.auto_reply_message ?? '')) {
    payload.auto_reply_message = reply;
  }

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

/**
 * The return date the server stores: the one typed, else 24 hours after the end (its default);
 * null while neither is a valid date.
 */
export function effectiveReturnDate(values: SessionFormValues, timeZone: string): Date | null {
  const typed = values.returnDate.trim() ? zonedLocalToUtcIso(values.returnDate, timeZone) : null;
  if (typed) return new Date(typed);
  const end = zonedLocalToUtcIso(values.end, timeZone);
  return end ? new Date(Date.parse(end) + 86_400_000) : null;
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
      These dates overlap another session,{' '}
      <a href={href(`/sessions/${other.id}`)}>{dateRange(other.start_date, other.end_date, timeZone)}</a> (
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
  /** The account's name, which signs the standard reply (as the server signs it). */
  ownerName?: string;
  /** A sentence the server adds to every reply (the backup contact, when the owner opted in). */
  replySuffix?: string | null;
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
  ownerName = '',
  replySuffix = null,
  session,
  submit,
  onSaved,
  onCancel,
  now = Date.now,
}: SessionFormProps) {
  const startLocked = session?.status === 'active';
  const form = useForm<SessionFormValues, SessionField, SessionPayload>({
    initial: () => initialValues(session, timeZone, now()),
    order: ['start', 'end', 'returnDate', 'message', 'dates'],
    focusFor: { dates: startLocked ? 'end' : 'start' },
    check: (values) => validateSessionForm(values, { timeZone, now: now(), editing: session }),
    submit,
    placeServerError: (error) => serverErrors(error, timeZone),
    onSaved: (result) => onSaved?.(result),
  });
  const { id, values, errors } = form;

  const setEnd = (end: string) => {
    form.setValue('end', end);
    // Editing: a return date the person has not touched follows the end, as the server's default does.
    if (session && !form.touched.returnDate) {
      form.setValues((current) => ({ ...current, returnDate: dayAfter(end, timeZone) }));
    }
  };
  const changeEnd = (event: { currentTarget: { value: string } }) => setEnd(event.currentTarget.value);
  const quickEnds = endChoices(now(), timeZone);
  const returnDate = effectiveReturnDate(values, timeZone);
  const standardReply = returnDate
    ? withContactSentence(defaultAutoReplyMessage(ownerName, returnDate, timeZone), replySuffix)
    : null;
  const replyIds = { standard: `${id}-reply-standard`, own: `${id}-reply-own`, none: `${id}-reply-none` };
  const chooseReply = (reply: ReplyChoice) => form.setValue('reply', reply);

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
            hint={
              startLocked
                ? 'The session has started, so its start cannot change.'
                : 'Now, unless you change it.'
            }
            sharedErrorIds={sharedDates}
            control={{ ...DATE_TIME, disabled: startLocked }}
          />
          <TextField
            {...form.field('end')}
            label="End"
            hint="Until you are back in the office."
            sharedErrorIds={sharedDates}
            control={{ ...DATE_TIME, onChange: changeEnd }}
          />
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a row of buttons, not a form section */}
        <div className="quick-choices" role="group" aria-label="Set the end to">
          <span className="hint" aria-hidden="true">
            End:
          </span>
          {quickEnds.map((choice) => (
            <button
              key={choice.label}
              type="button"
              className="chip"
              aria-pressed={values.end === choice.value}
              onClick={() => setEnd(choice.value)}
            >
              {choice.label}
            </button>
          ))}
        </div>
        <FieldError id={datesErrorId} testId="dates-error">
          {errors.dates}
        </FieldError>
        <TextField
          {...form.field('returnDate')}
          label="Back at work"
          optional
          hintTestId="return-hint"
          hint={
            values.returnDate.trim() || !returnDate
              ? 'When you are back; a day after the end if left empty.'
              : `When you are back; left empty, it is a day after the end: ${formatDateTime(returnDate.toISOString(), timeZone)}.`
          }
          control={{ type: 'datetime-local' }}
        />
      </fieldset>
      <fieldset className="reply-choice">
        <legend>Auto-reply</legend>
        <p className="hint">
          Sent once per session to each person who writes to you while you are away; never to mailing lists,
          newsletters, automated senders or spam.
        </p>
        <div className="radio">
          <input
            type="radio"
            id={replyIds.standard}
            name={`${id}-reply`}
            value="standard"
            checked={values.reply === 'standard'}
            onChange={() => chooseReply('standard')}
            aria-describedby={`${replyIds.standard}-preview`}
          />
          <label htmlFor={replyIds.standard}>Send the standard reply</label>
        </div>
        <div className="radio-detail" id={`${replyIds.standard}-preview`}>
          {standardReply ? (
            <>
              <span className="visually-hidden">The standard reply reads: </span>
              <blockquote className="auto-reply" data-testid="standard-reply-preview">
                {standardReply}
              </blockquote>
            </>
          ) : (
            <p className="hint">Set the end to see the standard reply: it names the day you are back.</p>
          )}
        </div>
        <div className="radio">
          <input
            type="radio"
            id={replyIds.own}
            name={`${id}-reply`}
            value="own"
            checked={values.reply === 'own'}
            onChange={() => chooseReply('own')}
          />
          <label htmlFor={replyIds.own}>Send my own message</label>
        </div>
        <div className="radio-detail">
          <TextField
            {...form.field('message')}
            bound={{
              ...form.bind('message'),
              onChange: (event) => {
                form.setValue('message', event.currentTarget.value);
                // Writing a message is choosing it.
                form.setValue('reply', 'own');
              },
            }}
            label="Auto-reply message"
            hint={`Your own text, sent instead of the standard reply${replySuffix ? `, ending with “${replySuffix}”` : ''}. ${values.message.trim().length}/${AUTO_REPLY_MAX_LENGTH}`}
            rows={5}
            control={{
              placeholder: "I'm out of office until Monday 27 March. For anything urgent, contact …",
            }}
          />
        </div>
        <div className="radio">
          <input
            type="radio"
            id={replyIds.none}
            name={`${id}-reply`}
            value="none"
            checked={values.reply === 'none'}
            onChange={() => chooseReply('none')}
            aria-describedby={`${replyIds.none}-hint`}
          />
          <label htmlFor={replyIds.none}>Send no auto-reply</label>
        </div>
        <p className="hint radio-detail" id={`${replyIds.none}-hint`}>
          Nobody gets an answer from Drift during this session.
        </p>
      </fieldset>
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
