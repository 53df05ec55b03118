// Who may call each procedure of the public API with an API key: the key, the plan, the scope.
// One table of procedures, each checked the same way.
import { generateApiKey, newId, SCOPES, type Scope } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { BASE_NOW, type Caller, codeOf, errorOf, useProcedureHarness } from '../testing/caller.ts';
import { at, buildApiKey, buildEmail, buildPlaybook, buildSession, days } from '../testing/factories.ts';

const h = useProcedureHarness();

/** What a procedure works on: a scheduled session with one email and a playbook. */
async function fixturesOf(accountId: string) {
  const session = await buildSession(h.prisma, {
    accountId,
    startDate: at(BASE_NOW, days(1)),
    endDate: at(BASE_NOW, days(2)),
  });
  await buildEmail(h.prisma, { accountId, sessionId: session.id });
  const playbook = await buildPlaybook(h.prisma, { accountId, sessionId: session.id });
  const webhook = await h.prisma.webhook.create({
    data: {
      id: newId('wh'),
      accountId,
      url: 'https://hooks.example.com/drift',
      events: ['email.urgent'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    },
  });
  return { sessionId: session.id, playbookId: playbook.id, webhookId: webhook.id };
}
type Fixtures = Awaited<ReturnType<typeof fixturesOf>>;

const PROCEDURES: { name: string; scope: Scope; call: (caller: Caller, f: Fixtures) => Promise<unknown> }[] =
  [
    { name: 'sessions.list', scope: 'read:ooo', call: (c) => c.sessions.list({}) },
    { name: 'sessions.get', scope: 'read:ooo', call: (c, f) => c.sessions.get({ id: f.sessionId }) },
    {
      name: 'sessions.create',
      scope: 'write:ooo',
      call: (c) =>
        c.sessions.create({
          start_date: at(BASE_NOW, days(5)).toISOString(),
          end_date: at(BASE_NOW, days(6)).toISOString(),
        }),
    },
    {
      name: 'sessions.update',
      scope: 'write:ooo',
      call: (c, f) => c.sessions.update({ id: f.sessionId, auto_reply_message: 'Away' }),
    },
    { name: 'sessions.remove', scope: 'write:ooo', call: (c, f) => c.sessions.remove({ id: f.sessionId }) },
    { name: 'emails.list', scope: 'read:emails', call: (c) => c.emails.list({}) },
    { name: 'playbooks.list', scope: 'read:playbook', call: (c) => c.playbooks.list({}) },
    {
      name: 'playbooks.open',
      scope: 'read:playbook',
      call: (c, f) => c.playbooks.open({ id: f.playbookId }),
    },
    { name: 'webhooks.list', scope: 'read:webhooks', call: (c) => c.webhooks.list({}) },
    { name: 'webhooks.get', scope: 'read:webhooks', call: (c, f) => c.webhooks.get({ id: f.webhookId }) },
    {
      name: 'webhooks.deliveries',
      scope: 'read:webhooks',
      call: (c, f) => c.webhooks.deliveries({ id: f.webhookId }),
    },
    {
      name: 'webhooks.create',
      scope: 'write:webhooks',
      call: (c) => c.webhooks.create({ url: 'https://hooks.example.com/new', events: ['email.captured'] }),
    },
    {
      name: 'webhooks.remove',
      scope: 'write:webhooks',
      call: (c, f) => c.webhooks.remove({ id: f.webhookId }),
    },
    { name: 'webhooks.test', scope: 'write:webhooks', call: (c, f) => c.webhooks.test({ id: f.webhookId }) },
  ];

/** Everything a refused call must leave untouched. */
async function stateOf(accountId: string) {
  const [sessions, emails, playbooks, webhooks, webhookDeliveries] = await Promise.all([
    h.prisma.oooSession.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    h.prisma.email.count({ where: { accountId } }),
    h.prisma.playbook.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    h.prisma.webhook.findMany({ where: { accountId }, orderBy: { id: 'asc' } }),
    h.prisma.webhookDelivery.count({ where: { accountId } }),
  ]);
  return { sessions, emails, playbooks, webhooks, webhookDeliveries };
}

describe.each(PROCEDURES)('$name', ({ scope, call }) => {
  it(`works for a key with only ${scope}`, async () => {
    const tenant = await h.tenant({ scopes: [scope] });
    await expect(call(tenant.caller, await fixturesOf(tenant.accountId))).resolves.toBeDefined();
    expect(tenant.ctx.response.headers['X-RateLimit-Limit']).toBe('100');
  });

  it(`403 INSUFFICIENT_SCOPE naming ${scope} for a key with every other scope, and changes nothing`, async () => {
    const tenant = await h.tenant({ scopes: SCOPES.filter((s) => s !== scope) });
    const fixtures = await fixturesOf(tenant.accountId);
    const before = await stateOf(tenant.accountId);
    expect(await errorOf(call(tenant.caller, fixtures))).toEqual({
      code: 'INSUFFICIENT_SCOPE',
      message: `API key lacks required scope: ${scope}`,
    });
    expect(await stateOf(tenant.accountId)).toEqual(before);
  });

  it('403 FEATURE_NOT_AVAILABLE for a valid key of a free account', async () => {
    const tenant = await h.tenant({ plan: 'free' });
    expect(await errorOf(call(tenant.caller, await fixturesOf(tenant.accountId)))).toEqual({
      code: 'FEATURE_NOT_AVAILABLE',
      message: 'API access requires Team Growth plan',
    });
  });

  it.each([
    ['no credentials', {}, 'UNAUTHORIZED', 'Missing Authorization header'],
    [
      'a Basic header',
      { authorization: 'Basic abc' },
      'UNAUTHORIZED',
      'Authorization header must be "Bearer <api key>"',
    ],
    [
      'an unknown key',
      { authorization: `Bearer ${generateApiKey().key}` },
      'INVALID_API_KEY',
      'API key is invalid or revoked',
    ],
    [
      'a malformed key',
      { authorization: 'Bearer not-a-key' },
      'INVALID_API_KEY',
      'API key is invalid or revoked',
    ],
  ])('refuses %s', async (_case, headers, code, message) => {
    const tenant = await h.tenant();
    const fixtures = await fixturesOf(tenant.accountId);
    expect(await errorOf(call(h.client(headers).caller, fixtures))).toEqual({ code, message });
  });

  it('401 INVALID_API_KEY for a revoked key, exactly like an unknown one', async () => {
    const tenant = await h.tenant();
    const revoked = await buildApiKey(h.prisma, { accountId: tenant.accountId, revokedAt: BASE_NOW });
    const { caller } = h.client({ authorization: `Bearer ${revoked.key}` });
    expect(await errorOf(call(caller, await fixturesOf(tenant.accountId)))).toEqual({
      code: 'INVALID_API_KEY',
      message: 'API key is invalid or revoked',
    });
  });
});

describe('checks in order', () => {
  it('an invalid key is refused before the plan is looked at', async () => {
    const free = await h.tenant({ plan: 'free' });
    const revoked = await buildApiKey(h.prisma, { accountId: free.accountId, revokedAt: BASE_NOW });
    expect(await codeOf(h.client({ authorization: `Bearer ${revoked.key}` }).caller.sessions.list({}))).toBe(
      'INVALID_API_KEY',
    );
  });

  it('the plan is checked before the scope', async () => {
    const tenant = await h.tenant({ plan: 'free', scopes: ['read:emails'] });
    expect(await codeOf(tenant.caller.sessions.list({}))).toBe('FEATURE_NOT_AVAILABLE');
  });

  it('records when the key was last used, by the injected clock', async () => {
    const tenant = await h.tenant();
    h.clock.set(at(BASE_NOW, 5_000));
    await tenant.caller.sessions.list({});
    const key = await h.prisma.apiKey.findUniqueOrThrow({ where: { id: tenant.keyId } });
    expect(key.lastUsedAt).toEqual(at(BASE_NOW, 5_000));
  });

  it('counts every call against the key: the remaining budget goes down', async () => {
    const tenant = await h.tenant();
    await tenant.caller.sessions.list({});
    await tenant.caller.emails.list({});
    expect(tenant.ctx.response.headers['X-RateLimit-Remaining']).toBe('98');
  });
});
