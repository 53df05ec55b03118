import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';

/** Messages per field (`F` may name things without a control, such as the dates together) and for the form. */
export type FormErrors<F extends string> = Partial<Record<F, ReactNode>> & { form?: string };

/** A check of the values: what is wrong, or the payload to send when nothing is. */
export interface Checked<F extends string, P> {
  errors: FormErrors<F>;
  payload: P | null;
}

/** How the last submit ended: refused by the form's own check, refused by the server, or saved. */
export type FormOutcome = 'invalid' | 'refused' | 'saved' | null;

type TextKeys<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

export interface FormOptions<V, F extends string, P, R> {
  initial: V | (() => V);
  /** The fields in the order the form shows them: the first with an error takes the focus. */
  order: readonly F[];
  check: (values: V) => Checked<F, P>;
  submit: (payload: P) => Promise<R>;
  /** Where the server's refusal belongs (see lib/errors.ts). */
  placeServerError: (error: unknown) => FormErrors<F>;
  onSaved?: (result: R, payload: P) => void | Promise<void>;
  /** After the server refused, with the controls: a sign-in selects the password to type again. */
  onRefused?: (error: unknown, controlOf: (field: F) => HTMLElement | null | undefined) => void;
  /** Errors without a control of their own, and the control that takes the focus for them. */
  focusFor?: Partial<Record<F, F>>;
}

/**
 * One form's state and submit cycle: the values, which of them the person changed, the errors
 * beside each field, the check before sending, the server's refusal placed where it belongs and the
 * focus moved to the first problem.
 */
export function useForm<V extends object, F extends string, P, R = unknown>(
  options: FormOptions<V, F, P, R>,
) {
  const { order, check, submit, placeServerError, onSaved, onRefused, focusFor } = options;
  /** The prefix of the form's control ids: unique on the page. */
  const id = useId();
  const [values, setValues] = useState<V>(options.initial);
  const [touched, setTouched] = useState<Partial<Record<keyof V, true>>>({});
  const [errors, setErrors] = useState<FormErrors<F>>({});
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<FormOutcome>(null);
  const controls = useRef(new Map<F, HTMLElement | null>());
  const refs = useRef(new Map<F, (element: HTMLElement | null) => void>());

  const setValue = <K extends keyof V>(field: K, value: V[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    setTouched((current) => ({ ...current, [field]: true }));
  };

  /** The change handler of a text control. */
  const change = (field: TextKeys<V>) => (event: { currentTarget: { value: string } }) =>
    setValue(field, event.currentTarget.value as V[typeof field]);

  /** The ref of the control that takes the focus when `field` has an error. */
  const register = (field: F) => {
    let ref = refs.current.get(field);
    if (!ref) {
      ref = (element) => controls.current.set(field, element);
      refs.current.set(field, ref);
    }
    return ref;
  };

  /** What a text control bound to `field` needs: its name, value, change handler and focus ref. */
  const bind = (field: TextKeys<V> & F) => ({
    name: field,
    value: values[field] as string,
    onChange: change(field),
    ref: register(field),
  });

  /** What a `TextField` bound to `field` needs: its id, its error and its binding. */
  const field = (name: TextKeys<V> & F) => ({ id: `${id}-${name}`, error: errors[name], bound: bind(name) });

  const focusFirstError = (found: FormErrors<F>) => {
    const first = order.find((field) => found[field]);
    if (first) controls.current.get(focusFor?.[first] ?? first)?.focus();
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const { errors: found, payload } = check(values);
    setErrors(found);
    if (payload === null) {
      setOutcome('invalid');
      focusFirstError(found);
      return;
    }
    setOutcome(null);
    setPending(true);
    try {
      const result = await submit(payload);
      setPending(false);
      setOutcome('saved');
      await onSaved?.(result, payload);
    } catch (error) {
      setPending(false);
      const placed = placeServerError(error);
      setErrors(placed);
      setOutcome('refused');
      focusFirstError(placed);
      onRefused?.(error, (field) => controls.current.get(field));
    }
  };

  return {
    id,
    values,
    setValues,
    setValue,
    change,
    bind,
    field,
    touched,
    errors,
    pending,
    outcome,
    register,
    onSubmit,
  };
}
