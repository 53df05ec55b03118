// The dashboard's own procedures through createCaller: sign-in (cookie + CSRF), me, keys, settings,
// mailbox. Connecting a real mailbox needs Dovecot: apps/server/test/imap-mailbox.test.ts does that.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  BASE_NOW,
  type Client,
  codeOf,
  errorOf,
  USER_PASSWORD,
  useProcedureHarness,
} from '../testing/caller.ts';
import { at, buildMailbox, buildSession, days } from '../testing/factories.ts';

const h = useProcedureHarness();

const SESSION_INPUT = {
  start_date: at(BASE_NOW, days(1)).toISOString(),
  end_date: at(BASE_NOW, days(3)).toISOString(),
};

describe('auth.signIn', () => {
  it('signs in with an http-only, SameSite=Lax session cookie, whatever the case of the email', async () => {
    const user = await h.user();
    const { caller, ctx } = h.client();
    const signedIn = await caller.auth.signIn({ email: user.email.toUpperCase(), password: USER_PASSWORD });
    expect(signedIn).toEqual({
      user: { id: user.userId, email: user.email, name: 'Ada' },
      csrf_token: expect.stringMatching(/^[0-9A-Za-z]{20,}$/),
    });
    expect(ctx.response.headers['Set-Cookie']).toMatch(
      /^drift_session=[0-9A-Za-z]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=1209600$/,
    );
  });

  it.each([
    ['a wrong password', (email: string) => ({ email, password: 'wrong password here' })],
    ['an unknown email', () => ({ email: 'nobody@example.test', password: USER_PASSWORD })],
  ])('refuses %s with the same words, and sets no cookie', async (_case, input) => {
    const user = await h.user();
    const { caller, ctx } = h.client();
    expect(await errorOf(caller.auth.signIn(input(user.email)))).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Email or password is incorrect',
    });
    expect(ctx.response.headers['Set-Cookie']).toBeUndefined();
  });

  it.each([
    [{ email: 'not-an-email', password: USER_PASSWORD }, 'must be an email address'],
    [{ email: 'a@example.test', password: '' }, 'password is required'],
  ])('400 VALIDATION_ERROR for %j', async (input, message) => {
    const error = await errorOf(h.client().caller.auth.signIn(input));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(message);
  });
});

describe('auth.me and auth.signOut', () => {
  it('answers who is signed in, with the CSRF token to send back', async () => {
    const user = await h.user();
    expect(await user.caller.auth.me()).toEqual({
      user: { id: user.userId, email: user.email, name: 'Ada' },
      account: {
        id: user.accountId,
        name: user.account.name,
        email: user.account.email,
        plan: 'free',
        timezone: 'UTC',
      },
      csrf_token: user.csrfToken,
    });
  });

  it.each([
    ['no cookie', () => h.client(), 'Sign in to continue'],
    [
      'an unknown cookie',
      () => h.client({ cookie: 'drift_session=forged' }),
      'Your session has ended; sign in again',
    ],
  ])('401 UNAUTHORIZED with %s', async (_case, client, message) => {
    expect(await errorOf(client().caller.auth.me())).toEqual({ code: 'UNAUTHORIZED', message });
  });

  it('a sign-in lasts two weeks', async () => {
    const user = await h.user();
    h.clock.set(at(BASE_NOW, days(14) - 1));
    await expect(user.caller.auth.me()).resolves.toBeDefined();
    h.clock.set(at(BASE_NOW, days(14)));
    expect(await errorOf(user.caller.auth.me())).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Your session has ended; sign in again',
    });
  });

  it('signing out clears the cookie and ends the session for good', async () => {
    const user = await h.user();
    await user.caller.auth.signOut();
    expect(user.ctx.response.headers['Set-Cookie']).toBe(
      'drift_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    );
    expect(await codeOf(user.caller.auth.me())).toBe('UNAUTHORIZED');
  });

  it('an API key does not open dashboard procedures', async () => {
    const tenant = await h.tenant();
    expect(await errorOf(tenant.caller.auth.me())).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Sign in to continue',
    });
  });
});

describe('CSRF: mutations must echo the session token', () => {
  const mutations: [string, (client: Client) => Promise<unknown>][] = [
    ['sessions.create', (c) => c.caller.sessions.create(SESSION_INPUT)],
    ['keys.create', (c) => c.caller.keys.create({ scopes: ['read:ooo'] })],
    ['settings.update', (c) => c.caller.settings.update({ timezone: 'Asia/Tokyo' })],
    ['mailbox.disconnect', (c) => c.caller.mailbox.disconnect()],
  ];

  it.each(mutations)('%s is refused without the header or with a forged one', async (_name, mutate) => {
    const user = await h.user({ plan: 'team_growth' });
    const cookie = user.withoutCsrf().ctx.sessionToken;
    for (const client of [
      user.withoutCsrf(),
      h.client({ cookie: `drift_session=${cookie}`, 'x-drift-csrf': 'forged' }),
    ]) {
      expect(await errorOf(mutate(client))).toEqual({
        code: 'UNAUTHORIZED',
        message: 'Missing or invalid CSRF token; reload the page',
      });
    }
    expect(await user.caller.sessions.list({})).toMatchObject({ data: [] });
    expect(await user.caller.keys.list()).toEqual({ data: [] });
    expect((await user.caller.settings.get()).timezone).toBe('UTC');
  });

  it('queries need no CSRF header', async () => {
    const user = await h.user();
    await expect(user.withoutCsrf().caller.sessions.list({})).resolves.toMatchObject({ data: [] });
  });
});

describe('the dashboard reaches the public procedures with its session', () => {
  it('a free account manages its sessions: the plan and scopes gate API keys only', async () => {
    const user = await h.user({ plan: 'free' });
    const created = await user.caller.sessions.create(SESSION_INPUT);
    expect(created.status).toBe('scheduled');
    expect((await user.caller.sessions.list({})).data.map((s) => s.id)).toEqual([created.id]);
    expect(await user.caller.emails.list({})).toMatchObject({ data: [] });
    expect(await user.caller.playbooks.list({})).toMatchObject({ data: [] });
  });

  it("another account's session is not found", async () => {
    const stranger = await h.tenant();
    const session = await buildSession(h.prisma, {
      accountId: stranger.accountId,
      startDate: at(BASE_NOW, days(1)),
      endDate: at(BASE_NOW, days(2)),
    });
    const user = await h.user();
    expect(await codeOf(user.caller.sessions.get({ id: session.id }))).toBe('NOT_FOUND');
  });
});

describe('webhooks from the dashboard', () => {
  const WEBHOOK_INPUT = { url: 'https://hooks.example.com/drift', events: ['email.urgent' as const] };

  it('a Team Growth owner adds one, sees it without its secret, tests and deletes it', async () => {
    const user = await h.user({ plan: 'team_growth' });
    const created = await user.caller.webhooks.create(WEBHOOK_INPUT);
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await user.caller.webhooks.list({});
    expect(listed.data.map((w) => w.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(await user.caller.webhooks.test({ id: created.id })).toMatchObject({ queued: true });
    expect(await user.caller.webhooks.remove({ id: created.id })).toEqual({ id: created.id, deleted: true });
  });

  it('a free account is told webhooks need Team Growth, and may still list and delete old ones', async () => {
    const user = await h.user({ plan: 'free' });
    expect(await errorOf(user.caller.webhooks.create(WEBHOOK_INPUT))).toEqual({
      code: 'FEATURE_NOT_AVAILABLE',
      message: 'Webhooks require the Team Growth plan',
    });
    expect(await user.caller.webhooks.list({})).toMatchObject({ data: [] });
  });

  it("another account's webhook is not found", async () => {
    const stranger = await h.user({ plan: 'team_growth' });
    const theirs = await stranger.caller.webhooks.create(WEBHOOK_INPUT);
    const user = await h.user({ plan: 'team_growth' });
    expect(await codeOf(user.caller.webhooks.get({ id: theirs.id }))).toBe('NOT_FOUND');
    expect(await codeOf(user.caller.webhooks.remove({ id: theirs.id }))).toBe('NOT_FOUND');
  });
});

describe('keys', () => {
  it('creates a key shown once that works on the public procedures, lists it as used, revokes it', async () => {
    const user = await h.user({ plan: 'team_growth' });
    const created = await user.caller.keys.create({ scopes: ['read:ooo', 'read:ooo'], name: 'zapier' });
    expect(created).toEqual({
      id: expect.stringMatching(/^key_/),
      key: expect.stringMatching(/^drift_[0-9A-Za-z]{43}$/),
      name: 'zapier',
      scopes: ['read:ooo'],
      created_at: expect.any(String),
    });
    const api = h.client({ authorization: `Bearer ${created.key}` }).caller;
    await api.sessions.list({});
    const { data } = await user.caller.keys.list();
    expect(data).toEqual([
      {
        id: created.id,
        name: 'zapier',
        display_prefix: expect.any(String),
        scopes: ['read:ooo'],
        created_at: created.created_at,
        last_used_at: BASE_NOW.toISOString(),
        revoked_at: null,
      },
    ]);
    expect(JSON.stringify(data)).not.toContain(created.key);
    expect(await user.caller.keys.revoke({ id: created.id })).toEqual({
      id: created.id,
      revoked: true,
      revoked_at: BASE_NOW.toISOString(),
    });
    expect(await codeOf(api.sessions.list({}))).toBe('INVALID_API_KEY');
  });

  it('a free account is told why it cannot create API keys', async () => {
    const user = await h.user({ plan: 'free' });
    expect(await errorOf(user.caller.keys.create({ scopes: ['read:ooo'] }))).toEqual({
      code: 'FEATURE_NOT_AVAILABLE',
      message: 'API access requires Team Growth plan',
    });
  });

  it.each([
    [
      [],
      'At least one scope is required. Valid scopes: read:ooo, write:ooo, read:emails, read:playbook, read:webhooks, write:webhooks',
    ],
    [
      ['admin'],
      'Unknown scope: "admin". Valid scopes: read:ooo, write:ooo, read:emails, read:playbook, read:webhooks, write:webhooks',
    ],
  ])('400 VALIDATION_ERROR for scopes %j', async (scopes, message) => {
    const user = await h.user({ plan: 'team_growth' });
    expect(await errorOf(user.caller.keys.create({ scopes }))).toEqual({ code: 'VALIDATION_ERROR', message });
    expect(await user.caller.keys.list()).toEqual({ data: [] });
  });

  it("another account's key is neither listed nor revocable", async () => {
    const stranger = await h.tenant();
    const user = await h.user({ plan: 'team_growth' });
    expect(await user.caller.keys.list()).toEqual({ data: [] });
    expect(await errorOf(user.caller.keys.revoke({ id: stranger.keyId }))).toEqual({
      code: 'NOT_FOUND',
      message: `API key ${stranger.keyId} not found`,
    });
    await expect(stranger.caller.sessions.list({})).resolves.toBeDefined();
  });

  it('revoked keys stay listed with the time of their first revocation', async () => {
    const user = await h.user({ plan: 'team_growth' });
    const created = await user.caller.keys.create({ scopes: ['read:ooo'], name: 'old' });
    await user.caller.keys.revoke({ id: created.id });
    h.clock.advance(days(1));
    expect((await user.caller.keys.revoke({ id: created.id })).revoked_at).toBe(BASE_NOW.toISOString());
    expect((await user.caller.keys.list()).data).toMatchObject([
      { id: created.id, name: 'old', revoked_at: BASE_NOW.toISOString() },
    ]);
  });
});

describe('settings', () => {
  it('reads the settings with the inbound address', async () => {
    const user = await h.user();
    expect(await user.caller.settings.get()).toEqual({
      account_id: user.accountId,
      email: user.account.email,
      timezone: 'UTC',
      vip_senders: [],
      urgent_keywords: [],
      aliases: [],
      inbound_address: `/inbound/${user.account.inboundToken}`,
      backup_contact: null,
      escalate_categories: ['urgent'],
      auto_reply_names_contact: false,
    });
  });

  it('changes what is given, lower-cased and without repeats, and keeps the rest', async () => {
    const user = await h.user();
    await user.caller.settings.update({ aliases: ['Me@Example.com'] });
    const changed = await user.caller.settings.update({
      timezone: 'Asia/Tokyo',
      vip_senders: ['Boss@Example.com', 'boss@example.com'],
      urgent_keywords: ['Outage', 'outage', 'P1'],
    });
    expect(changed).toMatchObject({
      timezone: 'Asia/Tokyo',
      vip_senders: ['boss@example.com'],
      urgent_keywords: ['outage', 'p1'],
      aliases: ['me@example.com'],
    });
    expect(await user.caller.settings.get()).toEqual(changed);
  });

  it.each([
    [{ timezone: 'Mars/Base' }, 'timezone must be an IANA time zone such as Europe/Paris'],
    [{ vip_senders: ['not-an-email'] }, 'must be an email address'],
    [{ aliases: ['nobody'] }, 'must be an email address'],
    [{ urgent_keywords: ['  '] }, 'urgent_keywords'],
    [{ plan: 'team_growth' }, 'plan'],
  ])('400 VALIDATION_ERROR for %j, changing nothing', async (input, message) => {
    const user = await h.user();
    const before = await user.caller.settings.get();
    const error = await errorOf(user.caller.settings.update(input as never));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(message);
    expect(await user.caller.settings.get()).toEqual(before);
  });
});

/** A local port that refuses connections: bound, then closed again. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('mailbox', () => {
  it('shows no mailbox until one is connected, then shows it without its secret', async () => {
    const user = await h.user();
    expect(await user.caller.mailbox.get()).toEqual({ mailbox: null });
    const row = await buildMailbox(h.prisma, { accountId: user.accountId });
    const { mailbox } = await user.caller.mailbox.get();
    expect(mailbox).toMatchObject({
      id: row.id,
      host: 'imap.example.com',
      port: 993,
      security: 'tls',
      username: 'owner@example.com',
      auth_method: 'password',
      sync: { state: 'idle', session_id: null, last_error: null, last_synced_at: null, first_sync: null },
    });
    expect(JSON.stringify(mailbox)).not.toContain(row.sealedSecret);
  });

  it("disconnects the account's mailbox, and only its own", async () => {
    const stranger = await h.user();
    await buildMailbox(h.prisma, { accountId: stranger.accountId });
    const user = await h.user();
    await buildMailbox(h.prisma, { accountId: user.accountId });
    expect(await user.caller.mailbox.disconnect()).toEqual({ disconnected: true });
    expect(await user.caller.mailbox.get()).toEqual({ mailbox: null });
    expect((await stranger.caller.mailbox.get()).mailbox).not.toBeNull();
  });

  it('404 NOT_FOUND when disconnecting without a mailbox', async () => {
    const user = await h.user();
    expect(await errorOf(user.caller.mailbox.disconnect())).toEqual({
      code: 'NOT_FOUND',
      message: 'No mailbox is connected to this account',
    });
  });

  it.each([
    [{ host: 'imap.example.com', username: 'me' }, 'give either password (an app password) or access_token'],
    [
      { host: 'imap.example.com', username: 'me', password: 'p', access_token: 't' },
      'give either password (an app password) or access_token',
    ],
    [{ host: 'imap example com', username: 'me', password: 'p' }, 'host must be a host name or IP address'],
    [
      { host: 'imap.example.com', port: 70000, username: 'me', password: 'p' },
      'port must be between 1 and 65535',
    ],
  ])('connect: 400 VALIDATION_ERROR for %j', async (input, message) => {
    const user = await h.user();
    const error = await errorOf(user.caller.mailbox.connect(input as never));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(message);
  });

  it('connect saves nothing when the server cannot be reached', async () => {
    const user = await h.user();
    const input = {
      host: '127.0.0.1',
      port: await refusedPort(),
      security: 'none',
      username: 'me',
      password: 'p',
    };
    expect(await codeOf(user.caller.mailbox.connect(input as never))).toBe('VALIDATION_ERROR');
    expect(await user.caller.mailbox.get()).toEqual({ mailbox: null });
  });
});
