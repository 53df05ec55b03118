// Property-based requests against every operation of /api/v1/openapi.json: hostile ids, query
// strings, bodies, content types and credentials. Whatever arrives, the answer is never a 5xx, every
// error is exactly the envelope with a code the document lists for that status, and every 2xx body
// matches the operation's documented schema. Seeded: FUZZ_SEED=<n> replays a reported failure.

import { buildAccount, buildApiKey, buildTenant } from '@drift/api/testing';
import { newId, SCOPES } from '@drift/domain';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertErrorEnvelopeShape } from './support/assertions.ts';
import { activeSession, completedSessionWithMail, scheduledSession } from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import {
  contentType,
  fuzzedValue,
  junkJson,
  malformedBody,
  nastyString,
  queryValue,
  validValue,
} from './support/fuzz-arbitraries.ts';
import { documentedCodesAnywhere, type FuzzOperation, fuzzOperations } from './support/fuzz-openapi.ts';
import { BASE_NOW, type Json } from './support/server.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_310);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** Under the rate limit of one key (100 a minute on a clock that does not move). */
const REQUESTS_PER_KEY = 95;
const JSON_LIMIT = 1024 * 1024;

const fixture = useTestServer();
let operations: FuzzOperation[];
let anywhere: Map<number, Set<string>>;
let accountId: string;
let sessionIds: string[];
/** Keys of the fuzzed account with every scope, rotated to stay under the rate limit. */
const keys: string[] = [];
let keyUses = 0;
let otherKeys: { free: string; noScopes: string; revoked: string };
let sent = 0;

async function validKey(): Promise<string> {
  if (keys.length === 0 || keyUses >= REQUESTS_PER_KEY) {
    keys.push((await buildApiKey(fixture.server.prisma, { accountId, scopes: SCOPES })).key);
    keyUses = 0;
  }
  keyUses++;
  return keys[keys.length - 1] as string;
}

beforeAll(async () => {
  const document = await fixture.server.request('GET', '/api/v1/openapi.json');
  operations = await fuzzOperations(document.body);
  anywhere = documentedCodesAnywhere(operations);

  const account = await buildAccount(fixture.server.prisma, { plan: 'team_growth' });
  accountId = account.id;
  const ctx = { prisma: fixture.server.prisma, accountId, now: BASE_NOW };
  const scheduled = await scheduledSession(ctx);
  const active = await activeSession(ctx);
  const completed = await completedSessionWithMail(ctx);
  const stranger = await buildTenant(fixture.server.prisma);
  const foreign = await scheduledSession({ ...ctx, accountId: stranger.accountId });
  sessionIds = [scheduled.id, active.id, completed.id, foreign.id, newId('sess')];

  const free = await buildTenant(fixture.server.prisma, { plan: 'free' });
  const { key: noScopes } = await buildApiKey(fixture.server.prisma, { accountId, scopes: [] });
  const { key: revoked } = await buildApiKey(fixture.server.prisma, { accountId, revokedAt: BASE_NOW });
  otherKeys = { free: free.key, noScopes, revoked };
});

type Auth = { kind: 'valid' } | { kind: 'header'; value: string | null };

const authArb: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Auth>({ kind: 'valid' }) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        fc.constantFrom<string | null>(
          null,
          '',
          'Bearer',
          'Bearer ',
          'Basic dXNlcjpwYXNz',
          'bearer drift_',
          `Bearer drift_${'A'.repeat(43)}`,
          `Bearer drift_${'A'.repeat(4000)}`,
          'Bearer sk_live_123',
          'Token abc',
        ),
        fc
          .string({ unit: 'grapheme-ascii', maxLength: 80 })
          .filter((s) => /^[\x21-\x7e][\x20-\x7e]*$/.test(s)),
      )
      .map((value): Auth => ({ kind: 'header', value })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('free', 'noScopes', 'revoked')
      .map(
        (which): Auth => ({ kind: 'header', value: `Bearer ${otherKeys[which as keyof typeof otherKeys]}` }),
      ),
  },
);

interface FuzzRequest {
  /** The operation the request aims at, or null when the method matches no operation. */
  op: FuzzOperation | null;
  method: string;
  path: string;
  auth: Auth;
  contentType: string | null;
  body: string | Uint8Array | undefined;
}

/** Percent-encoding that also sends lone surrogates, as the invalid UTF-8 bytes they would be (WTF-8). */
function encodeLoosely(value: string): string {
  return [...value]
    .map((char) => {
      const unit = char.charCodeAt(0);
      if (char.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(char);
      return [0xed, 0xa0 | ((unit >> 6) & 0x0f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    })
    .join('');
}

function pathFor(op: FuzzOperation, id: string, rawId: boolean): string {
  const filled = op.path.replace(/\{id\}/g, rawId ? id : encodeLoosely(id));
  return `/api/v1${filled}`;
}

/** Ids: real ones of this and another account, unknown, too long, odd unicode, raw URL trouble. */
const idArb = (): fc.Arbitrary<{ id: string; raw: boolean }> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...sessionIds).map((id) => ({ id, raw: false })) },
    { weight: 3, arbitrary: nastyString.map((id) => ({ id, raw: false })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('%', '%zz', '%E0%A4%A', '%00', '%2F', '..', '.', 'a%2Fb', '%F0%9F%98', ';x=1', '~')
        .map((id) => ({ id, raw: true })),
    },
  );

function queryArb(op: FuzzOperation): fc.Arbitrary<string> {
  const params = op.parameters.filter((p) => p.in === 'query');
  const knownIds = sessionIds;
  const pairs = params.map((param) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: 9 }),
        fc.array(queryValue(param.schema, BASE_NOW, knownIds), {
          minLength: 1,
          maxLength: 2,
        }),
      )
      // Usually absent or once; sometimes repeated (`?limit=1&limit=2`).
      .map(([roll, values]) => (roll < 5 ? [] : values.map((value) => [param.name, value] as const))),
  );
  const extras = fc.array(fc.tuple(nastyString, nastyString), { maxLength: 2 });
  return fc.tuple(fc.tuple(...pairs), fc.oneof(fc.constant([]), extras)).map(([chosen, extra]) => {
    const search = new URLSearchParams();
    for (const [name, value] of [...chosen.flat(), ...extra]) search.append(name, value);
    const text = search.toString();
    return text ? `?${text}` : '';
  });
}

function bodyArb(op: FuzzOperation): fc.Arbitrary<{ contentType: string | null; body: string | Uint8Array }> {
  const schema = op.body ?? { type: 'object' };
  const json = fc
    .oneof(
      { weight: 6, arbitrary: fuzzedValue(schema, BASE_NOW, sessionIds) },
      { weight: 1, arbitrary: junkJson },
    )
    // JSON.stringify escapes lone surrogates (`"\ud800"`), so the body stays valid UTF-8.
    .map((value) => JSON.stringify(value) ?? 'null');
  const hostile = fc
    .tuple(contentType, fc.oneof({ weight: 5, arbitrary: json }, { weight: 1, arbitrary: malformedBody }))
    .map(([type, body]) => ({ contentType: type, body }));
  // Well-formed requests too, so that creates and updates get through to the database.
  const wellFormed = validValue(schema, BASE_NOW, sessionIds).map((value) => ({
    contentType: 'application/json' as string | null,
    body: JSON.stringify(value) as string | Uint8Array,
  }));
  return fc.oneof({ weight: 1, arbitrary: wellFormed }, { weight: 2, arbitrary: hostile });
}

/**
 * The operation a request really reaches: an empty id (or `.`) makes `/ooo-sessions/` the list,
 * which answers as the list does (a trailing slash is ignored).
 */
function matchOperation(method: string, rawPath: string): FuzzOperation | null {
  // What goes on the wire: fetch resolves dot segments (`/ooo-sessions/.` is `/ooo-sessions/`).
  const path = new URL(rawPath, 'http://fuzz.invalid').pathname;
  const found = operations.find((candidate) => {
    if (candidate.method !== method) return false;
    const pattern = candidate.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{id\\?\}/g, '[^/]+');
    return new RegExp(`^/api/v1${pattern}/?$`).test(path);
  });
  return found ?? null;
}

function requestArb(op: FuzzOperation): fc.Arbitrary<FuzzRequest> {
  const takesBody = op.method !== 'GET';
  const others = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'].filter(
    (m) => !operations.some((o) => o.path === op.path && o.method === m),
  );
  return fc
    .record({
      id: idArb(),
      query: queryArb(op),
      auth: authArb,
      payload: takesBody ? bodyArb(op) : fc.constant(null),
      // One request in eight has no body; one in twelve uses a method the path does not have.
      bodyRoll: fc.integer({ min: 0, max: 7 }),
      other: fc.constantFrom(...others),
      methodRoll: fc.integer({ min: 0, max: 11 }),
    })
    .map(({ id, query, auth, payload: generated, bodyRoll, other, methodRoll }) => {
      const wrongMethod = methodRoll === 0 ? other : null;
      const payload = bodyRoll === 0 ? null : generated;
      const method = wrongMethod ?? op.method;
      const bodyAllowed = method !== 'GET' && method !== 'HEAD';
      const path = pathFor(op, id.id, id.raw);
      const request: FuzzRequest = {
        op: matchOperation(method, path),
        method,
        path: path + query,
        auth,
        contentType: bodyAllowed && payload ? payload.contentType : null,
        body: bodyAllowed && payload ? payload.body : undefined,
      };
      // fast-check prints counterexamples with this: short, whatever the size of the body.
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
    });
}

interface Answer {
  status: number;
  reqId: string | null;
  contentType: string | null;
  text: string;
  body: Json;
}

async function send(request: FuzzRequest): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (request.auth.kind === 'valid') headers.authorization = `Bearer ${await validKey()}`;
  else if (request.auth.value !== null) headers.authorization = request.auth.value;
  if (request.contentType !== null) headers['content-type'] = request.contentType;
  sent++;
  const response = await fetch(`${fixture.server.baseUrl}${request.path}`, {
    method: request.method,
    headers,
    // Bytes, so that fetch adds no Content-Type of its own.
    ...(request.body !== undefined
      ? { body: typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body }
      : {}),
  });
  const text = await response.text();
  let body: Json = text;
  try {
    body = text ? JSON.parse(text) : text;
  } catch {
    // not JSON
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    reqId: response.headers.get('x-request-id'),
    text,
    body,
  };
}

function describeRequest(request: FuzzRequest): string {
  const body =
    request.body === undefined
      ? ''
      : ` body(${request.contentType ?? 'no content-type'}): ${String(
          typeof request.body === 'string' ? request.body : `<${request.body.length} bytes>`,
        ).slice(0, 300)}`;
  return `${request.method} ${request.path.slice(0, 300)}${body}`;
}

/** The rules every answer obeys, whatever was asked. */
function check(request: FuzzRequest, answer: Answer): void {
  const what = describeRequest(request);
  if (answer.status >= 500) {
    const logged = fixture.server.rawLogs.filter(
      (line) => answer.reqId && line.includes(answer.reqId) && !line.includes('"msg":"request"'),
    );
    throw new Error(
      `${what} answered ${answer.status}: ${answer.text.slice(0, 500)}\nserver log: ${logged.join('\n').slice(0, 3000)}`,
    );
  }
  if (answer.status >= 400) {
    assertErrorEnvelopeShape(
      { ...answer, headers: new Headers(answer.reqId ? { 'x-request-id': answer.reqId } : {}) },
      what,
    );
    if (!answer.contentType?.startsWith('application/json'))
      throw new Error(`${what}: error with content type ${answer.contentType}`);
    const documented = (request.op ? request.op.errorCodes : anywhere).get(answer.status);
    if (!documented?.has(answer.body.error.code)) {
      throw new Error(
        `${what} answered ${answer.status} ${answer.body.error.code}, which ${
          request.op?.key ?? 'the document'
        } does not list for that status (${[...(documented ?? [])].join(', ') || 'none'})`,
      );
    }
    return;
  }
  if (!request.op) throw new Error(`${what} matched no operation yet answered ${answer.status}`);
  if (answer.status !== request.op.successStatus)
    throw new Error(`${what} answered ${answer.status}, documented ${request.op.successStatus}`);
  if (!request.op.validateSuccess(answer.body)) {
    throw new Error(
      `${what}: the ${answer.status} body does not match the document: ${JSON.stringify(
        request.op.validateSuccess.errors,
      )} in ${answer.text.slice(0, 500)}`,
    );
  }
}

describe('fuzzing the REST API from its OpenAPI document', () => {
  it('covers the thirteen operations: seven of sessions, emails and playbooks, six of webhooks', () => {
    expect(operations.map((op) => op.key).sort()).toHaveLength(13);
  });

  it('answers thousands of hostile requests without a 5xx, with documented errors and valid 2xx bodies', async () => {
    const statuses = new Map<number, number>();
    const arb = fc.oneof(...operations.map((op) => requestArb(op)));
    const before = sent;
    await fc.assert(
      fc.asyncProperty(arb, async (request) => {
        const answer = await send(request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (process.env.FUZZ_DEBUG)
          console.log(answer.status, describeRequest(request).slice(0, 150), answer.text.slice(0, 150));
        check(request, answer);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(sent - before).toBe(RUNS);
    // Not a fuzz run that only ever saw 401s: most requests reach validation and the handlers.
    const count = (predicate: (status: number) => boolean) =>
      [...statuses].filter(([status]) => predicate(status)).reduce((sum, [, n]) => sum + n, 0);
    console.info(
      `fuzz seed ${SEED}: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(count((s) => s < 300)).toBeGreaterThan(RUNS / 20);
    expect(count((s) => s === 400)).toBeGreaterThan(RUNS / 10);
    expect(count((s) => s === 401 || s === 403)).toBeGreaterThan(0);
  }, 90_000);

  it('refuses bodies over the 1 MB JSON limit with 413 PAYLOAD_TOO_LARGE on POST and PATCH', async () => {
    const bodied = operations.filter((op) => op.method === 'POST' || op.method === 'PATCH');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodied),
        fc.integer({ min: 1, max: 256 * 1024 }),
        fc.constantFrom('application/json', 'application/json; charset=utf-8'),
        async (op, excess, type) => {
          const filler = 'x'.repeat(JSON_LIMIT + excess);
          const request: FuzzRequest = {
            op,
            method: op.method,
            path: pathFor(op, sessionIds[0] as string, false),
            auth: { kind: 'valid' },
            contentType: type,
            body: JSON.stringify({ auto_reply_message: filler }),
          };
          const answer = await send(request);
          check(request, answer);
          expect(answer.status).toBe(413);
          expect(answer.body.error.code).toBe('PAYLOAD_TOO_LARGE');
        },
      ),
      { seed: SEED, numRuns: 12, endOnFailure: true },
    );
  });
});
