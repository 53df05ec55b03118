import { type SignIn, signInInput, zodFieldErrors } from '@drift/contract';
import { useMutation } from '@tanstack/react-query';
import { useTitle } from '../account.tsx';
import { FormActions, FormStatus, TextField } from '../components/Field.tsx';
import { driftCodeOf, errorMessage, fieldMessages } from '../lib/errors.ts';
import { useForm } from '../lib/use-form.ts';
import { setCsrfToken, useTRPC } from '../trpc.ts';

const SIGN_IN_FIELDS = { email: 'email', password: 'password' } as const;

/** The sign-in payload, checked with the server's own schema; the words are the form's. */
export function checkSignIn(values: { email: string; password: string }) {
  const payload: SignIn = { email: values.email.trim(), password: values.password };
  const parsed = signInInput.safeParse(payload);
  if (parsed.success) return { errors: {}, payload };
  const { placed } = fieldMessages(zodFieldErrors(parsed.error), SIGN_IN_FIELDS, (_message, field) => {
    if (field === 'password') return 'Enter your password.';
    return payload.email ? 'Enter an email address like ana@example.com.' : 'Enter your email address.';
  });
  return { errors: placed, payload: null };
}

/** A refused sign-in says what to check; anything else is said as it is. */
function signInRefusal(error: unknown) {
  const message = errorMessage(error);
  return {
    form:
      driftCodeOf(error) === 'UNAUTHORIZED'
        ? `${message} Check your email address and password and try again.`
        : message,
  };
}

export function SignInPage({ onSignedIn }: { onSignedIn: () => void | Promise<void> }) {
  useTitle('Sign in');
  const trpc = useTRPC();
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const form = useForm({
    initial: { email: '', password: '' },
    order: ['email', 'password'],
    check: checkSignIn,
    submit: (payload) => signIn.mutateAsync(payload),
    placeServerError: signInRefusal,
    onRefused: (_error, controlOf) =>
      (controlOf('password') as HTMLInputElement | null | undefined)?.select(),
    onSaved: async (result) => {
      setCsrfToken(result.csrf_token);
      await onSignedIn();
    },
  });
  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            ◐
          </span>{' '}
          Drift
        </p>
        <h1>Sign in</h1>
        <p className="hint">Your out-of-office assistant: sessions, captured mail and return playbooks.</p>
        <form className="form" noValidate onSubmit={form.onSubmit}>
          <FormStatus error={form.errors.form} />
          <TextField
            {...form.field('email')}
            label="Email"
            control={{ type: 'email', autoComplete: 'username', required: true }}
          />
          <TextField
            {...form.field('password')}
            label="Password"
            control={{ type: 'password', autoComplete: 'current-password', required: true }}
          />
          <FormActions pending={form.pending} pendingLabel="Signing in…" label="Sign in" />
        </form>
      </div>
    </main>
  );
}
