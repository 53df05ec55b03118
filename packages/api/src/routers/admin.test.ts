// The operator's procedures (the CLI) through createCaller: the admin token, accounts, keys,
// users, mailboxes.
import { newId } from '@drift/domain';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type Caller, codeOf, errorOf, useProcedureHarness } from '../testing/caller.ts';
import { buildMailbox } from '../testing/factories.ts';

const h = useProcedureHarness();

const admin = () => h.admin().caller.admin;

describe('the admin token', () => {
  const procedures: [string, (caller: Caller) => Promise<unknown>][] = [
    ['accounts.create', (c) => c.admin.accounts.create({ name: 'x', email: 'x@example.com' })],
    ['accounts.settings', (c) => c.admin.accounts.settings({ account_id: 'acct_x', timezone: 'UTC' })],
    ['keys.create', (c) => c.admin.keys.create({ account_id: 'acct_x', scopes: ['read:ooo'] })],
    ['keys.list', (c) => c.admin.keys.list({ account_id: 'acct_x' })],
    ['keys.revoke', (c) => c.admin.keys.revoke({ id: 'key_x' })],
    ['users.create', (c) => c.admin.users.create({ account_id: 'acct_x', email: 'u@example.com' })],
    ['mailbox.get', (c) => c.admin.mailbox.get({ account_id: 'acct_x' })],
    ['mailbox.disconnect', (c) => c.admin.mailbox.disconnect({ account_id: 'acct_x' })],
  ];
  const presented: [string, Record<string, string>][] = [
    ['no token', {}],
    ['the token with a character more', { 'x-drift-admin-token': `${ADMIN_TOKEN}x` }],
    ['the token with a character less', { 'x-drift-admin-token': ADMIN_TOKEN.slice(0, -1) }],
    ['the token in upper case', { 'x-drift-admin-token': ADMIN_TOKEN.toUpperCase() }],
    ['the token as a Bearer key', { authorization: `Bearer ${ADMIN_TOKEN}` }],
  ];

  it.each(procedures)('%s requires the admin token, compared exactly', async (_name, call) => {
    for (const [label, headers] of presented) {
      expect({ label, ...(await errorOf(call(h.client(headers).caller))) }).toEqual({
        label,
        code: 'UNAUTHORIZED',
        message: 'A valid admin token is required',
      });
    }
  });

  it('neither an API key nor a signed-in user is an operator', async () => {
    const tenant = await h.tenant();
    const user = await h.user();
    expect(await codeOf(tenant.caller.admin.keys.list({ account_id: tenant.accountId }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await codeOf(user.caller.admin.keys.list({ account_id: user.accountId }))).toBe('UNAUTHORIZED');
  });
});

describe('admin.accounts', () => {
  it('creates a free account by default, with its own inbound token', async () => {
    const created = await admin().accounts.create({ name: ' Ops ', email: 'Ops@Example.com' });
    expect(created).toEqual({
      id: expect.stringMatching(/^acct_/),
      name: 'Ops',
      email: 'ops@example.com',
      plan: 'free',
      inbound_token: expect.any(String),
    });
    const other = await admin().accounts.create({
      name: 'Team',
      email: 'team@example.com',
      plan: 'team_growth',
    });
    expect(other.plan).toBe('team_growth');
    expect(other.inbound_token).not.toBe(created.inbound_token);
  });

  it.each([
    [{ name: '  ', email: 'a@example.com' }, 'name must not be empty'],
    [{ name: 'A', email: 'not-an-email' }, 'must be an email address'],
    [{ name: 'A', email: 'a@example.com', plan: 'enterprise' }, 'plan must be one of: free, team_growth'],
  ])('400 VALIDATION_ERROR for %j', async (input, message) => {
    const error = await errorOf(admin().accounts.create(input as never));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain(message);
  });

  it("changes an account's settings", async () => {
    const account = await admin().accounts.create({ name: 'S', email: 's@example.com' });
    expect(
      await admin().accounts.settings({
        account_id: account.id,
        timezone: 'Europe/Paris',
        aliases: ['Me@Example.com'],
      }),
    ).toMatchObject({ account_id: account.id, timezone: 'Europe/Paris', aliases: ['me@example.com'] });
  });

  it('404 NOT_FOUND for the settings of an unknown account', async () => {
    const id = newId('acct');
    expect(await errorOf(admin().accounts.settings({ account_id: id, timezone: 'UTC' }))).toEqual({
      code: 'NOT_FOUND',
      message: `Account ${id} not found`,
    });
  });
});

describe('admin.keys', () => {
  it('a revoked key stops working at once, and revoking keeps the first revocation time', async () => {
    const account = await admin().accounts.create({ name: 'R', email: 'r@example.com', plan: 'team_growth' });
    const created = await admin().keys.create({ account_id: account.id, scopes: ['read:ooo'] });
    const { caller } = h.client({ authorization: `Bearer ${created.key}` });
    await caller.sessions.list({});
    const first = await admin().keys.revoke({ id: created.id });
    h.clock.advance(5_000);
    const second = await admin().keys.revoke({ id: created.id });
    expect(second.revoked_at).toBe(first.revoked_at);
    expect(await codeOf(caller.sessions.list({}))).toBe('INVALID_API_KEY');
    const [listed] = (await admin().keys.list({ account_id: account.id })).data;
    expect(listed).toMatchObject({
      id: created.id,
      revoked_at: first.revoked_at,
      last_used_at: expect.any(String),
    });
  });

  it('stores only a hash of a key', async () => {
    const account = await admin().accounts.create({ name: 'H', email: 'h@example.com' });
    const created = await admin().keys.create({ account_id: account.id, scopes: ['read:ooo'] });
    const row = await h.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('creates keys with the scopes asked for, in the canonical order', async () => {
    const account = await admin().accounts.create({ name: 'K', email: 'k@example.com' });
    const created = await admin().keys.create({
      account_id: account.id,
      scopes: ['read:playbook', ' read:ooo '],
      name: 'pto-sync',
    });
    expect(created).toMatchObject({ name: 'pto-sync', scopes: ['read:ooo', 'read:playbook'] });
    expect(created.key).toMatch(/^drift_[0-9A-Za-z]{43}$/);
  });

  it.each([
    [
      'creating a key',
      (accountId: string) => admin().keys.create({ account_id: accountId, scopes: ['read:ooo'] }),
    ],
    ['listing keys', (accountId: string) => admin().keys.list({ account_id: accountId })],
  ])('404 NOT_FOUND for %s of an unknown account', async (_case, call) => {
    const id = newId('acct');
    expect(await errorOf(call(id))).toEqual({ code: 'NOT_FOUND', message: `Account ${id} not found` });
  });

  it('404 NOT_FOUND for revoking an unknown key', async () => {
    const id = newId('key');
    expect(await errorOf(admin().keys.revoke({ id }))).toEqual({
      code: 'NOT_FOUND',
      message: `API key ${id} not found`,
    });
  });
});

describe('admin.users', () => {
  it('creates a user who can sign in with the password given', async () => {
    const account = await admin().accounts.create({ name: 'U', email: 'u@example.com' });
    const email = `${newId('usr').toLowerCase()}@example.test`;
    const created = await admin().users.create({
      account_id: account.id,
      email,
      password: 'a long enough password',
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^usr_/),
      account_id: account.id,
      email,
      name: email.split('@')[0],
      password: null,
    });
    const signedIn = await h.client().caller.auth.signIn({ email, password: 'a long enough password' });
    expect(signedIn.user.id).toBe(created.id);
  });

  it('without a password, generates one and shows it once', async () => {
    const account = await admin().accounts.create({ name: 'U', email: 'u@example.com' });
    const email = `${newId('usr').toLowerCase()}@example.test`;
    const created = await admin().users.create({ account_id: account.id, email, name: 'Grace' });
    expect(created.name).toBe('Grace');
    expect(created.password).toEqual(expect.any(String));
    await h.client().caller.auth.signIn({ email, password: created.password ?? '' });
  });

  it('409 CONFLICT for an email that already has a user', async () => {
    const user = await h.user();
    const account = await admin().accounts.create({ name: 'U', email: 'u@example.com' });
    expect(
      await errorOf(admin().users.create({ account_id: account.id, email: user.email.toUpperCase() })),
    ).toEqual({
      code: 'CONFLICT',
      message: `A user with email ${user.email} already exists`,
    });
  });

  it('400 VALIDATION_ERROR for a short password', async () => {
    const account = await admin().accounts.create({ name: 'U', email: 'u@example.com' });
    const error = await errorOf(
      admin().users.create({ account_id: account.id, email: 'p@example.test', password: 'short' }),
    );
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('password must be at least 10 characters');
  });
});

describe('admin.mailbox', () => {
  it("shows and disconnects an account's mailbox", async () => {
    const account = await admin().accounts.create({ name: 'M', email: 'm@example.com' });
    expect(await admin().mailbox.get({ account_id: account.id })).toEqual({ mailbox: null });
    const row = await buildMailbox(h.prisma, { accountId: account.id });
    expect((await admin().mailbox.get({ account_id: account.id })).mailbox?.id).toBe(row.id);
    expect(await admin().mailbox.disconnect({ account_id: account.id })).toEqual({ disconnected: true });
    expect(await errorOf(admin().mailbox.disconnect({ account_id: account.id }))).toEqual({
      code: 'NOT_FOUND',
      message: 'No mailbox is connected to this account',
    });
  });

  it.each([
    ['showing', (accountId: string) => admin().mailbox.get({ account_id: accountId })],
    ['disconnecting', (accountId: string) => admin().mailbox.disconnect({ account_id: accountId })],
  ])('404 NOT_FOUND for %s the mailbox of an unknown account', async (_case, call) => {
    const id = newId('acct');
    expect(await errorOf(call(id))).toEqual({ code: 'NOT_FOUND', message: `Account ${id} not found` });
  });

  it('connect refuses input without exactly one secret', async () => {
    const account = await admin().accounts.create({ name: 'M', email: 'm@example.com' });
    const error = await errorOf(
      admin().mailbox.connect({ account_id: account.id, host: 'imap.example.com', username: 'me' } as never),
    );
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('give either password (an app password) or access_token');
  });
});
