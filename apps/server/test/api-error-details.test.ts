// What an error tells a client beyond its message: the request it answers (`request_id`, the
// X-Request-Id header), and `details` where they help (field errors, the overlapping session).

import { at, buildSession, days } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { type ApiResponse, BASE_NOW, type Json } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const SESSIONS = '/api/v1/ooo-sessions';
const iso = (offsetDays: number) => at(BASE_NOW, days(offsetDays)).toISOString();

const post = (body: unknown, key = fixture.tenant.key) =>
  fixture.server.request('POST', SESSIONS, { key, body });

/** A session of the tenant from day `from` to day `to`. */
const sessionOn = (from: number, to: number) =>
  buildSession(fixture.server.prisma, {
    accountId: fixture.tenant.accountId,
    startDate: at(BASE_NOW, days(from)),
    endDate: at(BASE_NOW, days(to)),
  });

async function spendWindow(key: string) {
  for (let i = 0; i < 100; i++) await fixture.server.request('GET', SESSIONS, { key });
}

describe('request_id', () => {
  it.each([
    [400, 'VALIDATION_ERROR', () => post({})],
    [401, 'UNAUTHORIZED', () => fixture.server.request('GET', SESSIONS)],
    [
      404,
      'NOT_FOUND',
      () =>
        fixture.server.request('GET', `${SESSIONS}/sess_unknownunknown00000`, { key: fixture.tenant.key }),
    ],
    [404, 'NOT_FOUND', () => fixture.server.request('GET', '/api/v1/nope')],
    [
      409,
      'CONFLICT',
      async () => {
        await sessionOn(5, 10);
        return post({ start_date: iso(6), end_date: iso(8) });
      },
    ],
    [
      429,
      'RATE_LIMIT_EXCEEDED',
      async () => {
        await spendWindow(fixture.tenant.key);
        return fixture.server.request('GET', SESSIONS, { key: fixture.tenant.key });
      },
    ],
  ] as const)('a %i %s names the X-Request-Id of its response', async (status, code, make) => {
    const response: ApiResponse = await make();
    expectError(response, status, code);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.error.request_id).toBe(requestId);
  });

  it('differs between two answers to the same request', async () => {
    const [first, second] = [await post({}), await post({})];
    expect(first.body.error.request_id).not.toBe(second.body.error.request_id);
  });
});

describe('details.fields', () => {
  it('lists every schema problem by its field, with the sentence the message has for it', async () => {
    const response = await post({ end_date: 'soon', auto_reply_message: 7, colour: 'red', mood: 'ok' });
    expectError(response, 400, 'VALIDATION_ERROR');
    const { fields } = response.body.error.details;
    expect(fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['auto_reply_message', 'colour', 'end_date', 'mood', 'start_date'].sort(),
    );
    for (const { message } of fields) expect(response.body.error.message).toContain(message);
    expect(fields).toContainEqual({ field: 'start_date', message: 'start_date is required' });
    // An unknown key is a field of its own; both carry their issue's one sentence.
    const unknown = fields.filter((f: { field: string }) => f.field === 'colour' || f.field === 'mood');
    expect(unknown.map((f: { message: string }) => f.message)).toEqual([
      'Unknown field(s): colour, mood',
      'Unknown field(s): colour, mood',
    ]);
  });

  it.each([
    [
      'end_date before start_date',
      { start_date: iso(5), end_date: iso(2) },
      'end_date',
      'end_date must be after start_date',
    ],
    [
      'end_date in the past',
      { start_date: iso(-5), end_date: iso(-2) },
      'end_date',
      'end_date must be in the future',
    ],
    [
      'return_date before end_date',
      { start_date: iso(2), end_date: iso(5), return_date: iso(4) },
      'return_date',
      'return_date must not be before end_date',
    ],
  ])('a domain rule about one field (%s) names that field', async (_label, body, field, message) => {
    const response = await post(body);
    expectError(response, 400, 'VALIDATION_ERROR', message);
    expect(response.body.error.details).toEqual({ fields: [{ field, message }] });
  });

  it('a plain 404 has no details', async () => {
    const response = await fixture.server.request('GET', `${SESSIONS}/sess_unknownunknown00000`, {
      key: fixture.tenant.key,
    });
    expectError(response, 404, 'NOT_FOUND', 'OOO session not found');
    expect(response.body.error).not.toHaveProperty('details');
  });
});

describe('details.conflicting_session', () => {
  it('names the overlapped session on create', async () => {
    const other = await sessionOn(5, 10);
    const response = await post({ start_date: iso(8), end_date: iso(12) });
    expectError(response, 409, 'CONFLICT', `Overlaps OOO session ${other.id} (${iso(5)} to ${iso(10)})`);
    expect(response.body.error.details).toEqual({
      conflicting_session: { id: other.id, start_date: iso(5), end_date: iso(10) },
    });
  });

  it('names the overlapped session on PATCH', async () => {
    const other = await sessionOn(5, 10);
    const mine = await sessionOn(12, 15);
    const response = await fixture.server.request('PATCH', `${SESSIONS}/${mine.id}`, {
      key: fixture.tenant.key,
      body: { start_date: iso(9) },
    });
    expectError(response, 409, 'CONFLICT');
    expect(response.body.error.details).toEqual({
      conflicting_session: { id: other.id, start_date: iso(5), end_date: iso(10) },
    });
  });
});

describe('over tRPC', () => {
  async function trpcCreate(input: unknown) {
    const response = await fetch(`${fixture.server.baseUrl}/trpc/sessions.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.tenant.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    return {
      requestId: response.headers.get('x-request-id'),
      error: ((await response.json()) as Json).error,
    };
  }

  it('a schema error carries requestId (the X-Request-Id) and the field details', async () => {
    const { requestId, error } = await trpcCreate({ start_date: iso(2) });
    expect(requestId).toBeTruthy();
    expect(error.data).toMatchObject({
      driftCode: 'VALIDATION_ERROR',
      requestId,
      details: { fields: [{ field: 'end_date', message: 'end_date is required' }] },
    });
  });

  it('a CONFLICT carries the overlapped session', async () => {
    const other = await sessionOn(5, 10);
    const { requestId, error } = await trpcCreate({ start_date: iso(1), end_date: iso(6) });
    expect(error.data).toMatchObject({
      driftCode: 'CONFLICT',
      requestId,
      details: { conflicting_session: { id: other.id, start_date: iso(5), end_date: iso(10) } },
    });
  });

  it('an error without details has details null', async () => {
    const response = await fetch(
      `${fixture.server.baseUrl}/trpc/sessions.get?input=${encodeURIComponent(JSON.stringify({ id: 'sess_unknownunknown00000' }))}`,
      {
        headers: { authorization: `Bearer ${fixture.tenant.key}` },
      },
    );
    const { error } = (await response.json()) as Json;
    expect(error.data).toMatchObject({
      driftCode: 'NOT_FOUND',
      requestId: response.headers.get('x-request-id'),
      details: null,
    });
  });
});
