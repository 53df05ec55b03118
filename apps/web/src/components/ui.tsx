import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { copyText } from '../lib/clipboard.ts';
import { errorMessage } from '../lib/errors.ts';

const STATUS_LABEL: Record<string, string> = {
  scheduled: 'Scheduled',
  active: 'Active',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export function urgencyLevel(score: number): 'high' | 'medium' | 'low' {
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** The urgency score as a number and a colour; the level in words for those who cannot see it. */
export function UrgencyBadge({ score }: { score: number }) {
  const level = urgencyLevel(score);
  return (
    <span className={`urgency urgency-${level}`} title={`Urgency ${score} of 10 (${level})`}>
      <span aria-hidden="true">{score}</span>
      <span className="visually-hidden">
        Urgency {score} of 10, {level}
      </span>
    </span>
  );
}

export function PlanBadge({ plan }: { plan: string }) {
  const label = plan === 'team_growth' ? 'Team Growth' : plan === 'free' ? 'Free' : plan;
  return <span className={`badge plan plan-${plan}`}>{label} plan</span>;
}

/** After this long without an answer, a load says it is still waiting instead of spinning on. */
export const SLOW_AFTER_MS = 4_000;

/** Whether `ms` have passed since the component appeared. */
function useAfter(ms: number): boolean {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setPassed(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return passed;
}

/** How a load is going, from React Query: failed attempts so far, and whether it waits for the network. */
export interface LoadProgress {
  failureCount: number;
  fetchStatus: 'fetching' | 'paused' | 'idle';
  /** Asks again now. */
  retry: () => void;
}

/**
 * A spinner; when the server cannot be reached (an attempt failed, the browser is offline, or no
 * answer for SLOW_AFTER_MS) it says so, with a button to try again at once, while React Query
 * keeps retrying.
 */
export function Loading({ label = 'Loading…', progress }: { label?: string; progress?: LoadProgress }) {
  const slow = useAfter(SLOW_AFTER_MS);
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const failing = Boolean(progress && (progress.failureCount > 0 || progress.fetchStatus === 'paused'));
  const problem =
    failing || offline
      ? 'Cannot reach Drift — retrying…'
      : slow
        ? 'Drift is slow to answer — still waiting…'
        : null;
  return (
    <div className="loading-state">
      <p className="loading" role="status">
        <span className="spinner" aria-hidden="true" />
        {problem ?? label}
      </p>
      {problem && (
        <p className="hint">
          {offline ? 'This browser is offline. ' : ''}Check your connection; Drift keeps trying.{' '}
          {progress && (
            <button type="button" className="link-button" onClick={progress.retry}>
              Retry
            </button>
          )}
        </p>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="notice notice-error" role="alert">
      <span>{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export interface PageInfo {
  total: number;
  limit: number;
  /** null only on a page read by cursor (`starting_after`), which the dashboard does not ask for. */
  offset: number | null;
  has_more: boolean;
}

/** "21–40 of 57" with previous and next. */
export function Pagination({
  pagination,
  onPage,
  label,
}: {
  pagination: PageInfo;
  onPage: (offset: number) => void;
  label: string;
}) {
  const { total, limit, has_more } = pagination;
  const offset = pagination.offset ?? 0;
  if (total === 0) return null;
  const first = Math.min(total, offset + 1);
  const last = Math.min(total, offset + limit);
  // One page: nothing to page through.
  if (offset === 0 && !has_more) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span aria-live="polite">
        {first}–{last} of {total}
      </span>
      <button type="button" disabled={!has_more} onClick={() => onPage(offset + limit)}>
        Next →
      </button>
    </nav>
  );
}

/**
 * A button that asks before doing something that cannot be undone: the first press shows
 * "Are you sure?" with a confirm and a keep button, focus moves to "keep".
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  keepLabel = 'Keep it',
  onConfirm,
  pending = false,
  danger = true,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  keepLabel?: string;
  onConfirm: () => void;
  pending?: boolean;
  danger?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) keepRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={openerRef}
        type="button"
        className={danger ? 'button-danger-outline' : undefined}
        disabled={pending}
        onClick={() => setAsking(true)}
      >
        {pending ? 'Working…' : label}
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: an inline confirmation, not a modal dialog
    <div
      className="confirm"
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setAsking(false);
      }}
    >
      <span id={questionId}>{question}</span>
      <button
        type="button"
        className={danger ? 'button-danger' : 'button-primary'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button ref={keepRef} type="button" onClick={() => setAsking(false)}>
        {keepLabel}
      </button>
    </div>
  );
}

/** A read-only value with a copy button; says whether it worked. */
export function CopyField({ label, value, id }: { label: string; value: string; id?: string }) {
  const generated = useId();
  const inputId = id ?? generated;
  const inputRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<'' | 'copied' | 'manual'>('');
  return (
    <div className="copy-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="copy-row">
        <input
          ref={inputRef}
          id={inputId}
          readOnly
          value={value}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          onClick={async () => {
            const copied = await copyText(value);
            if (!copied) inputRef.current?.select();
            setResult(copied ? 'copied' : 'manual');
          }}
        >
          Copy
        </button>
      </div>
      <p className="hint" aria-live="polite">
        {result === 'copied' && 'Copied to the clipboard.'}
        {result === 'manual' &&
          'Could not copy automatically: the text is selected, press Ctrl+C (⌘C on a Mac).'}
      </p>
    </div>
  );
}
