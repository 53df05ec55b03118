import { describe, expect, it } from 'vitest';
import { fixedClock, systemClock, toIso } from './time.ts';

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('fixedClock', () => {
  const start = new Date('2026-03-20T00:00:00.000Z');

  it('stays put until told otherwise', () => {
    const clock = fixedClock(start);
    expect(clock.now()).toEqual(start);
    expect(clock.now()).toEqual(start);
  });

  it('advances by milliseconds and can be set', () => {
    const clock = fixedClock(start);
    clock.advance(1500);
    expect(toIso(clock.now())).toBe('2026-03-20T00:00:01.500Z');
    clock.set(new Date('2027-01-01T00:00:00.000Z'));
    expect(toIso(clock.now())).toBe('2027-01-01T00:00:00.000Z');
    clock.advance(-1);
    expect(toIso(clock.now())).toBe('2026-12-31T23:59:59.999Z');
  });

  it('is not affected by mutating the input or returned dates', () => {
    const input = new Date(start.getTime());
    const clock = fixedClock(input);
    input.setTime(0);
    clock.now().setTime(0);
    expect(clock.now()).toEqual(start);
  });
});

describe('toIso', () => {
  it.each([
    ['2026-03-20T00:00:00Z', '2026-03-20T00:00:00.000Z'],
    ['2026-03-20T01:02:03.004+01:00', '2026-03-20T00:02:03.004Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toIso(new Date(input))).toBe(expected);
  });
});
