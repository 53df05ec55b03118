// Shared checks run over every endpoint of the reference: keys, plans, scopes, isolation between
// accounts, and the rate-limit headers that every authenticated answer carries.

import {
  at,
  buildAccount,
  buildApiKey,
  buildEmail,
  buildPlaybook,
  buildSession,
  buildTenant,
  days,
} from '@drift/api/testing';
import { generateApiKey, SCOPES } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { expectError, rateLimitHeaders, withoutRequestId } from './support/assertions.ts';
import {
  completedSessionWithMail,
  ENDPOINTS,
  ENDPOINTS_WITH_SESSION_ID,
  type FixtureContext,
  UNKNOWN_SESSION_ID,
} from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer();

const fixtures = (accountId: string): FixtureContext => ({
  prisma: fixture.server.prisma,
  accountId,
  now: fixture.server.clock.now(),
});

/** Everything a refused request must leave untouched. */
async function stateOf(accountId: string) {
  const [sessions, emails, playbooks, webhooks, webhookDeliveries] = await Promise.all([
    fixture.server.prisma.oooSession.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    fixture.server.prisma.email.count({ where: { accountId } }),
    fixture.server.prisma.playbook.count({ where: { accountId } }),
    fixture.server.prisma.webhook.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    fixture.server.prisma.webhookDelivery.count({ where: { accountId } }),
  ]);
  return { sessions, emails, playbooks, webhooks, webhookDeliveries };
}

describe.each(ENDPOINTS)('$name', (endpoint) => {
  const send = (
    call: { path: string; body?: unknown },
    options: { key?: string; headers?: Record<string, string> },
  ) =>
    fixture.server.request(endpoint.method, call.path, {
      ...options,
      ...(call.body !== undefined ? { body: call.body } : {}),
    });

  it(`answers ${endpoint.successStatus} to a valid key with the ${endpoint.scope} scope, with rate-limit headers`, async () => {
    const tenant = await buildTenant(fixture.server.prisma, { scopes: [endpoint.scope] });
    const response = await send(await endpoint.happy(fixtures(tenant.accountId)), { key: tenant.key });
    expect(response.status).toBe(endpoint.successStatus);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
  });

  it('401 UNAUTHORIZED without an Authorization header, and changes nothing', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const call = await endpoint.happy(fixtures(tenant.accountId));
    const before = await stateOf(tenant.accountId);
    expectError(await send(call, {}), 401, 'UNAUTHORIZED', 'Missing Authorization header');
    expect(await stateOf(tenant.accountId)).toEqual(before);
  });

  it.each([
    ['Basic', (key: string) => `Basic ${Buffer.from(`user:${key}`).toString('base64')}`],
    ['Token', (key: string) => `Token ${key}`],
    ['a bare key', (key: string) => key],
    ['an empty Bearer', () => 'Bearer '],
  ])('401 UNAUTHORIZED for the %s scheme', async (_label, header) => {
    const tenant = await buildTenant(fixture.server.prisma);
    const call = await endpoint.happy(fixtures(tenant.accountId));
    const before = await stateOf(tenant.accountId);
    const response = await send(call, { headers: { authorization: header(tenant.key) } });
    expectError(response, 401, 'UNAUTHORIZED', 'Authorization header must be "Bearer <api key>"');
    expect(await stateOf(tenant.accountId)).toEqual(before);
  });

  it.each([
    ['an unknown well-formed key', () => generateApiKey().key],
    ['a malformed key', () => 'drift_nope'],
    ['a key of another product', () => 'sk_live_0123456789abcdefghijklmnopqrstuv'],
  ])('401 INVALID_API_KEY for %s', async (_label, makeKey) => {
    const tenant = await buildTenant(fixture.server.prisma);
    const call = await endpoint.happy(fixtures(tenant.accountId));
    const before = await stateOf(tenant.accountId);
    expectError(
      await send(call, { key: makeKey() }),
      401,
      'INVALID_API_KEY',
      'API key is invalid or revoked',
    );
    expect(await stateOf(tenant.accountId)).toEqual(before);
  });

  it('401 INVALID_API_KEY for a revoked key, exactly like an unknown one', async () => {
    const account = await buildAccount(fixture.server.prisma);
    const { key: revoked } = await buildApiKey(fixture.server.prisma, {
      accountId: account.id,
      revokedAt: at(BASE_NOW, -days(1)),
    });
    const call = await endpoint.happy(fixtures(account.id));
    const before = await stateOf(account.id);
    const response = await send(call, { key: revoked });
    expectError(response, 401, 'INVALID_API_KEY', 'API key is invalid or revoked');
    expect(withoutRequestId(response.body)).toEqual(
      withoutRequestId((await send(call, { key: generateApiKey().key })).body),
    );
    expect(await stateOf(account.id)).toEqual(before);
  });

  it('403 FEATURE_NOT_AVAILABLE for a valid key of a free account, with rate-limit headers', async () => {
    const tenant = await buildTenant(fixture.server.prisma, { plan: 'free' });
    const call = await endpoint.happy(fixtures(tenant.accountId));
    const before = await stateOf(tenant.accountId);
    const response = await send(call, { key: tenant.key });
    expectError(response, 403, 'FEATURE_NOT_AVAILABLE', 'API access requires Team Growth plan');
    expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
    expect(await stateOf(tenant.accountId)).toEqual(before);
  });

  it('401 for an invalid key takes precedence over the free plan', async () => {
    const account = await buildAccount(fixture.server.prisma, { plan: 'free' });
    const { key: revoked } = await buildApiKey(fixture.server.prisma, {
      accountId: account.id,
      revokedAt: at(BASE_NOW, -days(1)),
    });
    const call = await endpoint.happy(fixtures(account.id));
    expectError(await send(call, { key: revoked }), 401, 'INVALID_API_KEY', 'API key is invalid or revoked');
    expectError(await send(call, {}), 401, 'UNAUTHORIZED', 'Missing Authorization header');
  });

  it.each(SCOPES.map((scope) => [scope]))('a key with only %s', async (scope) => {
    const tenant = await buildTenant(fixture.server.prisma, { scopes: [scope] });
    const call = await endpoint.happy(fixtures(tenant.accountId));
    const before = await stateOf(tenant.accountId);
    const response = await send(call, { key: tenant.key });
    rateLimitHeaders(response);
    if (scope === endpoint.scope) {
      expect(response.status).toBe(endpoint.successStatus);
    } else {
      expectError(response, 403, 'INSUFFICIENT_SCOPE', `API key lacks required scope: ${endpoint.scope}`);
      expect(await stateOf(tenant.accountId)).toEqual(before);
    }
  });

  it(`403 INSUFFICIENT_SCOPE naming ${endpoint.scope} for a key with every other scope`, async () => {
    const tenant = await buildTenant(fixture.server.prisma, {
      scopes: SCOPES.filter((s) => s !== endpoint.scope),
    });
    const call = await endpoint.happy(fixtures(tenant.accountId));
    const before = await stateOf(tenant.accountId);
    const response = await send(call, { key: tenant.key });
    expectError(response, 403, 'INSUFFICIENT_SCOPE', `API key lacks required scope: ${endpoint.scope}`);
    expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
    expect(await stateOf(tenant.accountId)).toEqual(before);
  });

  it('400 VALIDATION_ERROR for an invalid request, with rate-limit headers', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const { message, ...call } = await endpoint.invalid(fixtures(tenant.accountId));
    const response = await send(call, { key: tenant.key });
    expectError(response, 400, 'VALIDATION_ERROR', message);
    expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
  });

  if (endpoint.forSession) {
    const aimedAt = endpoint.forSession;

    it('404 NOT_FOUND for an unknown session id, with rate-limit headers', async () => {
      const tenant = await buildTenant(fixture.server.prisma);
      const response = await send(aimedAt(UNKNOWN_SESSION_ID), { key: tenant.key });
      expectError(response, 404, 'NOT_FOUND', 'OOO session not found');
      expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });
    });
  }

  it('records when the key was last used, by the server clock', async () => {
    const tenant = await buildTenant(fixture.server.prisma, { scopes: [endpoint.scope] });
    fixture.server.clock.set(at(BASE_NOW, days(-3)));
    const call = await endpoint.happy(fixtures(tenant.accountId));
    expect((await send(call, { key: tenant.key })).status).toBe(endpoint.successStatus);
    const key = await fixture.server.prisma.apiKey.findUniqueOrThrow({ where: { id: tenant.keyId } });
    expect(key.lastUsedAt?.toISOString()).toBe(at(BASE_NOW, days(-3)).toISOString());
  });
});

describe.each(ENDPOINTS_WITH_SESSION_ID)("another account's session through $name", (endpoint) => {
  it('is 404 NOT_FOUND, exactly like an unknown id, and is left untouched', async () => {
    const owner = await buildTenant(fixture.server.prisma);
    const theirs = await buildSession(fixture.server.prisma, {
      accountId: owner.accountId,
      startDate: at(BASE_NOW, days(3)),
      endDate: at(BASE_NOW, days(5)),
    });
    await buildEmail(fixture.server.prisma, { accountId: owner.accountId, sessionId: theirs.id });
    await buildPlaybook(fixture.server.prisma, { accountId: owner.accountId, sessionId: theirs.id });
    const before = await stateOf(owner.accountId);

    const intruder = await buildTenant(fixture.server.prisma);
    const call = endpoint.forSession(theirs.id);
    const body = call.body !== undefined ? { body: call.body } : {};
    const response = await fixture.server.request(endpoint.method, call.path, { key: intruder.key, ...body });
    expectError(response, 404, 'NOT_FOUND', 'OOO session not found');
    const unknown = endpoint.forSession(UNKNOWN_SESSION_ID);
    const unknownResponse = await fixture.server.request(endpoint.method, unknown.path, {
      key: intruder.key,
      ...body,
    });
    expect(withoutRequestId(response.body)).toEqual(withoutRequestId(unknownResponse.body));
    expect(await stateOf(owner.accountId)).toEqual(before);
  });
});

describe("lists never show another account's data", () => {
  it.each([['/api/v1/ooo-sessions'], ['/api/v1/emails'], ['/api/v1/playbooks']])('%s', async (path) => {
    const owner = await buildTenant(fixture.server.prisma);
    await completedSessionWithMail(fixtures(owner.accountId));

    const other = await buildTenant(fixture.server.prisma);
    const response = await fixture.server.request('GET', path, { key: other.key });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
    expect(response.body.pagination).toMatchObject({ total: 0, offset: 0, has_more: false });

    const own = await fixture.server.request('GET', path, { key: owner.key });
    expect(own.body.pagination.total).toBe(1);
  });

  it("creating a session over another account's dates is fine: overlap is per account", async () => {
    const owner = await buildTenant(fixture.server.prisma);
    const start = at(BASE_NOW, days(3));
    const end = at(BASE_NOW, days(5));
    await buildSession(fixture.server.prisma, { accountId: owner.accountId, startDate: start, endDate: end });
    const other = await buildTenant(fixture.server.prisma);
    const response = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key: other.key,
      body: { start_date: start.toISOString(), end_date: end.toISOString() },
    });
    expect(response.status).toBe(201);
  });
});

describe('keys', () => {
  it('a second key of the same account sees the same data', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const { key: second } = await buildApiKey(fixture.server.prisma, {
      accountId: tenant.accountId,
      scopes: ['read:ooo'],
    });
    const created = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key: tenant.key,
      body: {
        start_date: at(BASE_NOW, days(1)).toISOString(),
        end_date: at(BASE_NOW, days(2)).toISOString(),
      },
    });
    const read = await fixture.server.request('GET', `/api/v1/ooo-sessions/${created.body.id}`, {
      key: second,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('accepts the scheme name in any case', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const response = await fixture.server.request('GET', '/api/v1/ooo-sessions', {
      headers: { authorization: `bearer ${tenant.key}` },
    });
    expect(response.status).toBe(200);
  });

  it('a key revoked after use is refused from then on', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    expect((await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: tenant.key })).status).toBe(
      200,
    );
    await fixture.server.prisma.apiKey.update({ where: { id: tenant.keyId }, data: { revokedAt: BASE_NOW } });
    expectError(
      await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: tenant.key }),
      401,
      'INVALID_API_KEY',
      'API key is invalid or revoked',
    );
  });
});
