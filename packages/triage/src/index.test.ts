import { EMAIL_CATEGORIES } from '@drift/domain/browser';
import { describe, expect, it } from 'vitest';
import * as triage from './index.ts';

// The public surface the integrator builds on: a removed or renamed export fails here first.
describe('@drift/triage exports', () => {
  it.each([
    'triageMessage',
    'autoReplyDecision',
    'normalizeSubject',
    'extractNewText',
    'detectDeadline',
    'threadRootId',
    'ThreadIndex',
    'resolvedUrgencyScore',
  ])('exports the function %s', (name) => {
    expect(typeof (triage as Record<string, unknown>)[name]).toBe('function');
  });

  // The order itself is asserted where it is defined, in @drift/domain.
  it('exports the email categories of @drift/domain, each with its urgency band', () => {
    expect(triage.CATEGORIES).toBe(EMAIL_CATEGORIES);
    expect(Object.keys(triage.URGENCY_BANDS).sort()).toEqual([...triage.CATEGORIES].sort());
    expect(triage.URGENCY_BANDS.urgent).toEqual([8, 10]);
    expect(triage.URGENCY_BANDS.action_required).toEqual([4, 7]);
    expect(triage.URGENCY_BANDS.fyi).toEqual([1, 4]);
    expect(triage.URGENCY_BANDS.resolved).toEqual([0, 3]);
    expect(triage.URGENCY_BANDS.newsletter).toEqual([0, 2]);
    expect(triage.URGENCY_BANDS.promotional).toEqual([0, 2]);
  });
});
