// 100 requests per rolling minute per API key, driven by the server's manual clock.
import { describe, expect, it } from 'vitest';
import { expectError, rateLimitHeaders } from './support/assertions.ts';
import { ENDPOINTS } from './support/endpoints.ts';
import { buildApiKey, buildTenant } from './support/factories.ts';
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
    const sibling = await buildApiKey(fixture.server.prisma, { accountId: tenant.accountId });
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
      const tenant = await buildTenant(fixture.server.prisma);
      const call = await endpoint.happy({
        prisma: fixture.server.prisma,
        accountId: tenant.accountId,
        now: fixture.server.clock.now(),
      });
      const before = await fixture.server.prisma.oooSession.findMany({
        where: { accountId: tenant.accountId },
        orderBy: { id: 'asc' },
      });
      await spend(tenant.key, 100);
      const response = await fixture.server.request(endpoint.method, call.path, {
        key: tenant.key,
        ...(call.body !== undefined ? { body: call.body } : {}),
      });
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
