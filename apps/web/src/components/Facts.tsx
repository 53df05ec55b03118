import type { ReactNode } from 'react';

export interface Fact {
  term: string;
  value: ReactNode;
  /** For tests that read one value as it changes. */
  testId?: string;
  valueClassName?: string;
}

/** Terms and their values side by side: a key's facts, a session's dates, a playbook's numbers. */
export function Facts({ className, facts }: { className: string; facts: Fact[] }) {
  return (
    <dl className={className}>
      {facts.map(({ term, value, testId, valueClassName }) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd className={valueClassName} data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
