import type { InputHTMLAttributes, ReactNode } from 'react';

/** What a form control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** The id of a control's error message, for controls that another message points at. */
export const errorIdOf = (controlId: string) => `${controlId}-error`;
const hintIdOf = (controlId: string) => `${controlId}-hint`;

/** A field's message in red, announced with the control that points at it. */
export function FieldError({ id, testId, children }: { id: string; testId?: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="field-error" data-testid={testId}>
      {children}
    </p>
  );
}

export interface FieldProps {
  /** The control's id; the hint and error take theirs from it. */
  id: string;
  label: ReactNode;
  optional?: boolean;
  hint?: ReactNode;
  /** For tests that read a hint which changes with the form. */
  hintTestId?: string;
  error?: ReactNode;
  /** Ids of errors about this control and others together, such as two dates that overlap a session. */
  sharedErrorIds?: (string | false | null | undefined)[];
  /** Renders the control with the props that tie it to the label, hint and error. */
  children: (control: ControlProps) => ReactNode;
}

/** A label, its control, a hint and an error, tied together for screen readers. */
export function Field({
  id,
  label,
  optional,
  hint,
  hintTestId,
  error,
  sharedErrorIds = [],
  children,
}: FieldProps) {
  const shared = sharedErrorIds.filter((other): other is string => Boolean(other));
  const describedBy = [hint ? hintIdOf(id) : null, error ? errorIdOf(id) : null, ...shared].filter(Boolean);
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && (
          <>
            {' '}
            <span className="optional">(optional)</span>
          </>
        )}
      </label>
      {children({
        id,
        'aria-invalid': error || shared.length > 0 ? true : undefined,
        'aria-describedby': describedBy.join(' ') || undefined,
      })}
      {hint && (
        <p id={hintIdOf(id)} className="hint" data-testid={hintTestId}>
          {hint}
        </p>
      )}
      <FieldError id={errorIdOf(id)}>{error}</FieldError>
    </div>
  );
}

/**
 * The live region at the top of a form: a refusal for the whole form as an alert, or a neutral
 * notice ("Settings saved.").
 */
export function FormStatus({
  error,
  notice,
  noticeClassName = 'notice notice-success',
  errorTestId,
  politeness = 'assertive',
}: {
  error?: ReactNode;
  notice?: ReactNode;
  noticeClassName?: string;
  errorTestId?: string;
  politeness?: 'polite' | 'assertive';
}) {
  return (
    <div className="form-status" aria-live={politeness}>
      {error && (
        <p className="notice notice-error" role="alert" data-testid={errorTestId}>
          {error}
        </p>
      )}
      {notice && <p className={noticeClassName}>{notice}</p>}
    </div>
  );
}

/** The form's submit button, which says what it is doing while the request is out; then any others. */
export function FormActions({
  pending,
  label,
  pendingLabel,
  children,
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="button-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      {children}
    </div>
  );
}

/** What `useForm().bind` gives a text control: its name, value, change handler and focus ref. */
export interface BoundControl {
  name: string;
  value: string;
  onChange: (event: { currentTarget: { value: string } }) => void;
  ref: (element: HTMLElement | null) => void;
}

/** What a text control may add to its binding; `onChange` replaces the bound one. */
export type TextControlAttributes = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  | 'type'
  | 'placeholder'
  | 'autoComplete'
  | 'autoCapitalize'
  | 'spellCheck'
  | 'inputMode'
  | 'required'
  | 'disabled'
  | 'onChange'
>;

/** A field whose control is a text input, or a text area of `rows` lines, bound to the form. */
export function TextField({
  bound,
  control,
  rows,
  ...field
}: Omit<FieldProps, 'children'> & { bound: BoundControl; control?: TextControlAttributes; rows?: number }) {
  return (
    <Field {...field}>
      {(tie) =>
        rows ? (
          <textarea {...tie} {...bound} rows={rows} placeholder={control?.placeholder} />
        ) : (
          <input {...tie} {...bound} {...control} />
        )
      }
    </Field>
  );
}
