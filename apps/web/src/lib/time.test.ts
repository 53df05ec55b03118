import { describe, expect, it } from 'vitest';
import {
  countdownText,
  dateRange,
  durationText,
  formatDateTime,
  minutesText,
  utcIsoToZonedLocal,
  zonedLocalToUtcIso,
} from './time.ts';

// The zone math itself (DST gaps and repeats, offsets) is tested in @drift/domain's time-zone.test.ts.
describe('datetime-local values in the account zone', () => {
  it.each([
    ['2026-07-15T09:00', 'Europe/Berlin', '2026-07-15T07:00:00.000Z'],
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-05-10T10:00', 'Asia/Kolkata', '2026-05-10T04:30:00.000Z'],
    ['2026-01-15T09:00:30', 'UTC', '2026-01-15T09:00:30.000Z'],
    [' 2026-01-15T09:00 ', 'UTC', '2026-01-15T09:00:00.000Z'],
  ])('reads %s in %s as %s', (local, zone, iso) => {
    expect(zonedLocalToUtcIso(local, zone)).toBe(iso);
  });

  it.each(['', 'tomorrow', '2026-02-30T09:00', '2026-13-01T09:00', '2026-00-10T09:00'])(
    'refuses %j, which is not a date',
    (local) => {
      expect(zonedLocalToUtcIso(local, 'UTC')).toBeNull();
    },
  );

  it('is the inverse for every hour of a DST-changing day', () => {
    for (let hour = 0; hour < 24; hour++) {
      const local = `2026-10-25T${String(hour).padStart(2, '0')}:15`;
      const iso = zonedLocalToUtcIso(local, 'Europe/Berlin');
      expect(iso).not.toBeNull();
      expect(utcIsoToZonedLocal(iso as string, 'Europe/Berlin')).toBe(local);
    }
  });

  it('shows an instant in the zone', () => {
    expect(utcIsoToZonedLocal('2026-07-15T07:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-15T09:00');
    expect(utcIsoToZonedLocal('2026-01-01T00:00:00.000Z', 'America/Los_Angeles')).toBe('2025-12-31T16:00');
    expect(utcIsoToZonedLocal('nonsense', 'UTC')).toBe('');
  });
});

describe('countdowns', () => {
  const now = Date.parse('2026-03-20T10:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();
  const H = 3_600_000;

  it('says how long until a scheduled session starts', () => {
    const session = {
      status: 'scheduled' as const,
      start_date: at(2 * 24 * H + 3 * H + 5 * 60_000),
      end_date: at(9 * 24 * H),
    };
    expect(countdownText(session, now)).toBe('starts in 2 d 3 h');
  });

  it('says an active session is running and when it ends', () => {
    const session = {
      status: 'active' as const,
      start_date: at(-H),
      end_date: at(5 * H + 2 * 60_000 + 10_000),
    };
    expect(countdownText(session, now)).toBe('running, ends in 5 h 2 min');
  });

  it('has nothing to say for completed or cancelled sessions', () => {
    expect(countdownText({ status: 'completed', start_date: at(-2 * H), end_date: at(-H) }, now)).toBeNull();
    expect(countdownText({ status: 'cancelled', start_date: at(H), end_date: at(2 * H) }, now)).toBeNull();
  });

  it('says "now" once the moment has passed but the list is not refreshed yet', () => {
    expect(countdownText({ status: 'scheduled', start_date: at(-1000), end_date: at(H) }, now)).toBe(
      'starting now',
    );
    expect(countdownText({ status: 'active', start_date: at(-H), end_date: at(-1) }, now)).toBe('ending now');
  });

  it('formats durations at every scale', () => {
    expect(durationText(0)).toBe('0 s');
    expect(durationText(45_000)).toBe('45 s');
    expect(durationText(12 * 60_000 + 5_000)).toBe('12 min 5 s');
    expect(durationText(3 * H + 12 * 60_000)).toBe('3 h 12 min');
    expect(durationText(24 * H)).toBe('1 d 0 h');
    expect(durationText(-5000)).toBe('0 s');
    expect(minutesText(45)).toBe('45 min');
    expect(minutesText(120)).toBe('2 h');
    expect(minutesText(135)).toBe('2 h 15 min');
  });
});

describe('formatDateTime', () => {
  it('shows the time in the account zone', () => {
    expect(formatDateTime('2026-07-15T07:00:00.000Z', 'Europe/Berlin')).toContain('09:00');
    expect(formatDateTime('2026-07-15T07:00:00.000Z', 'America/New_York')).toContain('03:00');
    expect(formatDateTime(null, 'UTC')).toBe('—');
  });
});

describe('dateRange', () => {
  it('names the days in the zone, the year once', () => {
    expect(dateRange('2026-11-29T09:42:00Z', '2026-12-02T09:42:00Z', 'America/New_York')).toBe(
      '29 Nov – 2 Dec 2026',
    );
    expect(dateRange('2026-12-30T12:00:00Z', '2027-01-02T12:00:00Z', 'UTC')).toBe('30 Dec 2026 – 2 Jan 2027');
    expect(dateRange('2026-03-20T08:00:00Z', '2026-03-20T17:00:00Z', 'Europe/Berlin')).toBe('20 Mar 2026');
    // 23:30 UTC is already the next day in Berlin.
    expect(dateRange('2026-03-19T23:30:00Z', '2026-03-21T10:00:00Z', 'Europe/Berlin')).toBe(
      '20 Mar – 21 Mar 2026',
    );
  });
});
