import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TimeSavedExplained } from './Explain.tsx';

/** The weights as triage defines them (the web app does not depend on @drift/triage): read from its source. */
function timeSavedMinutes(): Record<string, number> {
  const source = readFileSync(
    join(import.meta.dirname, '../../../../packages/triage/src/playbook.ts'),
    'utf8',
  );
  const block = /TIME_SAVED_MINUTES[^{]*{([^}]*)}/.exec(source)?.[1] ?? '';
  return Object.fromEntries(
    [...block.matchAll(/(\w+):\s*(\d+)/g)].map(([, key, value]) => [key, Number(value)]),
  );
}

describe('TimeSavedExplained', () => {
  it('states the minutes per category that the playbook adds up', () => {
    const minutes = timeSavedMinutes();
    expect(Object.keys(minutes).sort()).toEqual(
      ['action_required', 'fyi', 'newsletter', 'promotional', 'resolved', 'urgent'].sort(),
    );
    render(<TimeSavedExplained />);
    const text = (screen.getByText(/is an estimate/).textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain(`about ${minutes.resolved} min for a thread that was resolved`);
    expect(text).toContain(`${minutes.newsletter} min for a newsletter`);
    expect(text).toContain(`${minutes.fyi} min for an FYI`);
    expect(text).toContain(`${minutes.promotional} min for a promotion`);
    expect(minutes.urgent).toBe(0);
    expect(minutes.action_required).toBe(0);
    expect(text).toContain('count 0 min');
  });
});
