// Errors that do not belong to one endpoint: bodies that are not JSON, unknown routes, failures of
// the database (500 and 503), oversized bodies. Every error body is exactly {error:{message,code}}.

import { at, days } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { defined, expectError, rateLimitHeaders } from './support/assertions.ts';
import { ENDPOINTS, happyRequest } from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW, LEAKY_DATABASE_MESSAGE, type RequestOptions } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

/** POST /api/v1/ooo-sessions with the tenant's key. */
const postSession = (options: RequestOptions) =>
  fixture.server.request('POST', '/api/v1/ooo-sessions', { key: fixture.tenant.key, ...options });
/** A body POST /api/v1/ooo-sessions accepts. */
const validSession = () => ({
  start_date: at(BASE_NOW, days(1)).toISOString(),
  end_date: at(BASE_NOW, days(2)).toISOString(),
});

const sessionCount = () =>
  fixture.server.prisma.oooSession.count({ where: { accountId: fixture.tenant.accountId } });

describe('request bodies', () => {
  it.each([
    ['{"start_date": "2026-03-20T00:00:00.000Z",'],
    ['{start_date: 1}'],
    ["{'a': 1}"],
    ['not json at all'],
  ])('malformed JSON %j on POST is 400 VALIDATION_ERROR', async (rawBody) => {
    const response = await postSession({
      rawBody,
    });
    expectError(response, 400, 'VALIDATION_ERROR', 'Request body is not valid JSON');
    expect(await sessionCount()).toBe(0);
  });

  it('malformed JSON on PATCH is 400 VALIDATION_ERROR', async () => {
    const created = await postSession({
      body: validSession(),
    });
    const response = await fixture.server.request('PATCH', `/api/v1/ooo-sessions/${created.body.id}`, {
      key: fixture.tenant.key,
      rawBody: '{"status": "cancelled"',
    });
    expectError(response, 400, 'VALIDATION_ERROR', 'Request body is not valid JSON');
  });

  it('an empty JSON body is 400 VALIDATION_ERROR', async () => {
    const response = await postSession({
      rawBody: '',
    });
    expectError(response, 400, 'VALIDATION_ERROR');
  });

  it('a body that is not JSON by its content type is 400 VALIDATION_ERROR', async () => {
    const response = await postSession({
      rawBody: 'start_date=2026-03-20',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(response, 400, 'VALIDATION_ERROR');
    expect(await sessionCount()).toBe(0);
  });

  it('a body over 1 MB is 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await postSession({
      body: {
        ...validSession(),
        auto_reply_message: 'x'.repeat(1024 * 1024 + 10),
      },
    });
    expectError(response, 413, 'PAYLOAD_TOO_LARGE', 'Request body is too large');
    expect(await sessionCount()).toBe(0);
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/v1/nope'],
    ['GET', '/api/v1/ooo-sessions/sess_abc/extra'],
    ['GET', '/api/v1/sessions'],
    ['GET', '/api/v1'],
    ['GET', '/api/v1/'],
    ['POST', '/api/v1/emails'],
    ['DELETE', '/api/v1/ooo-sessions'],
    ['PUT', '/api/v1/ooo-sessions'],
    ['PUT', '/api/v1/ooo-sessions/sess_abc'],
    ['POST', '/api/v1/playbooks'],
  ])('%s %s is 404 NOT_FOUND, with or without a key', async (method, path) => {
    expectError(await fixture.server.request(method, path), 404, 'NOT_FOUND');
    expectError(await fixture.server.request(method, path, { key: fixture.tenant.key }), 404, 'NOT_FOUND');
  });
});

describe('unknown routes outside /api/v1', () => {
  it.each([['/api/nope'], ['/api/v2/ooo-sessions'], ['/api/v1.1/ooo-sessions']])(
    'GET %s is 404 NOT_FOUND in the error envelope too',
    async (path) => {
      const response = await fixture.server.request('GET', path, { key: fixture.tenant.key });
      expectError(response, 404, 'NOT_FOUND');
    },
  );
});

describe('HEAD', () => {
  it.each([['/api/v1/ooo-sessions'], ['/api/v1/ooo-sessions/sess_unknownunknown00000'], ['/api/v1/emails']])(
    'HEAD %s without a key does not succeed',
    async (path) => {
      const response = await fixture.server.request('HEAD', path);
      expect([401, 404, 405]).toContain(response.status);
    },
  );
});

describe('database failures', () => {
  describe.each(ENDPOINTS)('$name', (endpoint) => {
    it.each([
      {
        fault: 'internal',
        status: 500,
        code: 'INTERNAL_ERROR',
        message: 'An unexpected error occurred',
        hidden: ['ooo_sessions_secret', 'node_modules'],
      },
      {
        fault: 'unavailable',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database is unavailable; try again shortly',
        hidden: ['db.internal.example'],
      },
    ] as const)(
      '$status $code when the database fails ($fault): a generic message, no detail',
      async ({ fault, status, code, message, hidden }) => {
        const { send } = await happyRequest(fixture.server, endpoint, fixture.tenant.accountId);
        fixture.server.setFault(fault);
        const response = await send({ key: fixture.tenant.key });
        fixture.server.setFault('none');
        expectError(response, status, code, message);
        for (const detail of hidden) expect(response.text).not.toContain(detail);
        expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
      },
    );
  });

  it('a 500 is logged for the operator with the error that caused it', async () => {
    const { send } = await happyRequest(fixture.server, defined(ENDPOINTS[0]), fixture.tenant.accountId);
    fixture.server.setFault('internal');
    const response = await send({ key: fixture.tenant.key });
    fixture.server.setFault('none');
    expect(response.status).toBe(500);
    const reqId = response.headers.get('x-request-id');
    expect(reqId).toBeTruthy();
    await fixture.server.requestLog(defined(reqId));
    const errorLines = fixture.server.logs().filter((line) => line.reqId === reqId && line.level >= 50);
    expect(errorLines.length).toBeGreaterThan(0);
    // Without the underlying error the line only says "An unexpected error occurred": undiagnosable.
    const logged = errorLines.map((line) => (line.err as { message?: string } | undefined)?.message);
    expect(logged).toContain(LEAKY_DATABASE_MESSAGE);
    expect(fixture.server.rawLogs.join('\n')).not.toContain(fixture.tenant.key);
  });
});
