// fast-check arbitraries for hostile HTTP requests: values driven by the OpenAPI schemas, then
// mutated into wrong types, extreme numbers, long and odd unicode strings and malformed bodies.
import fc from 'fast-check';
import type { Schema } from './fuzz-openapi.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Strings that tend to break parsers, databases and encoders. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '\u202E',
  'e\u0301',
  '👩‍👩‍👧‍👦',
  '𝕯𝖗𝖎𝖋𝖙',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  "' OR 1=1 --",
  '"; DROP TABLE ooo_sessions; --',
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style probe, not a template
  '${jndi:ldap://x}',
  '{{7*7}}',
  '2026-02-30T00:00:00.000Z',
  '2026-03-20T25:00:00.000Z',
  '2026-03-20T00:00:00.000+25:00',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00.000Z',
  '1970-01-01T00:00:00.000Z',
  '2026-03-20',
  '20260320',
  'sess_',
  'sess_0000000000UnknownId0',
];

/** Numbers as a query string would carry them, many of them not plain decimal integers. */
const NUMBER_STRINGS = [
  '0',
  '-0',
  '-1',
  '1',
  '100',
  '101',
  '2147483647',
  '2147483648',
  '9007199254740993',
  '1e1',
  '1e308',
  '1e309',
  '0x10',
  '0b1',
  '0o7',
  '1.5',
  '.5',
  '5.',
  '+5',
  ' 5',
  '5 ',
  '05',
  '00000000000000000000000000001',
  '9'.repeat(400),
  '１２',
  '٣',
];

const EXTREME_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
];

export const longString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(101, 255, 256, 5000, 5001, 65_536, 100_000),
    fc.constantFrom('a', 'é', '😀', '\u0000', ' ', '\uD800'),
  )
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** Any string, including unicode, grapheme clusters, half surrogates and known trouble makers. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: longString },
);

export const extremeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...EXTREME_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.maxSafeInteger(),
);

/** Anything JSON can carry, from scalars to deep junk. */
export const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: extremeNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 50, max: 2000 }).map((depth) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
      return value;
    }),
  },
);

/** A timestamp near the server's clock, in the formats the API accepts. */
export function isoNear(now: Date): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: -40 * DAY_MS, max: 400 * DAY_MS }), fc.constantFrom('ms', 'date', 'offset'))
    .map(([offset, format]) => {
      const iso = new Date(now.getTime() + offset).toISOString();
      if (format === 'date') return iso.slice(0, 10);
      if (format === 'offset') return iso.replace('Z', '+02:00');
      return iso;
    });
}

/** A value the schema accepts, or close to it (string formats and ranges respected). */
export function validValue(schema: Schema, now: Date, ids: readonly string[]): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (options?.length) return fc.oneof(...options.map((option) => validValue(option, now, ids)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time' || schema.format === 'date') return isoNear(now);
      return fc.oneof(
        fc.constantFrom(...ids, 'cancelled', 'completed'),
        fc.string({ maxLength: Math.min(schema.maxLength ?? 60, 60) }),
      );
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 1000) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(((schema as { items?: Schema }).items ?? {}) as Schema, now, ids), {
        maxLength: 3,
      });
    case 'object':
      return objectValue(schema, now, ids);
    default:
      return junkJson;
  }
}

/** A valid-ish value or, a third of the time, something of the wrong type or out of range. */
export function fuzzedValue(schema: Schema, now: Date, ids: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 2, arbitrary: validValue(schema, now, ids) }, { weight: 1, arbitrary: junkJson });
}

function objectValue(schema: Schema, now: Date, ids: readonly string[]): fc.Arbitrary<unknown> {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  const required = new Set(schema.required ?? []);
  const fields = properties.map(([name, property]) =>
    fc
      .tuple(
        // A required field is usually there; an optional one half of the time.
        fc.integer({ min: 0, max: 9 }),
        fuzzedValue(property, now, ids),
      )
      .map(([roll, value]) => (roll < (required.has(name) ? 8 : 5) ? [[name, value] as const] : [])),
  );
  const extra = fc.array(fc.tuple(fc.oneof(nastyString, fc.constantFrom('id', 'status')), junkJson), {
    maxLength: 2,
  });
  return fc
    .tuple(
      fc.tuple(...fields),
      fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }),
    )
    .map(([chosen, extras]) => {
      const object: Record<string, unknown> = {};
      for (const [name, value] of chosen.flat()) object[name] = value;
      for (const [name, value] of extras) {
        // Defined as a data property, so that `__proto__` is sent as a key rather than dropped.
        Object.defineProperty(object, name, { value, enumerable: true, configurable: true, writable: true });
      }
      return object;
    });
}

/** Query values as strings: valid ones, numbers in odd notations, empty, unicode, very long. */
export function queryValue(schema: Schema, now: Date, ids: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: validValue(schema, now, ids).map(String) },
    { weight: 2, arbitrary: fc.constantFrom(...NUMBER_STRINGS) },
    { weight: 1, arbitrary: extremeNumber.map(String) },
    { weight: 2, arbitrary: nastyString },
  );
}

/** Bodies that are not (the right) JSON. */
export const malformedBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '}',
    '{"start_date":',
    '{"a":1,}',
    "{'a':1}",
    'nul',
    'undefined',
    '\u0000',
    '\uFEFF{}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":1e999999}',
    '[1,2,3]',
    '"just a string"',
    '42',
    'a=1&b=2',
    '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }),
  fc.integer({ min: 1000, max: 100_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 1000, max: 50_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 10, max: 10_000 }).map((depth) => '['.repeat(depth)),
);

/** What a client may put in Content-Type (only byte strings: fetch refuses others). */
export const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      null,
      '',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'APPLICATION/JSON',
      'application/json;;;',
      'application/vnd.api+json',
      'application/merge-patch+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'message/rfc822',
      'application/octet-stream',
      '*/*',
      'json',
      '/',
      ';',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  },
);
