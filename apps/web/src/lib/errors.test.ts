import { describe, expect, it } from 'vitest';
import { apiError } from '../test-utils.tsx';
import { conflictingSessionOf, driftCodeOf, errorMessage, humanise, placeFieldErrors } from './errors.ts';

const FORM_FIELDS = { start_date: 'start', end_date: 'end', vip_senders: 'vip' } as const;

describe('errors', () => {
  it('reads the other session of an overlap from the details, not from the wording', () => {
    const other = {
      id: 'sess_x',
      start_date: '2026-03-20T00:00:00.000Z',
      end_date: '2026-03-27T00:00:00.000Z',
    };
    expect(
      conflictingSessionOf(apiError('CONFLICT', 'Any wording at all', { conflicting_session: other })),
    ).toEqual(other);
    expect(
      conflictingSessionOf(
        apiError(
          'CONFLICT',
          'Overlaps OOO session sess_x (2026-03-20T00:00:00.000Z to 2026-03-27T00:00:00.000Z)',
        ),
      ),
    ).toBeNull();
  });

  it.each([
    [
      'a field beside the form field showing it',
      { fields: [{ field: 'end_date', message: 'end_date must be after start_date' }] },
      { end: 'End must be after start.' },
    ],
    [
      'an entry of a list beside the list, by the first segment of its path',
      { fields: [{ field: 'vip_senders.2', message: 'vip_senders.2 must be an email address' }] },
      { vip: 'VIP senders (entry 3) must be an email address.' },
    ],
    [
      'the first message of a field only',
      {
        fields: [
          { field: 'start_date', message: 'start_date is required' },
          { field: 'start_date', message: 'start_date must be a date' },
        ],
      },
      { start: 'Start is required.' },
    ],
    [
      'what no form field shows, for the whole form',
      { fields: [{ field: 'status', message: 'status must be cancelled or completed' }] },
      { form: 'Nothing to update.' },
    ],
    ['a refusal without fields, for the whole form', null, { form: 'Nothing to update.' }],
  ])('places %s', (_case, details, expected) => {
    expect(placeFieldErrors(apiError('VALIDATION_ERROR', 'Nothing to update', details), FORM_FIELDS)).toEqual(
      expected,
    );
  });

  it('does not place a field whose name only appears in the wording', () => {
    expect(
      placeFieldErrors(apiError('VALIDATION_ERROR', 'end_date must be after start_date'), FORM_FIELDS),
    ).toEqual({
      form: 'End must be after start.',
    });
  });

  it('puts API messages in words', () => {
    expect(humanise('end_date must be after start_date')).toBe('End must be after start.');
    expect(humanise('vip_senders.2 must be an email address')).toBe(
      'VIP senders (entry 3) must be an email address.',
    );
    expect(humanise('Email or password is incorrect')).toBe('Email or password is incorrect.');
  });

  it('explains network failures and hides internal ones', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/could not reach drift/i);
    expect(errorMessage({ message: 'boom', data: { driftCode: 'INTERNAL_ERROR' } })).toMatch(/our side/);
    expect(driftCodeOf({ message: 'x', data: { driftCode: 'CONFLICT' } })).toBe('CONFLICT');
    expect(driftCodeOf(null)).toBeUndefined();
  });
});
