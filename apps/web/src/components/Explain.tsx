import type { ReactNode } from 'react';

/** A disclosure under a set of numbers: what they count, for whoever wonders. */
export function Explain({
  summary = 'How is this counted?',
  children,
}: {
  summary?: string;
  children: ReactNode;
}) {
  return (
    <details className="explain">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/**
 * The playbook's "Time saved", as packages/triage/src/playbook.ts computes it
 * (TIME_SAVED_MINUTES per category, summed and rounded): for the Playbooks page.
 */
export function TimeSavedExplained() {
  return (
    <Explain>
      <p>
        <strong>Time saved</strong> is an estimate: for each message of the session, the minutes you would
        have spent handling it yourself and no longer need to: about 3 min for a thread that was resolved
        while you were away (you would read it all to find nothing is left), 2 min for a newsletter and 2 min
        for an FYI (you read a one-line summary instead), 1 min for a promotion or spam. Urgent messages and
        those that ask you to act count 0 min: they still need you. The minutes are added up and rounded.
      </p>
      <p>
        <strong>Filtered out</strong>: newsletters, promotions (spam counts as one) and resolved threads.
      </p>
    </Explain>
  );
}
