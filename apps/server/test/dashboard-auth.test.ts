import { at, buildAccount, days } from '@drift/api/testing';
import { hashPassword, newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { callTrpc, type TrpcCall } from './support/http.ts';
import { BASE_NOW, type Json } from './support/server.ts';

const fixture = useTestServer();

const PASSWORD = 'correct horse battery staple';

async function buildUser(plan: 'free' | 'team_growth' = 'free') {
  const account = await buildAccount(fixture.server.prisma, { plan });
  const email = `${newId('usr').toLowerCase()}@example.test`;
  await fixture.server.prisma.user.create({
    data: {
      id: newId('usr'),
      accountId: account.id,
      email,
      name: 'Ada',
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  return { account, email };
}

/** One tRPC call over HTTP with the dashboard's credentials. */
function trpc(
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  options: { cookie?: string; csrf?: string; authorization?: string } = {},
): Promise<TrpcCall> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-drift-csrf'] = options.csrf;
  if (options.authorization) headers.authorization = options.authorization;
  return callTrpc(fixture.server.baseUrl, kind, path, input, headers);
}

async function signIn(email: string, password = PASSWORD) {
  const result = await trpc('mutation', 'auth.signIn', { email, password });
  const cookie = result.setCookie?.split(';')[0] ?? '';
  return { result, cookie, csrf: result.body.result?.data?.csrf_token as string };
}

describe('dashboard sign-in', () => {
  it('signs in with an http-only, SameSite=Lax session cookie and answers who is signed in', async () => {
    const { email, account } = await buildUser();
    const { result, cookie, csrf } = await signIn(email.toUpperCase());
    expect(result.status).toBe(200);
    expect(result.setCookie).toMatch(
      /^drift_session=[0-9A-Za-z]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=1209600$/,
    );
    const me = await trpc('query', 'auth.me', undefined, { cookie });
    expect(me.body.result.data).toEqual({
      user: { id: expect.stringMatching(/^usr_/), email, name: 'Ada' },
      account: { id: account.id, name: account.name, email: account.email, plan: 'free', timezone: 'UTC' },
      csrf_token: csrf,
    });
  });

  it.each([
    ['a wrong password', 'wrong password here'],
    ['an unknown email', null],
  ])('refuses %s with the same words', async (_case, password) => {
    const { email } = await buildUser();
    const result = await trpc('mutation', 'auth.signIn', {
      email: password === null ? 'nobody@example.test' : email,
      password: password ?? PASSWORD,
    });
    expect(result.status).toBe(401);
    expect(result.body.error.message).toBe('Email or password is incorrect');
    expect(result.setCookie).toBeNull();
  });

  it('signing out ends the session for good', async () => {
    const { email } = await buildUser();
    const { cookie, csrf } = await signIn(email);
    const out = await trpc('mutation', 'auth.signOut', {}, { cookie, csrf });
    expect(out.setCookie).toMatch(/^drift_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
    expect((await trpc('query', 'auth.me', undefined, { cookie })).status).toBe(401);
  });
});

describe('the dashboard reaches the public procedures with its session', () => {
  it('a free account manages its sessions from the dashboard (the plan gates the REST API only)', async () => {
    const { email } = await buildUser('free');
    const { cookie, csrf } = await signIn(email);
    const created = await trpc(
      'mutation',
      'sessions.create',
      { start_date: at(BASE_NOW, days(1)).toISOString(), end_date: at(BASE_NOW, days(3)).toISOString() },
      { cookie, csrf },
    );
    expect(created.status).toBe(201);
    expect(created.body.result.data.status).toBe('scheduled');
    const listed = await trpc('query', 'sessions.list', {}, { cookie });
    expect(listed.body.result.data.data.map((s: Json) => s.id)).toEqual([created.body.result.data.id]);
  });

  it('mutations without the CSRF header are refused, and change nothing', async () => {
    const { email } = await buildUser();
    const { cookie } = await signIn(email);
    const input = {
      start_date: at(BASE_NOW, days(1)).toISOString(),
      end_date: at(BASE_NOW, days(3)).toISOString(),
    };
    for (const csrf of [undefined, 'forged-token']) {
      const refused = await trpc('mutation', 'sessions.create', input, { cookie, ...(csrf && { csrf }) });
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toBe('Missing or invalid CSRF token; reload the page');
    }
    expect((await trpc('query', 'sessions.list', {}, { cookie })).body.result.data.data).toEqual([]);
  });

  it('the session cookie opens nothing on the REST API', async () => {
    const { email } = await buildUser('team_growth');
    const { cookie } = await signIn(email);
    const response = await fixture.server.request('GET', '/api/v1/ooo-sessions', { headers: { cookie } });
    expectError(response, 401, 'UNAUTHORIZED', 'Missing Authorization header');
  });
});

describe('keys and settings from the dashboard', () => {
  it('a free account is told why it cannot create API keys', async () => {
    const { email } = await buildUser('free');
    const { cookie, csrf } = await signIn(email);
    const refused = await trpc('mutation', 'keys.create', { scopes: ['read:ooo'] }, { cookie, csrf });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('API access requires Team Growth plan');
    expect(refused.body.error.data.driftCode).toBe('FEATURE_NOT_AVAILABLE');
  });

  it('creates a key shown once that works on the REST API, lists it as used, revokes it', async () => {
    const { email } = await buildUser('team_growth');
    const { cookie, csrf } = await signIn(email);
    const created = (
      await trpc('mutation', 'keys.create', { scopes: ['read:ooo'], name: 'zapier' }, { cookie, csrf })
    ).body.result.data;
    expect(created.key).toMatch(/^drift_[0-9A-Za-z]{43}$/);
    const api = () =>
      fetch(`${fixture.server.baseUrl}/api/v1/ooo-sessions`, {
        headers: { authorization: `Bearer ${created.key}` },
      });
    expect((await api()).status).toBe(200);
    const [listed] = (await trpc('query', 'keys.list', undefined, { cookie })).body.result.data.data;
    expect(listed).toMatchObject({
      id: created.id,
      name: 'zapier',
      last_used_at: expect.any(String),
      revoked_at: null,
    });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    await trpc('mutation', 'keys.revoke', { id: created.id }, { cookie, csrf });
    expect((await api()).status).toBe(401);
  });

  it('a refused settings change answers HTTP 400 with our message', async () => {
    const { email } = await buildUser();
    const { cookie, csrf } = await signIn(email);
    const invalid = await trpc('mutation', 'settings.update', { timezone: 'Mars/Base' }, { cookie, csrf });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBe('timezone must be an IANA time zone such as Europe/Paris');
  });
});
