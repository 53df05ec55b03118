import { describe, expect, it } from 'vitest';
import { detectDeadline } from './deadline.ts';

const LA = 'America/Los_Angeles';
// Monday 2 March 2026, 10:00 in Los Angeles (PST, UTC-8).
const MONDAY_LA = new Date('2026-03-02T18:00:00Z');

describe('detectDeadline', () => {
  it.each([
    ['by Friday', 'Please confirm by Friday.', '2026-03-07T07:59:00.000Z'],
    ['due + month day', 'The review is due March 13.', '2026-03-14T06:59:00.000Z'],
    ['by + numeric M/D', 'Add comments by 3/16.', '2026-03-17T06:59:00.000Z'],
    ['tomorrow with a time, no cue needed', 'Can we talk tomorrow 9am?', '2026-03-03T17:00:00.000Z'],
    ['EOD', 'Send it EOD.', '2026-03-03T01:00:00.000Z'],
    ['ISO date after a cue', 'Deadline: 2026-03-20.', '2026-03-21T06:59:00.000Z'],
    [
      'weekday + explicit date prefers the date',
      'Deadline: end of day Friday, March 20.',
      '2026-03-21T00:00:00.000Z',
    ],
    ['explicit zone word', 'We need it by 4pm ET today.', '2026-03-02T21:00:00.000Z'],
    ['time before the day', 'It has to be filed by 5:00pm Pacific tomorrow.', '2026-03-04T01:00:00.000Z'],
    [
      '"tomorrow (Thursday) at 12:00 PT"',
      'Cutoff is tomorrow (Tuesday) at 12:00 PT.',
      '2026-03-03T20:00:00.000Z',
    ],
    ['"Wednesday the 11th"', 'Could you reply by Wednesday the 11th?', '2026-03-12T06:59:00.000Z'],
    [
      'end of next week (after the DST change)',
      'End of next week would be ideal.',
      '2026-03-14T00:00:00.000Z',
    ],
    ['expires in N days', 'Your domain expires in 2 days.', '2026-03-04T18:00:00.000Z'],
    ['within N hours', 'Reply within 48 hours.', '2026-03-04T18:00:00.000Z'],
    ['by noon (today)', 'Approve it by noon.', '2026-03-02T20:00:00.000Z'],
    ['Jira style', 'Due: 18/Mar/26', '2026-03-19T06:59:00.000Z'],
    ['the earliest of several', 'Draft by March 20, final by March 13.', '2026-03-14T06:59:00.000Z'],
    ['German bis + date', 'Bitte bis zum 24. März unterschreiben.', '2026-03-25T06:59:00.000Z'],
    ['German dotted date', 'Die Frist endet am 30.03.2026.', '2026-03-31T06:59:00.000Z'],
    ['Spanish antes del', 'Necesito la respuesta antes del 20 de marzo.', '2026-03-21T06:59:00.000Z'],
    ['French avant', 'Merci de valider avant le 13 mars.', '2026-03-14T06:59:00.000Z'],
    ['French weekday', "Peux-tu répondre d'ici vendredi ?", '2026-03-07T07:59:00.000Z'],
    ['before tonight', 'We need a fix before tonight.', '2026-03-03T07:59:00.000Z'],
  ])('%s', (_case, text, expected) => {
    expect(detectDeadline(text, MONDAY_LA, LA)?.toISOString()).toBe(expected);
  });

  it.each([
    ['no date at all', 'Thanks for the update, all good.'],
    ['an event date without a cue', 'The debrief is Tuesday 3/10 at 11am.'],
    ['a bare "tomorrow" without a time', 'One more thing for tomorrow.'],
    ['a past date', 'The invoice was due February 2.'],
    ['a version number', 'Deployed v2.14.0 by the pipeline.'],
    ['a SMTP status code', 'Status: 5.1.1 user unknown'],
  ])('returns null for %s', (_case, text) => {
    expect(detectDeadline(text, MONDAY_LA, LA)).toBeNull();
  });

  it('reads "by Monday" on a Monday as next week', () => {
    expect(detectDeadline('Send it by Monday.', MONDAY_LA, LA)?.toISOString()).toBe(
      '2026-03-10T06:59:00.000Z',
    );
  });

  it('reads "next Friday" as the Friday of next week', () => {
    expect(detectDeadline('Please reply by next Friday.', MONDAY_LA, LA)?.toISOString()).toBe(
      '2026-03-14T06:59:00.000Z',
    );
  });

  it('uses the zone it is given for wall times (fixed offsets too)', () => {
    const received = new Date('2026-03-04T06:30:00Z'); // 07:30 in Oslo
    expect(detectDeadline('We need it before tonight.', received, '+01:00')?.toISOString()).toBe(
      '2026-03-04T22:59:00.000Z',
    );
    expect(detectDeadline('We need it before tonight.', received, 'Europe/Oslo')?.toISOString()).toBe(
      '2026-03-04T22:59:00.000Z',
    );
  });

  it('crosses a DST change correctly', () => {
    // US DST starts on Sunday 8 March 2026: Monday 9 March 23:59 is PDT (UTC-7).
    expect(detectDeadline('Due March 9.', MONDAY_LA, LA)?.toISOString()).toBe('2026-03-10T06:59:00.000Z');
  });

  it('reads numeric dates day first outside the Americas, unless told otherwise', () => {
    const received = new Date('2026-03-02T09:00:00Z');
    expect(detectDeadline('Reply by 3/9.', received, 'Europe/Berlin')?.toISOString()).toBe(
      '2026-09-03T21:59:00.000Z',
    );
    expect(
      detectDeadline('Reply by 3/9.', received, 'Europe/Berlin', { monthFirst: true })?.toISOString(),
    ).toBe('2026-03-09T22:59:00.000Z');
  });

  it('rolls a month/day long past into next year', () => {
    const received = new Date('2026-12-01T12:00:00Z');
    expect(detectDeadline('Due January 15.', received, 'UTC')?.toISOString()).toBe(
      '2027-01-15T23:59:00.000Z',
    );
  });
});
