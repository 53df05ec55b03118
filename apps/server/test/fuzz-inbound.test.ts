// POST /inbound/:token under property-based fire: random bytes, random strings, mail-shaped text
// with hostile headers, odd tokens and content types. The relay only ever sees 202, 400, 404 or 413,
// errors always in the envelope, never a 5xx. Seeded: FUZZ_SEED=<n> replays a reported failure.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertErrorEnvelopeShape } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { longString, nastyString } from './support/fuzz-arbitraries.ts';
import { buildOwnerMailbox, type OwnerMailbox, postInbound } from './support/inbound.ts';
import { OWNER } from './support/raw-mail.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_310);
const RUNS = Number(process.env.FUZZ_INBOUND_RUNS ?? 500);

const fixture = useTestServer();
let mailbox: OwnerMailbox;

beforeAll(async () => {
  mailbox = await buildOwnerMailbox(fixture.server);
});

const CODE_OF_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
};

/** Header values without CR/LF (those would end the header block), but otherwise anything. */
const headerValue = fc.oneof(
  nastyString.map((s) => s.replace(/[\r\n]/g, ' ')),
  fc.constantFrom(
    '=?UTF-8?B?//79?=',
    '=?x-unknown?Q?=FF=FE?=',
    '=?UTF-8?Q?unterminated',
    '<>',
    '<@>',
    '"\\"" <a@b>',
    'a@b, , ,c@d',
    `${OWNER.address}`,
    'Mon, 32 Foo 99999 99:99:99 +9999',
    'multipart/mixed; boundary=',
    'multipart/mixed; boundary="b"',
    'text/plain; charset=x-does-not-exist',
    'base64',
    'quoted-printable',
  ),
);

const HEADER_NAMES = [
  'From',
  'To',
  'Cc',
  'Subject',
  'Date',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Auto-Submitted',
  'List-Id',
  'Precedence',
  'Reply-To',
  'Return-Path',
  'X-Weird',
];

/** Something that looks like mail: real header names, hostile values, a random body. */
const mailShaped: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), headerValue), { maxLength: 12 }),
    fc.constantFrom('\r\n', '\n', '\r'),
    fc.oneof(nastyString, longString, fc.string({ unit: 'binary', maxLength: 500 })),
    fc.boolean(),
  )
  .map(([headers, eol, body, addressed]) => {
    const lines = headers.map(([name, value]) => `${name}: ${value}`);
    if (addressed) lines.unshift('From: someone@example.test', `To: ${OWNER.address}`);
    return `${lines.join(eol)}${eol}${eol}${body}`;
  });

const bodyArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: mailShaped },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2000 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constant('') },
);

/** Lone surrogates cannot be percent-encoded by the relay's side (encodeURIComponent throws). */
function encodable(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

const tokenArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: nastyString.filter((s) => s.length > 0 && s.length < 2000 && encodable(s)) },
  { weight: 1, arbitrary: fc.constantFrom('%', '..', 'a%2Fb') },
);

const contentTypeArb: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('message/rfc822') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      '',
      'MESSAGE/RFC822',
      'message/rfc822; charset=utf-8',
      'text/plain',
      'application/json',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
    ),
  },
);

describe('fuzzing POST /inbound/:token', () => {
  it('answers only 202, 400, 404 or 413, errors in the envelope', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(tokenArb, bodyArb, contentTypeArb, async (token, body, contentType) => {
        const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
        const response =
          token !== null && /^[%.]|%2F/.test(token)
            ? await fetch(`${fixture.server.baseUrl}/inbound/${token}`, {
                method: 'POST',
                headers: contentType === null ? {} : { 'content-type': contentType },
                body: new Uint8Array(bytes),
              }).then(async (r) => {
                const text = await r.text();
                let parsed: unknown = text;
                try {
                  parsed = JSON.parse(text);
                } catch {
                  // not JSON
                }
                return { status: r.status, headers: r.headers, body: parsed, text };
              })
            : await postInbound(fixture.server, token ?? mailbox.token, bytes, { contentType });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const what = `POST /inbound/${token === null ? '<token>' : JSON.stringify(token).slice(0, 80)} (${
          contentType ?? 'no content-type'
        }, ${bytes.length} bytes: ${JSON.stringify(bytes.subarray(0, 120).toString('latin1'))})`;
        if (![202, 400, 404, 413].includes(response.status)) {
          const reqId = response.headers.get('x-request-id');
          const logged = fixture.server.rawLogs.filter(
            (line) => reqId && line.includes(reqId) && !line.includes('"msg":"request"'),
          );
          throw new Error(
            `${what} answered ${response.status}: ${response.text.slice(0, 300)}\nserver log: ${logged.join('\n').slice(0, 3000)}`,
          );
        }
        if (response.status === 202) {
          expect(typeof (response.body as { captured?: unknown }).captured, what).toBe('boolean');
          return;
        }
        assertErrorEnvelopeShape(response, what);
        expect((response.body as { error: { code: string } }).error.code, what).toBe(
          CODE_OF_STATUS[response.status],
        );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.info(
      `inbound fuzz seed ${SEED}: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(statuses.get(202) ?? 0).toBeGreaterThan(RUNS / 10);
  }, 90_000);
});
