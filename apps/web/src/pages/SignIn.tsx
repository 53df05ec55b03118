import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTitle } from '../account.tsx';
import { driftCodeOf, errorMessage } from '../lib/errors.ts';
import { setCsrfToken, useTRPC } from '../trpc.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void | Promise<void> }) {
  useTitle('Sign in');
  const trpc = useTRPC();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!email.trim()) found.email = 'Enter your email address.';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim()))
      found.email = 'Enter an email address like ana@example.com.';
    if (!password) found.password = 'Enter your password.';
    setErrors(found);
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();
    try {
      const result = await signIn.mutateAsync({ email: email.trim(), password });
      setCsrfToken(result.csrf_token);
      await onSignedIn();
    } catch (error) {
      const code = driftCodeOf(error);
      setErrors({
        form:
          code === 'UNAUTHORIZED'
            ? `${errorMessage(error)} Check your email address and password and try again.`
            : errorMessage(error),
      });
      passwordRef.current?.select();
    }
  };

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
        <form className="form" noValidate onSubmit={onSubmit}>
          <div className="form-status" aria-live="assertive">
            {errors.form && (
              <p className="notice notice-error" role="alert">
                {errors.form}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              ref={emailRef}
              id={`${id}-email`}
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              aria-invalid={Boolean(errors.email) || undefined}
              aria-describedby={errors.email ? `${id}-email-error` : undefined}
            />
            {errors.email && (
              <p id={`${id}-email-error`} className="field-error">
                {errors.email}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              ref={passwordRef}
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              aria-invalid={Boolean(errors.password) || undefined}
              aria-describedby={errors.password ? `${id}-password-error` : undefined}
            />
            {errors.password && (
              <p id={`${id}-password-error`} className="field-error">
                {errors.password}
              </p>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
