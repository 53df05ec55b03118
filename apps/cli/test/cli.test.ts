import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, onlyJson, run, type SpawnedServer, startServer } from './support.ts';

let server: SpawnedServer;
let baseUrl: string;
let env: NodeJS.ProcessEnv;

/** `pnpm drift ...` exactly as an operator types it, from the repository root. */
const drift = (...args: string[]) => server.drift(...args);

function api(path: string, key: string) {
  return server.api(path, key);
}

beforeAll(async () => {
  server = await startServer();
  baseUrl = server.baseUrl;
  env = server.env;
});

afterAll(async () => {
  await server?.close();
});

describe('pnpm drift against a running server', () => {
  it('creates an account and prints exactly one JSON object', async () => {
    const account = onlyJson(
      await drift('accounts', 'create', '--name', 'Ada', '--email', 'Ada@Example.com', '--json'),
    );
    expect(account).toEqual({
      id: expect.stringMatching(/^acct_[0-9A-Za-z]{20}$/),
      name: 'Ada',
      email: 'ada@example.com',
      plan: 'free',
      inbound_token: expect.stringMatching(/^[0-9A-Za-z]{20,}$/),
    });
  });

  it('creates a key that works against the REST API, lists it as used, and revokes it', async () => {
    const account = onlyJson(
      await drift(
        'accounts',
        'create',
        '--name',
        'Team',
        '--email',
        't@example.com',
        '--plan',
        'team_growth',
        '--json',
      ),
    );
    const created = onlyJson(
      await drift(
        'keys',
        'create',
        '--account',
        String(account.id),
        '--scopes',
        'read:ooo,write:ooo',
        '--name',
        'ci',
        '--json',
      ),
    );
    expect(created).toEqual({
      id: expect.stringMatching(/^key_/),
      key: expect.stringMatching(/^drift_[0-9A-Za-z]{43}$/),
      scopes: ['read:ooo', 'write:ooo'],
      name: 'ci',
      created_at: expect.any(String),
    });
    const key = String(created.key);
    expect((await api('/ooo-sessions', key)).status).toBe(200);
    expect((await api('/emails', key)).status).toBe(403);

    const listed = onlyJson(await drift('keys', 'list', '--account', String(account.id), '--json'));
    expect(listed.data).toEqual([
      expect.objectContaining({
        id: created.id,
        scopes: ['read:ooo', 'write:ooo'],
        revoked_at: null,
        last_used_at: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(key);

    const revoked = onlyJson(await drift('keys', 'revoke', String(created.id), '--json'));
    expect(revoked).toEqual({ id: created.id, revoked: true, revoked_at: expect.any(String) });
    const refused = await api('/ooo-sessions', key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: {
        message: 'API key is invalid or revoked',
        code: 'INVALID_API_KEY',
        request_id: refused.headers.get('x-request-id'),
      },
    });
  });

  it('a key of a free account is valid but refused the API', async () => {
    const account = onlyJson(
      await drift('accounts', 'create', '--name', 'Free', '--email', 'f@example.com', '--json'),
    );
    const { key } = onlyJson(
      await drift('keys', 'create', '--account', String(account.id), '--scopes', 'read:ooo', '--json'),
    );
    const response = await api('/ooo-sessions', String(key));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FEATURE_NOT_AVAILABLE');
  });

  it('changes settings and prints them after the change', async () => {
    const account = onlyJson(
      await drift('accounts', 'create', '--name', 'S', '--email', 's@example.com', '--json'),
    );
    const id = String(account.id);
    const settings = onlyJson(
      await drift(
        'accounts',
        'settings',
        id,
        '--timezone',
        'Europe/Paris',
        '--vip',
        'Boss@Example.com, ceo@example.com',
        '--urgent-keywords',
        'outage,ASAP',
        '--aliases',
        'me@other.example',
        '--json',
      ),
    );
    expect(settings).toEqual({
      account_id: id,
      email: 's@example.com',
      timezone: 'Europe/Paris',
      vip_senders: ['boss@example.com', 'ceo@example.com'],
      urgent_keywords: ['outage', 'asap'],
      aliases: ['me@other.example'],
      inbound_address: `/inbound/${account.inbound_token}`,
      backup_contact: null,
      escalate_categories: ['urgent'],
      auto_reply_names_contact: false,
    });
    const cleared = onlyJson(await drift('accounts', 'settings', id, '--vip', '', '--json'));
    expect(cleared).toMatchObject({
      timezone: 'Europe/Paris',
      vip_senders: [],
      urgent_keywords: ['outage', 'asap'],
    });
  });

  it('sets the backup contact of a Team Growth account, then clears it; refuses it for a free one', async () => {
    const team = onlyJson(
      await drift(
        'accounts',
        'create',
        '--name',
        'E',
        '--email',
        'e@example.com',
        '--plan',
        'team_growth',
        '--json',
      ),
    );
    const id = String(team.id);
    const set = await drift(
      'accounts',
      'settings',
      id,
      '--backup-name',
      'Sam Lee',
      '--backup-email',
      'Sam@Example.com',
      '--escalate',
      'urgent,action_required',
      '--auto-reply-names-contact',
      'yes',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('backup contact:  Sam Lee <sam@example.com>');
    expect(set.stdout).toContain('escalated:       urgent, action_required');
    expect(set.stdout).toContain('auto-reply names the contact: yes');
    const cleared = onlyJson(await drift('accounts', 'settings', id, '--clear-backup', '--json'));
    expect(cleared).toMatchObject({
      backup_contact: null,
      escalate_categories: ['urgent', 'action_required'],
      auto_reply_names_contact: true,
    });

    const free = onlyJson(
      await drift('accounts', 'create', '--name', 'F', '--email', 'f2@example.com', '--json'),
    );
    const refused = await drift(
      'accounts',
      'settings',
      String(free.id),
      '--backup-name',
      'Sam Lee',
      '--backup-email',
      'sam@example.com',
      '--json',
    );
    expect(refused.code).toBe(1);
    expect(errorOf(refused)).toMatchObject({ code: 'FEATURE_NOT_AVAILABLE' });
  });

  it.each([
    [['--backup-name', 'Sam Lee'], 2, 'USAGE_ERROR', '--backup-name and --backup-email go together'],
    [['--clear-backup', '--backup-email', 'a@b.example'], 2, 'USAGE_ERROR', 'not both'],
    [['--auto-reply-names-contact', 'maybe'], 2, 'USAGE_ERROR', 'must be yes or no'],
    [['--escalate', 'urgent,later'], 1, 'VALIDATION_ERROR', 'escalate_categories.1 must be one of'],
    [
      ['--backup-name', 'Sam', '--backup-email', 'not-an-address'],
      1,
      'VALIDATION_ERROR',
      'backup_contact.email must be an email address',
    ],
  ])('accounts settings %j fails with exit %i and %s', async (flags, exitCode, code, message) => {
    const result = await drift('accounts', 'settings', 'acct_unknown', ...flags, '--json');
    expect(result.code).toBe(exitCode);
    const error = errorOf(result);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('creates a dashboard user whose generated password signs in', async () => {
    const account = onlyJson(
      await drift('accounts', 'create', '--name', 'U', '--email', 'u@example.com', '--json'),
    );
    const user = onlyJson(
      await drift(
        'users',
        'create',
        '--account',
        String(account.id),
        '--email',
        'Owner@Example.com',
        '--json',
      ),
    );
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_/),
      account_id: account.id,
      email: 'owner@example.com',
      name: 'owner',
      password: expect.stringMatching(/^[0-9A-Za-z]{16,}$/),
    });
    const signIn = await fetch(`${baseUrl}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@example.com', password: user.password }),
    });
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('set-cookie')).toMatch(/^drift_session=/);
  });

  it('prints readable text without --json', async () => {
    const result = await drift('accounts', 'create', '--name', 'Human', '--email', 'h@example.com');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Created account acct_\w+: Human <h@example.com>, plan free\nInbound token: \w+\n$/,
    );
  });

  it.each([
    [['accounts', 'create', '--email', 'x@example.com'], 2, 'USAGE_ERROR', '--name is required'],
    [
      ['accounts', 'create', '--name', 'X', '--email', 'nope'],
      1,
      'VALIDATION_ERROR',
      'email must be an email address',
    ],
    [
      ['accounts', 'create', '--name', 'X', '--email', 'x@example.com', '--plan', 'gold'],
      2,
      'USAGE_ERROR',
      '--plan must be free or team_growth',
    ],
    [
      ['accounts', 'settings', 'acct_unknown', '--timezone', 'UTC'],
      1,
      'NOT_FOUND',
      'Account acct_unknown not found',
    ],
    [
      ['accounts', 'settings', 'acct_unknown', '--timezone', 'Mars/Olympus'],
      1,
      'VALIDATION_ERROR',
      'timezone must be an IANA time zone',
    ],
    [
      ['keys', 'create', '--account', 'acct_x', '--scopes', 'read:everything'],
      1,
      'VALIDATION_ERROR',
      'Unknown scope',
    ],
    [['keys', 'revoke', 'key_unknown'], 1, 'NOT_FOUND', 'API key key_unknown not found'],
    [['keys', 'list'], 2, 'USAGE_ERROR', '--account is required'],
    [['keys', 'list', '--account', 'a', '--bogus', 'x'], 2, 'USAGE_ERROR', "Unknown option '--bogus'"],
    [['frobnicate'], 2, 'USAGE_ERROR', 'Unknown command: frobnicate'],
  ])(
    'drift %j fails with exit %i and %s on stderr, nothing on stdout',
    async (args, exitCode, code, message) => {
      const result = await drift(...args, '--json');
      expect(result.stdout).toBe('');
      expect(result.code).toBe(exitCode);
      const error = errorOf(result);
      expect(error.code).toBe(code);
      expect(error.message).toContain(message);
    },
  );

  it('refuses a wrong admin token', async () => {
    const result = await run('pnpm', ['drift', 'keys', 'list', '--account', 'a', '--json'], {
      ...env,
      DRIFT_ADMIN_TOKEN: 'drift_admin_wrong_wrong_wrong_wrong',
    });
    expect(result.code).toBe(1);
    expect(errorOf(result).code).toBe('UNAUTHORIZED');
  });

  it('says so when the server is not running', async () => {
    const result = await run('pnpm', ['drift', 'keys', 'list', '--account', 'a'], {
      ...env,
      DRIFT_URL: 'http://127.0.0.1:9',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Cannot reach the Drift server at http://127.0.0.1:9');
  });
});
