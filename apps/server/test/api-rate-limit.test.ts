// 100 requests per rolling minute per API key, driven by the server's manual clock.

import { buildApiKey, buildTenant } from '@drift/api/testing';
import { describe, expect, it } from 'vitest';
import { expectError, rateLimitHeaders } from './support/assertions.ts';
import { ENDPOINTS, happyRequestOfNewTenant } from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW } from './support/server.ts';

const fixture = useTestServer();

const LIST = '/api/v1/ooo-sessions';
const nowSeconds = () => fixture.server.clock.now().getTime() / 1000;

/** Spends `count` requests of the key, checking that each is allowed. */
async function spend(key: string, count: number) {
  const remaining: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fixture.server.request('GET', LIST, { key });
    expect(response.status).toBe(200);
    remaining.push(rateLimitHeaders(response).remaining);
  }
  return remaining;
}

describe('rate limit', () => {
  it('counts down from 99 to 0, then refuses the 101st with 429, Retry-After and the headers', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const first = await fixture.server.request('GET', LIST, { key: tenant.key });
    expect(rateLimitHeaders(first)).toEqual({ limit: 100, remaining: 99, reset: nowSeconds() + 60 });

    const remaining = await spend(tenant.key, 99);
    expect(remaining).toEqual(Array.from({ length: 99 }, (_, i) => 98 - i));

    const refused = await fixture.server.request('GET', LIST, { key: tenant.key });
    expectError(
      refused,
      429,
      'RATE_LIMIT_EXCEEDED',
      'Rate limit of 100 requests per minute exceeded; retry in 60 seconds',
    );
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(rateLimitHeaders(refused)).toEqual({ limit: 100, remaining: 0, reset: nowSeconds() + 60 });
  });

  it('Retry-After is computed from the window, and the key works again when the window has room', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    await spend(tenant.key, 100);
    fixture.server.clock.advance(45_000);
    const refused = await fixture.server.request('GET', LIST, { key: tenant.key });
    expectError(
      refused,
      429,
      'RATE_LIMIT_EXCEEDED',
      'Rate limit of 100 requests per minute exceeded; retry in 15 seconds',
    );
    expect(refused.headers.get('retry-after')).toBe('15');

    fixture.server.clock.advance(14_999);
    expect((await fixture.server.request('GET', LIST, { key: tenant.key })).headers.get('retry-after')).toBe(
      '1',
    );

    fixture.server.clock.advance(1);
    const allowed = await fixture.server.request('GET', LIST, { key: tenant.key });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('retry-after')).toBeNull();
    expect(rateLimitHeaders(allowed)).toEqual({ limit: 100, remaining: 99, reset: nowSeconds() + 60 });
  });

  it('the window rolls: requests leave it one minute after they were made', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    await spend(tenant.key, 50);
    fixture.server.clock.advance(30_000);
    const remaining = await spend(tenant.key, 50);
    expect(remaining.at(-1)).toBe(0);

    const refused = await fixture.server.request('GET', LIST, { key: tenant.key });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    // Reset is when the oldest request in the window leaves it.
    expect(rateLimitHeaders(refused).reset).toBe(BASE_NOW.getTime() / 1000 + 60);

    fixture.server.clock.advance(30_000);
    const allowed = await fixture.server.request('GET', LIST, { key: tenant.key });
    expect(allowed.status).toBe(200);
    // The 50 made at +30 s are still in the window, plus this one.
    expect(rateLimitHeaders(allowed)).toMatchObject({ remaining: 49, reset: BASE_NOW.getTime() / 1000 + 90 });
  });

  it('refused requests do not count', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    await spend(tenant.key, 100);
    for (let i = 0; i < 5; i++)
      expect((await fixture.server.request('GET', LIST, { key: tenant.key })).status).toBe(429);
    fixture.server.clock.advance(60_000);
    expect(rateLimitHeaders(await fixture.server.request('GET', LIST, { key: tenant.key })).remaining).toBe(
      99,
    );
  });

  it('is per key: another key of the same account, and another account, are unaffected', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const { key: sibling } = await buildApiKey(fixture.server.prisma, { accountId: tenant.accountId });
    const stranger = await buildTenant(fixture.server.prisma);
    await spend(tenant.key, 100);
    expect((await fixture.server.request('GET', LIST, { key: tenant.key })).status).toBe(429);

    const siblingResponse = await fixture.server.request('GET', LIST, { key: sibling });
    expect(siblingResponse.status).toBe(200);
    expect(rateLimitHeaders(siblingResponse).remaining).toBe(99);
    const strangerResponse = await fixture.server.request('GET', LIST, { key: stranger.key });
    expect(rateLimitHeaders(strangerResponse).remaining).toBe(99);
  });

  it('every kind of answer counts: errors use up the window too', async () => {
    const tenant = await buildTenant(fixture.server.prisma, { scopes: ['read:ooo'] });
    const notFound = await fixture.server.request('GET', '/api/v1/ooo-sessions/sess_unknownunknown00000', {
      key: tenant.key,
    });
    expect(rateLimitHeaders(notFound).remaining).toBe(99);
    const forbidden = await fixture.server.request('GET', '/api/v1/emails', { key: tenant.key });
    expect(rateLimitHeaders(forbidden).remaining).toBe(98);
    const invalid = await fixture.server.request('GET', '/api/v1/ooo-sessions?limit=0', { key: tenant.key });
    expect(rateLimitHeaders(invalid).remaining).toBe(97);
  });

  it('requests without a valid key use up nobody’s window', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    // The valid key with its last character changed: well-formed, but unknown.
    const wrong = `${tenant.key.slice(0, -1)}${tenant.key.endsWith('x') ? 'y' : 'x'}`;
    for (let i = 0; i < 3; i++)
      expect((await fixture.server.request('GET', LIST, { key: wrong })).status).toBe(401);
    expect(rateLimitHeaders(await fixture.server.request('GET', LIST, { key: tenant.key })).remaining).toBe(
      99,
    );
  });

  it.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))(
    '%s answers 429 once the key is spent, and does nothing',
    async (_name, endpoint) => {
      const { tenant, send } = await happyRequestOfNewTenant(fixture.server, endpoint);
      const before = await fixture.server.prisma.oooSession.findMany({
        where: { accountId: tenant.accountId },
        orderBy: { id: 'asc' },
      });
      await spend(tenant.key, 100);
      const response = await send({});
      expectError(
        response,
        429,
        'RATE_LIMIT_EXCEEDED',
        'Rate limit of 100 requests per minute exceeded; retry in 60 seconds',
      );
      expect(response.headers.get('retry-after')).toBe('60');
      expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 0 });
      expect(
        await fixture.server.prisma.oooSession.findMany({
          where: { accountId: tenant.accountId },
          orderBy: { id: 'asc' },
        }),
      ).toEqual(before);
    },
  );
});

describe('authentication and the rate limit come before the body is read', () => {
  const MALFORMED = '{"start_date": ';

  it.each([
    ['no Authorization header', undefined, 'UNAUTHORIZED'],
    ['a header that is not Bearer', { authorization: 'Basic dXNlcjpwYXNz' }, 'UNAUTHORIZED'],
    ['a key that does not exist', { authorization: `Bearer drift_${'x'.repeat(40)}` }, 'INVALID_API_KEY'],
  ] as const)(
    '%s with a malformed body is 401, not 400, without rate-limit headers',
    async (_label, headers, code) => {
      const response = await fixture.server.request('POST', LIST, {
        rawBody: MALFORMED,
        ...(headers && { headers }),
      });
      expectError(response, 401, code);
      expect(response.headers.get('x-ratelimit-remaining')).toBeNull();
    },
  );

  it.each([
    ['malformed JSON', 400, 'VALIDATION_ERROR', { rawBody: MALFORMED }],
    ['JSON nested too deeply', 400, 'VALIDATION_ERROR', { rawBody: `${'['.repeat(100)}${']'.repeat(100)}` }],
    [
      'a body over 1 MB',
      413,
      'PAYLOAD_TOO_LARGE',
      { body: { start_date: 'x', auto_reply_message: 'x'.repeat(1024 * 1024 + 10) } },
    ],
    [
      'a body of another media type (Fastify’s 415)',
      400,
      'VALIDATION_ERROR',
      { rawBody: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ],
    ['no Content-Type at all', 400, 'VALIDATION_ERROR', { headers: { 'content-length': '0' } }],
  ] as const)(
    '%s with a valid key is %i, carries X-RateLimit-* and counts',
    async (_label, status, code, options) => {
      const tenant = await buildTenant(fixture.server.prisma);
      const first = await fixture.server.request('POST', LIST, { key: tenant.key, ...options });
      expectError(first, status, code);
      expect(rateLimitHeaders(first)).toEqual({ limit: 100, remaining: 99, reset: nowSeconds() + 60 });
      const second = await fixture.server.request('POST', LIST, { key: tenant.key, ...options });
      expect(rateLimitHeaders(second).remaining).toBe(98);
    },
  );

  it('an idempotent replay carries X-RateLimit-* and counts', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const body = {
      start_date: new Date(BASE_NOW.getTime() + 86_400_000).toISOString(),
      end_date: new Date(BASE_NOW.getTime() + 2 * 86_400_000).toISOString(),
    };
    const send = () =>
      fixture.server.request('POST', LIST, {
        key: tenant.key,
        body,
        headers: { 'Idempotency-Key': 'replay-rl' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const replay = await send();
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(rateLimitHeaders(replay)).toEqual({ limit: 100, remaining: 98, reset: nowSeconds() + 60 });
  });

  it('malformed bodies spend the window: the 101st is 429, and so is a good request after it', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    for (let i = 0; i < 100; i++) {
      const response = await fixture.server.request('POST', LIST, { key: tenant.key, rawBody: MALFORMED });
      expect(response.status).toBe(400);
    }
    const refused = await fixture.server.request('POST', LIST, { key: tenant.key, rawBody: MALFORMED });
    expectError(refused, 429, 'RATE_LIMIT_EXCEEDED');
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(rateLimitHeaders(refused)).toMatchObject({ limit: 100, remaining: 0 });
    expect((await fixture.server.request('GET', LIST, { key: tenant.key })).status).toBe(429);
  });

  it('a request is charged once, not again by the procedure', async () => {
    const tenant = await buildTenant(fixture.server.prisma);
    const remaining = await spend(tenant.key, 3);
    expect(remaining).toEqual([99, 98, 97]);
  });
});
