import { describe, expect, it } from 'vitest';
import { playbookDeliveryTime } from './return-morning.ts';

const at = (iso: string) => new Date(iso);

describe('playbookDeliveryTime', () => {
  it.each([
    ['UTC', '2026-03-28T00:00:00.000Z', '2026-03-27T00:00:00.000Z', '2026-03-28T06:00:00.000Z'],
    // Tokyo is UTC+9: 06:00 on Mar 28 local is 21:00 on Mar 27 UTC.
    ['Asia/Tokyo', '2026-03-28T00:00:00.000Z', '2026-03-27T00:00:00.000Z', '2026-03-27T21:00:00.000Z'],
    // New York switches to DST on Mar 8 2026: 06:00 EDT is 10:00 UTC.
    ['America/New_York', '2026-03-09T12:00:00.000Z', '2026-03-08T00:00:00.000Z', '2026-03-09T10:00:00.000Z'],
    ['America/New_York', '2026-01-09T12:00:00.000Z', '2026-01-08T00:00:00.000Z', '2026-01-09T11:00:00.000Z'],
    // Los Angeles: the return instant falls on the previous local day.
    [
      'America/Los_Angeles',
      '2026-03-28T00:00:00.000Z',
      '2026-03-27T00:00:00.000Z',
      '2026-03-27T13:00:00.000Z',
    ],
    ['Asia/Kolkata', '2026-03-28T00:00:00.000Z', '2026-03-27T00:00:00.000Z', '2026-03-28T00:30:00.000Z'],
  ])('in %s, return %s, completed %s: delivered at %s', (zone, returnDate, completed, expected) => {
    expect(playbookDeliveryTime(at(returnDate), zone, at(completed)).toISOString()).toBe(expected);
  });

  it('never before the session completed: an early end, or a morning already past, delivers at once', () => {
    const completed = at('2026-03-28T09:15:00.000Z');
    expect(playbookDeliveryTime(at('2026-03-28T00:00:00.000Z'), 'UTC', completed)).toEqual(completed);
  });
});
