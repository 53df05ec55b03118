// What the server does around the API: /healthz and its one structured log line per request.

import { buildApiKey, buildTenant } from '@drift/api/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { defined, KEY_ID } from './support/assertions.ts';
import { ENDPOINTS, happyRequestOfNewTenant } from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW, type LogLine } from './support/server.ts';

let databaseUp = true;
const fixture = useTestServer({
  start: {
    pingDatabase: async () => {
      if (!databaseUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      await fixture.server.prisma.$queryRaw`SELECT 1`;
    },
  },
});
beforeEach(() => {
  databaseUp = true;
});

describe('/healthz', () => {
  it('200 {status: "ok"} when the database answers, without a key', async () => {
    const response = await fixture.server.request('GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('503 when the database does not answer, without saying more', async () => {
    databaseUp = false;
    const response = await fixture.server.request('GET', '/healthz');
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: 'unavailable', reason: 'database unreachable' });
    expect(response.text).not.toContain('ECONNREFUSED');
  });
});

describe('request log', () => {
  const MARKER = 'marker-in-the-body-7f3a9c';

  /** The one request line for a response, and every line the server has written. */
  async function lineFor(response: { headers: Headers }): Promise<LogLine> {
    const reqId = response.headers.get('x-request-id');
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = await fixture.server.requestLog(defined(reqId));
    expect(lines).toHaveLength(1);
    return defined(lines[0]);
  }

  /** The body with MARKER in its free-text field: a webhook's description, else a session's message. */
  const withMarker = (body: Record<string, unknown>) =>
    'events' in body ? { ...body, description: MARKER } : { ...body, auto_reply_message: MARKER };

  it.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))(
    '%s: one line with reqId, route, status, durationMs and keyId; never the key, the header or the body',
    async (_name, endpoint) => {
      const { tenant, call, send } = await happyRequestOfNewTenant(fixture.server, endpoint);
      const response = await send({
        ...(call.body !== undefined && { body: withMarker(call.body as Record<string, unknown>) }),
      });
      expect(response.status).toBe(endpoint.successStatus);
      const line = await lineFor(response);
      expect(line).toMatchObject({
        reqId: response.headers.get('x-request-id'),
        route: expect.any(String),
        status: endpoint.successStatus,
        durationMs: expect.any(Number),
        keyId: tenant.keyId,
        msg: 'request',
      });
      expect(line.keyId).toMatch(KEY_ID);
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
      expect((line.route as string).length).toBeGreaterThan(0);

      const everything = fixture.server.rawLogs.join('\n');
      expect(everything).not.toContain(tenant.key);
      expect(everything).not.toContain(tenant.key.slice(6));
      expect(everything.toLowerCase()).not.toContain('bearer');
      expect(everything.toLowerCase()).not.toContain('authorization');
      expect(everything).not.toContain(MARKER);
    },
  );

  it('a refused key is not logged, and keyId is null', async () => {
    const account = await buildTenant(fixture.server.prisma);
    const { key: revoked } = await buildApiKey(fixture.server.prisma, {
      accountId: account.accountId,
      revokedAt: BASE_NOW,
    });
    const response = await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: revoked });
    expect(response.status).toBe(401);
    const line = await lineFor(response);
    expect(line).toMatchObject({
      status: 401,
      keyId: null,
      durationMs: expect.any(Number),
      route: expect.any(String),
    });
    expect(fixture.server.rawLogs.join('\n')).not.toContain(revoked);
  });

  it('errors and non-API routes get their line too', async () => {
    const tenant = await buildTenant(fixture.server.prisma, { scopes: ['read:emails'] });
    const forbidden = await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: tenant.key });
    expect(await lineFor(forbidden)).toMatchObject({ status: 403, keyId: tenant.keyId });
    const malformed = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key: tenant.key,
      rawBody: `{"${MARKER}`,
    });
    expect(await lineFor(malformed)).toMatchObject({ status: 400 });
    const unknown = await fixture.server.request('GET', '/api/v1/nope');
    expect(await lineFor(unknown)).toMatchObject({ status: 404, keyId: null });
    const health = await fixture.server.request('GET', '/healthz');
    expect(await lineFor(health)).toMatchObject({ status: 200, route: '/healthz', keyId: null });
    expect(fixture.server.rawLogs.join('\n')).not.toContain(MARKER);
  });

  it('route and path name the endpoint that was called', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const response = await fixture.server.request(
      'GET',
      '/api/v1/ooo-sessions/sess_unknownunknown00000?x=1',
      {
        key: tenant.key,
      },
    );
    expect(response.status).toBe(404);
    const line = await lineFor(response);
    expect({ route: line.route, path: line.path }).toEqual({
      route: expect.stringMatching(/^\/api\/v1\/ooo-sessions\/(\{id\}|:id)$/),
      path: '/api/v1/ooo-sessions/sess_unknownunknown00000',
    });
  });
});
