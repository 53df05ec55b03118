import { describe, expect, it } from 'vitest';
import { defaultEnd, defaultStart, endChoices } from './schedule.ts';

const ZONE = 'Europe/Berlin';

describe('session date defaults', () => {
  it.each([
    {
      at: 'Tuesday 13:00',
      now: '2026-03-10T12:00:00Z',
      start: '2026-03-10T13:00',
      end: '2026-03-11T18:00',
      choices: ['Today 18:00', 'Tomorrow 18:00', 'Friday 18:00', 'In a week'],
    },
    {
      // Friday is tomorrow: "Tomorrow" says it.
      at: 'Thursday 09:00',
      now: '2026-03-12T08:00:00Z',
      start: '2026-03-12T09:00',
      end: '2026-03-13T18:00',
      choices: ['Today 18:00', 'Tomorrow 18:00', 'In a week'],
    },
    {
      // After 18:00 "today" is gone; Friday is next week's.
      at: 'Friday 19:30',
      now: '2026-03-13T18:30:00Z',
      start: '2026-03-13T19:30',
      end: '2026-03-16T18:00',
      choices: ['Tomorrow 18:00', 'Friday 18:00', 'In a week'],
    },
  ])('on $at in Berlin', ({ now, start, end, choices }) => {
    const ms = Date.parse(now);
    expect(defaultStart(ms, ZONE)).toBe(start);
    expect(defaultEnd(ms, ZONE)).toBe(end);
    expect(endChoices(ms, ZONE).map((c) => c.label)).toEqual(choices);
  });

  it('gives the Friday after a Friday and a week from today', () => {
    const values = Object.fromEntries(
      endChoices(Date.parse('2026-03-13T18:30:00Z'), ZONE).map((c) => [c.label, c.value]),
    );
    expect(values['Friday 18:00']).toBe('2026-03-20T18:00');
    expect(values['In a week']).toBe('2026-03-20T18:00');
    expect(values['Tomorrow 18:00']).toBe('2026-03-14T18:00');
  });
});
