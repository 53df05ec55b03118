// /api/v1/webhooks: registering receivers, reading them and their delivery attempts, test events.

import { at, buildTenant, days } from '@drift/api/testing';
import { createWebhook, InMemoryRateLimiter } from '@drift/core';
import { newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { anyIso, expectError, rateLimitHeaders } from './support/assertions.ts';
import { ownWebhook } from './support/endpoints.ts';
import { useTestServer } from './support/fixture.ts';
import { BASE_NOW, type RequestOptions } from './support/server.ts';

const fixture = useTestServer({ tenant: true });

const WEBHOOK_ID = /^wh_[0-9A-Za-z]{20}$/;
const DELIVERY_ID = /^msg_[0-9A-Za-z]{20}$/;
/** whsec_ and 24 random bytes in base64 (32 characters, no padding). */
const SECRET = /^whsec_[A-Za-z0-9+/]{32}$/;
const URL_OK = 'https://hooks.example.com/drift';

const call = (method: string, path: string, options: RequestOptions = {}) =>
  fixture.server.request(method, `/api/v1${path}`, { key: fixture.tenant.key, ...options });
const create = (body: unknown, options: RequestOptions = {}) =>
  call('POST', '/webhooks', { body, ...options });
const webhookCount = (accountId = fixture.tenant.accountId) =>
  fixture.server.prisma.webhook.count({ where: { accountId } });
const mine = () => ({
  prisma: fixture.server.prisma,
  accountId: fixture.tenant.accountId,
  now: fixture.server.clock.now(),
});

describe('POST /api/v1/webhooks', () => {
  it('creates a webhook: 201 with its secret, which nothing else ever shows', async () => {
    const response = await create({
      url: URL_OK,
      events: ['email.urgent', 'playbook.ready'],
      description: '  HR system  ',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.stringMatching(WEBHOOK_ID),
      url: URL_OK,
      events: ['email.urgent', 'playbook.ready'],
      description: 'HR system',
      format: 'standard',
      secret: expect.stringMatching(SECRET),
      created_at: anyIso(),
    });
    expect(Object.keys(response.body)).toEqual([
      'id',
      'url',
      'events',
      'description',
      'format',
      'secret',
      'created_at',
    ]);
    expect(Buffer.from(response.body.secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
    expect(rateLimitHeaders(response)).toMatchObject({ limit: 100, remaining: 99 });

    const read = await call('GET', `/webhooks/${response.body.id}`);
    expect(read.status).toBe(200);
    const { secret, ...withoutSecret } = response.body;
    expect(read.body).toEqual({ ...withoutSecret, disabled_at: null, disabled_reason: null });
    const list = await call('GET', '/webhooks');
    expect(list.text).not.toContain(secret);
    expect(read.text).not.toContain(secret);

    const row = await fixture.server.prisma.webhook.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row).toMatchObject({ accountId: fixture.tenant.accountId, secret });
  });

  it('gives every webhook its own id and secret', async () => {
    const first = await create({ url: URL_OK, events: ['email.captured'] });
    const second = await create({ url: URL_OK, events: ['email.captured'] });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.id).not.toBe(second.body.id);
    expect(first.body.secret).not.toBe(second.body.secret);
  });

  it.each([
    ['no format, an ordinary URL', URL_OK, undefined, 'standard'],
    ['format slack', URL_OK, 'slack', 'slack'],
    [
      'no format, a Slack incoming-webhook URL',
      'https://hooks.slack.com/services/T0/B0/x',
      undefined,
      'slack',
    ],
    [
      'format standard, a Slack URL (Slack gets Slack messages)',
      'https://hooks.slack.com/services/T0/B0/x',
      'standard',
      'slack',
    ],
  ])('%s', async (_case, url, format, expected) => {
    const response = await create({ url, events: ['email.urgent'], ...(format && { format }) });
    expect(response.status).toBe(201);
    expect(response.body.format).toBe(expected);
    expect(response.body.description).toBeNull();
  });

  const ALL_EVENTS = 'session.started, session.completed, email.captured, email.urgent, playbook.ready';
  it.each<[string, Record<string, unknown>, string, string]>([
    ['no url', { events: ['email.urgent'] }, 'url', 'url is required'],
    ['an empty url', { url: '  ', events: ['email.urgent'] }, 'url', 'url is required'],
    [
      'a url that is no URL',
      { url: 'hooks.example.com', events: ['email.urgent'] },
      'url',
      'url must be an absolute URL such as https://example.com/hooks/drift',
    ],
    [
      'an http url',
      { url: 'http://hooks.example.com/drift', events: ['email.urgent'] },
      'url',
      'url must be an https:// URL',
    ],
    [
      'an ftp url',
      { url: 'ftp://hooks.example.com/drift', events: ['email.urgent'] },
      'url',
      'url must be an https:// URL',
    ],
    [
      'localhost',
      { url: 'https://localhost/hook', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (localhost)",
    ],
    [
      'a .localhost name',
      { url: 'https://api.localhost:8443/hook', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (api.localhost)",
    ],
    [
      'loopback',
      { url: 'https://127.0.0.1:8443/hook', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (127.0.0.1)",
    ],
    [
      'a private address',
      { url: 'https://10.1.2.3/hook', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (10.1.2.3)",
    ],
    [
      'a 192.168 address',
      { url: 'https://192.168.0.10/hook', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (192.168.0.10)",
    ],
    [
      'link-local (cloud metadata)',
      { url: 'https://169.254.169.254/latest', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (169.254.169.254)",
    ],
    [
      'IPv6 loopback',
      { url: 'https://[::1]/hook', events: ['email.urgent'] },
      'url',
      "url must not point to the server's own network (::1)",
    ],
    [
      'a user name in the url',
      { url: 'https://ana:pw@hooks.example.com/drift', events: ['email.urgent'] },
      'url',
      'url must not carry a user name or password',
    ],
    [
      'a url over 2048 characters',
      { url: `https://hooks.example.com/${'x'.repeat(2048)}`, events: ['email.urgent'] },
      'url',
      'url must be at most 2048 characters',
    ],
    ['no events', { url: URL_OK }, 'events', 'events is required'],
    [
      'events not a list',
      { url: URL_OK, events: 'email.urgent' },
      'events',
      'events must be an array of event names',
    ],
    ['an empty events list', { url: URL_OK, events: [] }, 'events', 'events must name at least one event'],
    [
      'an unknown event',
      { url: URL_OK, events: ['email.urgent', 'email.deleted'] },
      'events.1',
      `events.1 must be one of: ${ALL_EVENTS}`,
    ],
    [
      'webhook.test as a subscription',
      { url: URL_OK, events: ['webhook.test'] },
      'events.0',
      `events.0 must be one of: ${ALL_EVENTS}`,
    ],
    [
      'a repeated event',
      { url: URL_OK, events: ['email.urgent', 'playbook.ready', 'email.urgent'] },
      'events.2',
      'events.2 repeats email.urgent; name each event once',
    ],
    [
      'an unknown format',
      { url: URL_OK, events: ['email.urgent'], format: 'teams' },
      'format',
      'format must be one of: standard, slack',
    ],
    [
      'a description over 500 characters',
      { url: URL_OK, events: ['email.urgent'], description: 'x'.repeat(501) },
      'description',
      'description must be at most 500 characters',
    ],
    [
      'a description that is not text',
      { url: URL_OK, events: ['email.urgent'], description: 7 },
      'description',
      'description must be a string',
    ],
    [
      'an unknown field',
      { url: URL_OK, events: ['email.urgent'], secret: 'whsec_mine' },
      'secret',
      'Unknown field(s): secret',
    ],
  ])(
    '400 VALIDATION_ERROR for %s, naming the field, and stores nothing',
    async (_case, body, field, message) => {
      const response = await create(body);
      expectError(response, 400, 'VALIDATION_ERROR', message);
      expect(response.body.error.details).toEqual({ fields: [{ field, message }] });
      expect(rateLimitHeaders(response).remaining).toBe(99);
      expect(await webhookCount()).toBe(0);
    },
  );

  it('names every field at fault at once', async () => {
    const response = await create({ url: 42, events: [] });
    expectError(
      response,
      400,
      'VALIDATION_ERROR',
      'url must be a string; events must name at least one event',
    );
    expect(response.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual([
      'url',
      'events',
    ]);
  });

  it('refuses the 21st webhook of an account with a clear 400; another account is not counted', async () => {
    for (let i = 0; i < 20; i++) await ownWebhook(mine());
    const response = await create({ url: URL_OK, events: ['email.urgent'] });
    expectError(
      response,
      400,
      'VALIDATION_ERROR',
      'An account can have at most 20 webhooks; delete one before adding another',
    );
    expect(await webhookCount()).toBe(20);
    const other = await buildTenant(fixture.server.prisma);
    const theirs = await create({ url: URL_OK, events: ['email.urgent'] }, { key: other.key });
    expect(theirs.status).toBe(201);
  });

  it('concurrent creates never pass the limit', async () => {
    for (let i = 0; i < 18; i++) await ownWebhook(mine());
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => create({ url: URL_OK, events: ['email.urgent'] })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
    expect(responses.filter((r) => r.status === 400)).toHaveLength(4);
    expect(await webhookCount()).toBe(20);
  });

  it('replays a retried create (Idempotency-Key): one webhook, the same answer', async () => {
    const body = { url: URL_OK, events: ['session.started'] };
    const headers = { 'Idempotency-Key': 'wh-create-1' };
    const first = await create(body, { headers });
    const retry = await create(body, { headers });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(rateLimitHeaders(retry).remaining).toBe(98);
    expect(await webhookCount()).toBe(1);
    const other = await create({ ...body, events: ['session.completed'] }, { headers });
    expectError(other, 400, 'VALIDATION_ERROR', 'Idempotency-Key was already used with a different request');
    expect(await webhookCount()).toBe(1);
  });

  it('lets the operator allow hosts on its own network (DRIFT_WEBHOOK_PRIVATE_HOSTS=allow), http too', async () => {
    const deps = {
      prisma: fixture.server.prisma,
      clock: fixture.server.clock,
      mailer: fixture.server.mailer,
      rateLimiter: new InMemoryRateLimiter(),
    };
    const input = { url: 'http://127.0.0.1:9999/hook', events: ['email.urgent' as const] };
    await expect(createWebhook(deps, fixture.tenant.accountId, input)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      message: 'url must be an https:// URL',
    });
    const allowed = await createWebhook(
      { ...deps, webhooks: { allowPrivateHosts: true } },
      fixture.tenant.accountId,
      input,
    );
    expect(allowed).toMatchObject({ url: 'http://127.0.0.1:9999/hook', format: 'standard' });
  });
});

describe('GET /api/v1/webhooks', () => {
  it('lists the account’s webhooks newest first, without secrets, paged by limit and offset', async () => {
    const other = await buildTenant(fixture.server.prisma);
    await ownWebhook({ ...mine(), accountId: other.accountId });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      fixture.server.clock.set(at(BASE_NOW, i * 1000));
      const created = await create({ url: `${URL_OK}/${i}`, events: ['email.urgent'] });
      ids.push(created.body.id);
    }
    const all = await call('GET', '/webhooks');
    expect(all.status).toBe(200);
    expect(all.body.data.map((w: { id: string }) => w.id)).toEqual([...ids].reverse());
    expect(all.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, has_more: false });
    expect(Object.keys(all.body.data[0])).toEqual([
      'id',
      'url',
      'events',
      'description',
      'format',
      'disabled_at',
      'disabled_reason',
      'created_at',
    ]);
    expect(rateLimitHeaders(all).limit).toBe(100);

    const page = await call('GET', '/webhooks?limit=2&offset=1');
    expect(page.body.data.map((w: { id: string }) => w.id)).toEqual([ids[1], ids[0]]);
    expect(page.body.pagination).toEqual({ total: 3, limit: 2, offset: 1, has_more: false });
    const first = await call('GET', '/webhooks?limit=2');
    expect(first.body.pagination.has_more).toBe(true);
  });

  it('shows a webhook Drift disabled, with the reason', async () => {
    const disabledAt = at(BASE_NOW, -days(1));
    const webhook = await ownWebhook(mine(), { disabledAt, disabledReason: 'deliveries failed for 3 days' });
    const response = await call('GET', `/webhooks/${webhook.id}`);
    expect(response.body).toMatchObject({
      disabled_at: disabledAt.toISOString(),
      disabled_reason: 'deliveries failed for 3 days',
    });
  });

  it.each([
    ['limit=0', 'limit must be an integer between 1 and 100'],
    ['limit=101', 'limit must be an integer between 1 and 100'],
    ['offset=-1', 'offset must be an integer between 0 and 2147483647'],
  ])('400 for %s', async (query, message) => {
    expectError(await call('GET', `/webhooks?${query}`), 400, 'VALIDATION_ERROR', message);
  });
});

describe("another account's webhook", () => {
  it.each([
    ['GET', ''],
    ['DELETE', ''],
    ['POST', '/test'],
    ['GET', '/deliveries'],
  ])(
    '%s /webhooks/{id}%s is 404, exactly like an unknown id, and changes nothing',
    async (method, suffix) => {
      const owner = await buildTenant(fixture.server.prisma);
      const theirs = await ownWebhook({ ...mine(), accountId: owner.accountId });
      const foreign = await call(method, `/webhooks/${theirs.id}${suffix}`);
      const unknown = await call(method, `/webhooks/wh_0000000000UnknownId0${suffix}`);
      expectError(foreign, 404, 'NOT_FOUND', 'Webhook not found');
      expectError(unknown, 404, 'NOT_FOUND', 'Webhook not found');
      expect(rateLimitHeaders(foreign).remaining).toBe(99);
      expect(await fixture.server.prisma.webhook.findUnique({ where: { id: theirs.id } })).toEqual(theirs);
      expect(await fixture.server.prisma.webhookDelivery.count({ where: { webhookId: theirs.id } })).toBe(0);
    },
  );
});

describe('DELETE /api/v1/webhooks/{id}', () => {
  it('deletes the webhook with its deliveries and attempts; afterwards it is 404', async () => {
    const webhook = await ownWebhook(mine());
    await attempts(webhook.id, 1);
    const response = await call('DELETE', `/webhooks/${webhook.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: webhook.id, deleted: true });
    expect(rateLimitHeaders(response).remaining).toBe(99);
    expectError(await call('GET', `/webhooks/${webhook.id}`), 404, 'NOT_FOUND', 'Webhook not found');
    expectError(await call('DELETE', `/webhooks/${webhook.id}`), 404, 'NOT_FOUND', 'Webhook not found');
    expect(await fixture.server.prisma.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
    expect(await fixture.server.prisma.webhookAttempt.count({ where: { webhookId: webhook.id } })).toBe(0);
  });
});

describe('POST /api/v1/webhooks/{id}/test', () => {
  it('202: queues one webhook.test delivery for this webhook only', async () => {
    const webhook = await ownWebhook(mine(), { events: ['playbook.ready'] });
    const bystander = await ownWebhook(mine(), { events: ['email.urgent'] });
    const response = await call('POST', `/webhooks/${webhook.id}/test`);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      id: expect.stringMatching(DELIVERY_ID),
      type: 'webhook.test',
      queued: true,
    });
    expect(rateLimitHeaders(response).remaining).toBe(99);
    const delivery = await fixture.server.prisma.webhookDelivery.findUniqueOrThrow({
      where: { id: response.body.id },
    });
    expect(delivery).toMatchObject({ webhookId: webhook.id, eventType: 'webhook.test' });
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'webhook.test',
      timestamp: anyIso(),
      data: { webhook_id: webhook.id },
    });
    expect(await fixture.server.prisma.webhookDelivery.count({ where: { webhookId: bystander.id } })).toBe(0);
  });

  it('queues a test for a disabled webhook too: how its owner checks a repaired receiver', async () => {
    const webhook = await ownWebhook(mine(), {
      disabledAt: BASE_NOW,
      disabledReason: 'deliveries failed for 3 days',
    });
    const response = await call('POST', `/webhooks/${webhook.id}/test`);
    expect(response.status).toBe(202);
    expect(await fixture.server.prisma.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(1);
  });

  it('400 for an id that cannot be one', async () => {
    const response = await call('POST', `/webhooks/${'w'.repeat(101)}/test`);
    expectError(response, 400, 'VALIDATION_ERROR', 'id must be at most 100 characters');
    expect(response.body.error.details).toEqual({
      fields: [{ field: 'id', message: 'id must be at most 100 characters' }],
    });
  });
});

/** `count` attempts of one delivery of the webhook, a second apart from BASE_NOW on; oldest first. */
async function attempts(webhookId: string, count: number, accountId = fixture.tenant.accountId) {
  const prisma = fixture.server.prisma;
  const delivery = await prisma.webhookDelivery.create({
    data: {
      id: newId('msg'),
      accountId,
      webhookId,
      eventType: 'email.urgent',
      body: '{"type":"email.urgent"}',
    },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const failed = i < count - 1;
    const row = await prisma.webhookAttempt.create({
      data: {
        id: newId('wha'),
        accountId,
        webhookId,
        deliveryId: delivery.id,
        eventType: 'email.urgent',
        statusCode: failed ? 503 : 200,
        durationMs: 40 + i,
        error: failed ? 'receiver answered 503' : null,
        createdAt: at(BASE_NOW, i * 1000),
      },
    });
    ids.push(row.id);
  }
  return { deliveryId: delivery.id, ids };
}

describe('GET /api/v1/webhooks/{id}/deliveries', () => {
  it('lists the attempts newest first, with status, duration and error, paged', async () => {
    const webhook = await ownWebhook(mine());
    const other = await ownWebhook(mine());
    const { deliveryId, ids } = await attempts(webhook.id, 3);
    await attempts(other.id, 2);
    const response = await call('GET', `/webhooks/${webhook.id}/deliveries`);
    expect(response.status).toBe(200);
    expect(rateLimitHeaders(response).remaining).toBe(99);
    expect(response.body.data.map((a: { id: string }) => a.id)).toEqual([...ids].reverse());
    expect(response.body.data[0]).toEqual({
      id: ids[2],
      delivery_id: deliveryId,
      event: 'email.urgent',
      status_code: 200,
      duration_ms: 42,
      error: null,
      created_at: at(BASE_NOW, 2000).toISOString(),
    });
    expect(response.body.data[2]).toMatchObject({ status_code: 503, error: 'receiver answered 503' });
    expect(response.body.pagination).toEqual({ total: 3, limit: 20, offset: 0, has_more: false });

    const page = await call('GET', `/webhooks/${webhook.id}/deliveries?limit=1&offset=1`);
    expect(page.body.data.map((a: { id: string }) => a.id)).toEqual([ids[1]]);
    expect(page.body.pagination).toEqual({ total: 3, limit: 1, offset: 1, has_more: true });
  });

  it('is empty for a webhook nothing was sent to yet', async () => {
    const webhook = await ownWebhook(mine());
    const response = await call('GET', `/webhooks/${webhook.id}/deliveries`);
    expect(response.body).toEqual({
      data: [],
      pagination: { total: 0, limit: 20, offset: 0, has_more: false },
    });
  });
});

describe('who may call them', () => {
  it.each([
    ['POST', '/webhooks', 'read:webhooks', 'write:webhooks'],
    ['GET', '/webhooks', 'write:webhooks', 'read:webhooks'],
    ['GET', '/webhooks/{id}', 'write:webhooks', 'read:webhooks'],
    ['GET', '/webhooks/{id}/deliveries', 'write:webhooks', 'read:webhooks'],
    ['DELETE', '/webhooks/{id}', 'read:webhooks', 'write:webhooks'],
    ['POST', '/webhooks/{id}/test', 'read:webhooks', 'write:webhooks'],
  ] as const)('%s %s with only %s: 403 naming %s, nothing changed', async (method, path, has, needs) => {
    const tenant = await buildTenant(fixture.server.prisma, { scopes: [has] });
    const webhook = await ownWebhook({ ...mine(), accountId: tenant.accountId });
    const response = await fixture.server.request(method, `/api/v1${path.replace('{id}', webhook.id)}`, {
      key: tenant.key,
      ...(method === 'POST' && path === '/webhooks' && { body: { url: URL_OK, events: ['email.urgent'] } }),
    });
    expectError(response, 403, 'INSUFFICIENT_SCOPE', `API key lacks required scope: ${needs}`);
    expect(rateLimitHeaders(response).remaining).toBe(99);
    expect(await webhookCount(tenant.accountId)).toBe(1);
    expect(await fixture.server.prisma.webhookDelivery.count({ where: { webhookId: webhook.id } })).toBe(0);
  });

  it('403 FEATURE_NOT_AVAILABLE for a free account, whatever its scopes', async () => {
    const tenant = await buildTenant(fixture.server.prisma, { plan: 'free' });
    const response = await fixture.server.request('POST', '/api/v1/webhooks', {
      key: tenant.key,
      body: { url: URL_OK, events: ['email.urgent'] },
    });
    expectError(response, 403, 'FEATURE_NOT_AVAILABLE', 'API access requires Team Growth plan');
    expect(await webhookCount(tenant.accountId)).toBe(0);
  });

  it('401 without a key, before the body is looked at', async () => {
    const response = await fixture.server.request('POST', '/api/v1/webhooks', { body: { url: 'nope' } });
    expectError(response, 401, 'UNAUTHORIZED', 'Missing Authorization header');
  });
});
