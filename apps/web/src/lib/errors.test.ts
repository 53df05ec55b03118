import { describe, expect, it } from 'vitest';
import { driftCodeOf, errorMessage, fieldOfMessage, humanise, parseOverlap } from './errors.ts';

describe('errors', () => {
  it('reads the overlap message of the API', () => {
    expect(
      parseOverlap('Overlaps OOO session sess_x (2026-03-20T00:00:00.000Z to 2026-03-27T00:00:00.000Z)'),
    ).toEqual({ sessionId: 'sess_x', start: '2026-03-20T00:00:00.000Z', end: '2026-03-27T00:00:00.000Z' });
    expect(parseOverlap('Something else')).toBeNull();
  });

  it('finds the field a message is about', () => {
    const fields = ['start_date', 'end_date', 'return_date'] as const;
    expect(fieldOfMessage('end_date must be after start_date', fields)).toBe('end_date');
    expect(fieldOfMessage('return_date must not be before end_date', fields)).toBe('return_date');
    expect(fieldOfMessage('vip_senders.2 must be an email address', ['vip_senders'])).toBe('vip_senders');
    expect(fieldOfMessage('Nothing to update', fields)).toBeNull();
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
