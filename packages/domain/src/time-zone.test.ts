import { describe, expect, it } from 'vitest';
import {
  browserTimeZone,
  currentZoneName,
  isIanaTimeZone,
  isValidZone,
  timeZoneNames,
  type WallClock,
  wallClockAt,
  wallClockToInstant,
  zoneOffsetMinutes,
} from './time-zone.ts';

/** "2026-03-29T02:30" as a wall clock. */
function wall(local: string): WallClock {
  const [date = '', time = ''] = local.split('T');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute, second = 0] = time.split(':').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second };
}

describe('zone validation', () => {
  it.each([
    ['Europe/Berlin', true, true],
    ['UTC', true, true],
    // Current names, which Node 20 and Chromium answer only in their legacy spelling.
    ['Asia/Kolkata', true, true],
    ['Europe/Kyiv', true, true],
    ['America/Nuuk', true, true],
    ['Asia/Ho_Chi_Minh', true, true],
    // Legacy spellings still name a zone.
    ['Asia/Calcutta', true, true],
    // Fixed offsets, as triage reads them from Date headers: zones, but not IANA names.
    ['+01:00', true, false],
    ['-0530', true, false],
    ['UTC+2', true, false],
    ['GMT-05:00', true, false],
    ['Z', true, false],
    ['Mars/Olympus_Mons', false, false],
    ['', false, false],
    ['Europe/Berlin; DROP TABLE', false, false],
  ])('%s: a zone %s, an IANA name %s', (zone, valid, iana) => {
    expect(isValidZone(zone)).toBe(valid);
    expect(isIanaTimeZone(zone)).toBe(iana);
  });
});

describe('current zone names', () => {
  it.each([
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
    ['Asia/Katmandu', 'Asia/Kathmandu'],
    ['Asia/Rangoon', 'Asia/Yangon'],
    ['America/Godthab', 'America/Nuuk'],
    ['Etc/UTC', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
  ])('%s is called %s', (legacy, current) => {
    expect(currentZoneName(legacy)).toBe(current);
  });

  it('lists every zone once, by its current name, UTC first, each one valid', () => {
    const names = timeZoneNames();
    expect(names[0]).toBe('UTC');
    expect(new Set(names).size).toBe(names.length);
    for (const current of ['Asia/Kolkata', 'Europe/Kyiv', 'America/Nuuk', 'Europe/Berlin']) {
      expect(names).toContain(current);
    }
    for (const legacy of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon', 'America/Godthab']) {
      expect(names).not.toContain(legacy);
    }
    expect(names.filter((zone) => !isIanaTimeZone(zone))).toEqual([]);
  });

  it('gives the zone of the browser by its current name', () => {
    const zone = browserTimeZone();
    expect(isIanaTimeZone(zone)).toBe(true);
    expect(currentZoneName(zone)).toBe(zone);
  });
});

describe('zoneOffsetMinutes', () => {
  it.each([
    ['Europe/Berlin', '2026-01-15T12:00:00Z', 60],
    ['Europe/Berlin', '2026-07-15T12:00:00Z', 120],
    ['America/New_York', '2026-07-15T12:00:00Z', -240],
    ['Asia/Kolkata', '2026-07-15T12:00:00Z', 330],
    ['Europe/Kyiv', '2026-07-15T12:00:00Z', 180],
    ['+01:00', '2026-07-15T12:00:00Z', 60],
    ['-0530', '2026-07-15T12:00:00Z', -330],
    ['UTC', '2026-07-15T12:00:00Z', 0],
    // An unknown zone reads as UTC rather than failing a whole triage run.
    ['Nowhere/Special', '2026-07-15T12:00:00Z', 0],
  ])('%s at %s: %i minutes', (zone, iso, minutes) => {
    expect(zoneOffsetMinutes(zone, Date.parse(iso))).toBe(minutes);
  });
});

describe('wallClockAt', () => {
  it.each([
    // 23:30 UTC on a Thursday is already Friday in Berlin.
    ['2026-03-19T23:30:00Z', 'Europe/Berlin', '2026-03-20T00:30', 5],
    ['2026-01-01T00:00:00Z', 'America/Los_Angeles', '2025-12-31T16:00', 3],
    ['2026-05-10T04:30:00Z', 'Asia/Kolkata', '2026-05-10T10:00', 0],
    ['2026-05-10T04:30:00Z', '+02:00', '2026-05-10T06:30', 0],
  ])('%s in %s reads %s (weekday %i)', (iso, zone, local, weekday) => {
    expect(wallClockAt(new Date(iso), zone)).toEqual({ ...wall(local), weekday });
  });
});

describe('wallClockToInstant', () => {
  it.each([
    ['2026-01-15T09:00', 'Europe/Berlin', '2026-01-15T08:00:00.000Z'],
    ['2026-07-15T09:00', 'Europe/Berlin', '2026-07-15T07:00:00.000Z'],
    ['2026-01-15T09:00', 'America/New_York', '2026-01-15T14:00:00.000Z'],
    ['2026-07-15T09:00', 'America/New_York', '2026-07-15T13:00:00.000Z'],
    ['2026-03-01T00:00', 'UTC', '2026-03-01T00:00:00.000Z'],
    ['2026-01-15T09:00:30', 'UTC', '2026-01-15T09:00:30.000Z'],
    // Half-hour offsets and the date line.
    ['2026-05-10T10:00', 'Asia/Kolkata', '2026-05-10T04:30:00.000Z'],
    ['2026-01-01T00:30', 'Pacific/Auckland', '2025-12-31T11:30:00.000Z'],
    ['2026-05-10T10:00', '+05:30', '2026-05-10T04:30:00.000Z'],
    // Both sides of the spring-forward change (Berlin, 29 March 2026).
    ['2026-03-29T01:59', 'Europe/Berlin', '2026-03-29T00:59:00.000Z'],
    ['2026-03-29T03:00', 'Europe/Berlin', '2026-03-29T01:00:00.000Z'],
    // A time skipped by clocks going forward moves forward by the gap: 02:30 is 03:30 CEST / EDT.
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z'],
    ['2026-03-08T02:30', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    // A time that occurs twice (clocks going back) is the earlier instant.
    ['2026-10-25T02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25T03:30', 'Europe/Berlin', '2026-10-25T02:30:00.000Z'],
    ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('%s in %s is %s', (local, zone, iso) => {
    expect(wallClockToInstant(wall(local), zone).toISOString()).toBe(iso);
  });

  it('is the inverse of wallClockAt for every hour of a DST-changing day', () => {
    for (let hour = 0; hour < 24; hour++) {
      const local = wall(`2026-10-25T${String(hour).padStart(2, '0')}:15`);
      const { weekday: _weekday, ...back } = wallClockAt(
        wallClockToInstant(local, 'Europe/Berlin'),
        'Europe/Berlin',
      );
      expect(back).toEqual(local);
    }
  });
});
