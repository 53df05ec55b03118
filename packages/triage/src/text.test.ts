import { describe, expect, it } from 'vitest';
import { extractNewText, normalizeSubject, sentences } from './text.ts';

describe('normalizeSubject', () => {
  it.each([
    ['Re: Budget', 'budget'],
    ['RE: RE: Fwd: Budget', 'budget'],
    ['AW: WG: Urlaubsantrag', 'urlaubsantrag'],
    ['TR : Réunion', 'réunion'],
    ['RV: Factura duplicada', 'factura duplicada'],
    ['Fw: fwd:  re:Budget   Q2', 'budget q2'],
    ['Re[2]: Budget', 'budget'],
    ['SV: VS: Møte', 'møte'],
    ['回复: 项目', '项目'],
    ['[acme/ledger] Re: Fix retries (#88)', '[acme/ledger] fix retries (#88)'],
    ['Re: [eng-all] Demo day', '[eng-all] demo day'],
    ['[JIRA] (PLAT-1) Rotate keys', '[jira] (plat-1) rotate keys'],
    ['Ready for review', 'ready for review'],
    ['Regarding: the plan', 'regarding: the plan'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeSubject(input)).toBe(expected);
  });
});

describe('extractNewText', () => {
  it.each([
    [
      'English attribution wrapped over two lines',
      'Sounds good, ship it.\n\nOn Mon, Mar 2, 2026 at 8:02 AM Ben Okafor <ben@acme.test>\nwrote:\n> old text\n> more',
      'Sounds good, ship it.',
    ],
    [
      'German attribution',
      'Erledigt.\n\nAm Mo., 2. März 2026 um 14:05 Uhr schrieb Priya Raman <priya@acme.test>:\n> Hallo',
      'Erledigt.',
    ],
    [
      'Spanish attribution',
      'Perfecto, gracias.\n\nEl mar, 3 mar 2026 a las 9:40, Carlos (<c@x.test>) escribió:\n> Hola',
      'Perfecto, gracias.',
    ],
    [
      'French attribution',
      "C'est noté.\n\nLe lun. 2 mars 2026 à 10:00, Claire <c@x.test> a écrit :\n> Bonjour",
      "C'est noté.",
    ],
    [
      'bare quoted lines',
      'New line.\n> quoted one\n> quoted two\nAnother new line.',
      'New line.\nAnother new line.',
    ],
    [
      'Outlook header block without a separator',
      'Following up on the below.\n\nFrom: Greg <g@x.test>\nSent: Monday, March 2, 2026 9:22 AM\nTo: Alex <a@x.test>\nSubject: Q2\n\nOld text',
      'Following up on the below.',
    ],
    [
      'Outlook underscore rule',
      'Please disregard!\n\n________________________________\nFrom: Aiko Tanaka\nSent: Tuesday\n\nOld text',
      'Please disregard!',
    ],
    [
      '-----Original Message-----',
      'See my read below.\n\n-----Original Message-----\nFrom: Pia\nOld text',
      'See my read below.',
    ],
    [
      'a forward with its own text drops the forwarded message',
      'FYI, no action needed.\n\n---------- Forwarded message ---------\nFrom: Gwen <g@x.test>\nDate: Sun\nSubject: Board\n\nBoard moved.',
      'FYI, no action needed.',
    ],
    [
      'a forward without own text keeps the forwarded text',
      '---------- Forwarded message ---------\nFrom: Gwen <g@x.test>\nDate: Sun\nSubject: Board\nTo: Maria <m@x.test>\n\nBoard moved to the 19th.\n\nBest,\nGwen',
      'Board moved to the 19th.',
    ],
    [
      'Apple "Begin forwarded message" with quoted body and no own text',
      'Begin forwarded message:\n\n> From: Hotel <h@x.test>\n> Subject: Stay\n>\n> Your stay is confirmed.',
      'Your stay is confirmed.',
    ],
    ['"-- " signature delimiter', 'Ship it.\n\n-- \nBen Okafor\nStaff Engineer', 'Ship it.'],
    ['mobile footer', 'On my way.\n\nSent from my iPhone', 'On my way.'],
    ['German mobile footer', 'Passt.\n\nVon meinem iPhone gesendet', 'Passt.'],
    [
      'closing line with a short sign-off block',
      'Can you approve it?\n\nThanks,\nRachel\n\nRachel Kim | Senior Accountant',
      'Can you approve it?',
    ],
    ['"Best," and a name', 'The doc is ready.\n\nBest,\nBrianna', 'The doc is ready.'],
    ['German closing', 'Bitte gib das frei.\n\nViele Grüße\nJonas', 'Bitte gib das frei.'],
    ['Spanish closing', '¿Puedes revisarlo?\n\nUn saludo,\nLucía', '¿Puedes revisarlo?'],
    ['a lone initial sign-off', 'Board moved a week.\n\nM', 'Board moved a week.'],
  ])('%s', (_case, input, expected) => {
    expect(extractNewText(input)).toBe(expected);
  });

  it('keeps text after a closing word when a long paragraph follows (not a signature)', () => {
    const text = `Thanks,\n${'This paragraph goes on with real content that is much longer than a signature line would ever be. '.repeat(2)}`;
    expect(extractNewText(text)).toContain('real content');
  });

  it('returns an empty string for a message that is only quoted history', () => {
    expect(extractNewText('> old\n> older')).toBe('');
  });
});

describe('sentences', () => {
  it.each([
    [
      'undoes hard wraps and splits sentences',
      'This is one sentence that\nwas wrapped. And a second\none!',
      ['This is one sentence that was wrapped.', 'And a second one!'],
    ],
    [
      'keeps list items and key/value tables apart',
      'Two things:\n  - a signature\n  - a number\n\nService: db\nStart: 02:00',
      ['Two things:', '- a signature', '- a number', 'Service: db', 'Start: 02:00'],
    ],
    [
      'does not split after a day number with a dot before a month',
      'Bitte bis zum 24. April unterschreiben. Danke.',
      ['Bitte bis zum 24. April unterschreiben.', 'Danke.'],
    ],
    [
      'does split after a number that ends a sentence',
      'The approved plan is 6. Two reqs moved.',
      ['The approved plan is 6.', 'Two reqs moved.'],
    ],
  ])('%s', (_case, text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});
