import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestImapServer, type TestImapServer } from '@drift/mail/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, onlyJson, type Run, type SpawnedServer, startServer } from './support.ts';

// `pnpm drift mailbox ...` against a spawned server that syncs from a real Dovecot on loopback.

const WRONG_PASSWORD = 'wrong-password-7f3a91';

let imap: TestImapServer;
let server: SpawnedServer;
let caDir: string;
/** Every CLI run of this file, to check that no secret ever shows. */
const runs: Run[] = [];
let accountId: string;
let apiKey: string;

async function drift(...args: string[]): Promise<Run> {
  const result = await server.drift(...args);
  runs.push(result);
  return result;
}

/** `pnpm drift ...` with `secret` (and a newline, as `echo` gives) on standard input. */
async function driftWithSecret(secret: string, ...args: string[]): Promise<Run> {
  const result = await server.driftWithInput(`${secret}\n`, ...args);
  runs.push(result);
  return result;
}

const connectArgs = (overrides: Record<string, string> = {}) =>
  Object.entries({
    '--host': imap.host,
    '--port': String(imap.tlsPort),
    '--security': 'tls',
    '--user': imap.user.username,
    ...overrides,
  }).flat();

function connect(account: string, overrides: Record<string, string> = {}, password = imap.user.password) {
  return driftWithSecret(
    password,
    'mailbox',
    'connect',
    account,
    ...connectArgs(overrides),
    '--password-stdin',
  );
}

async function createAccount(name: string, email: string): Promise<string> {
  const account = onlyJson(
    await drift('accounts', 'create', '--name', name, '--email', email, '--plan', 'team_growth', '--json'),
  );
  return String(account.id);
}

async function emails(sessionId: string): Promise<{ subject: string; session_id: string }[]> {
  const response = await server.api(`/emails?session_id=${sessionId}`, apiKey);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: { subject: string; session_id: string }[] }).data;
}

async function waitForEmails(sessionId: string, count: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await emails(sessionId);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
}

let serial = 0;
function message(subject: string): string {
  serial += 1;
  return [
    'From: Sam Boss <boss@example.com>',
    `To: ${imap.user.username}`,
    `Subject: ${subject}`,
    `Message-ID: <cli-mailbox-${serial}-${Date.now()}@example.com>`,
    `Date: ${new Date().toUTCString()}`,
    '',
    `${subject}: please have a look when you are back.`,
    '',
  ].join('\r\n');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  imap = await startTestImapServer();
  caDir = await mkdtemp(join(tmpdir(), 'drift-cli-ca-'));
  const caFile = join(caDir, 'dovecot-ca.pem');
  await writeFile(caFile, imap.ca);
  server = await startServer({
    // The server trusts Dovecot's self-signed certificate as an operator would trust a private CA.
    NODE_EXTRA_CA_CERTS: caFile,
    DRIFT_IMAP_SCAN_INTERVAL_MS: '200',
    // The test Dovecot is on loopback, which a server refuses to dial by default.
    DRIFT_IMAP_PRIVATE_HOSTS: 'allow',
    // Everything the server logs at its default level, to check that no secret is among it.
    LOG_LEVEL: 'info',
  });
  accountId = await createAccount('Alex', 'alex@acme.test');
  apiKey = String(
    onlyJson(
      await drift(
        'keys',
        'create',
        '--account',
        accountId,
        '--scopes',
        'read:ooo,write:ooo,read:emails',
        '--json',
      ),
    ).key,
  );
});

afterAll(async () => {
  await server?.close();
  await imap?.close();
  if (caDir) await rm(caDir, { recursive: true, force: true });
});

describe('pnpm drift mailbox', () => {
  it.each([
    ['no --host', ['connect', 'acct_x', '--user', 'u', '--password-stdin'], '--host is required'],
    ['no --user', ['connect', 'acct_x', '--host', 'h', '--password-stdin'], '--user is required'],
    ['no account', ['connect', '--host', 'h', '--user', 'u', '--password-stdin'], 'ACCOUNT_ID is required'],
    [
      'a port of words',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--port', 'imap', '--password-stdin'],
      '--port must be a whole number from 1 to 65535',
    ],
    [
      'port 0',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--port', '0', '--password-stdin'],
      '--port must be a whole number from 1 to 65535',
    ],
    [
      'port 65536',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--port', '65536', '--password-stdin'],
      '--port must be a whole number from 1 to 65535',
    ],
    [
      'a fractional port',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--port', '99.5', '--password-stdin'],
      '--port must be a whole number from 1 to 65535',
    ],
    [
      'an unknown security',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--security', 'ssl', '--password-stdin'],
      '--security must be one of tls, starttls, none',
    ],
    [
      'both stdin flags',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--password-stdin', '--token-stdin'],
      'give either --password-stdin or --token-stdin, not both',
    ],
    [
      'no stdin flag',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u'],
      'give --password-stdin (an app password) or --token-stdin',
    ],
    [
      'a password in argv',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--password', 'hunter2'],
      "Unknown option '--password'",
    ],
    [
      'a value for a switch',
      ['connect', 'acct_x', '--host', 'h', '--user', 'u', '--password-stdin=hunter2'],
      "'--password-stdin' does not take an argument",
    ],
    [
      '--timeout without --follow',
      ['status', 'acct_x', '--timeout', '5'],
      '--timeout only applies with --follow',
    ],
    [
      'a zero --timeout',
      ['status', 'acct_x', '--follow', '--timeout', '0'],
      '--timeout must be a number of seconds above 0',
    ],
    ['a status without account', ['status'], 'ACCOUNT_ID is required'],
  ])('refuses %s with exit 2 and the usage', async (_, args, message) => {
    const result = await drift('mailbox', ...args, '--json');
    expect(result.stdout).toBe('');
    expect(result.code, result.stderr).toBe(2);
    const error = errorOf(result);
    expect(error.code).toBe('USAGE_ERROR');
    expect(error.message).toContain(message);
    expect(error.message).toContain('mailbox connect ACCOUNT_ID --host HOST');
  });

  it('refuses an empty standard input as a usage error', async () => {
    const empty = await driftWithSecret(
      '',
      'mailbox',
      'connect',
      accountId,
      ...connectArgs(),
      '--password-stdin',
    );
    expect(empty.code, empty.stderr).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('error: no password on standard input (--password-stdin)');
    // No standard input at all (/dev/null): the same.
    const none = await drift('mailbox', 'connect', accountId, ...connectArgs(), '--token-stdin');
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toContain('error: no access token on standard input (--token-stdin)');
  });

  it.each([
    [
      'a host that is no host name',
      { '--host': 'imap example.com' },
      'host must be a host name or IP address',
    ],
    ['a user name over 320 characters', { '--user': `${'u'.repeat(321)}@acme.test` }, 'username'],
  ])(
    "refuses %s with the server's rule before reading the secret (exit 1)",
    async (_, overrides, message) => {
      // No standard input is given: a check that waited for the secret would fail on it instead.
      const result = await drift(
        'mailbox',
        'connect',
        accountId,
        ...connectArgs(overrides),
        '--password-stdin',
        '--json',
      );
      expect(result.stdout).toBe('');
      expect(result.code, result.stderr).toBe(1);
      expect(errorOf(result)).toEqual({
        code: 'VALIDATION_ERROR',
        message: expect.stringContaining(message),
      });
    },
  );

  it('shows that no mailbox is connected yet', async () => {
    const human = await drift('mailbox', 'status', accountId);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(`No mailbox connected to ${accountId}.\n`);
    expect(onlyJson(await drift('mailbox', 'status', accountId, '--json'))).toEqual({ mailbox: null });
  });

  it('refuses a wrong password with the reason on stderr and saves nothing', async () => {
    const human = await connect(accountId, {}, WRONG_PASSWORD);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain(
      `error: The server refused the user name or password for ${imap.user.username}. Check them;`,
    );
    const json = await driftWithSecret(
      WRONG_PASSWORD,
      'mailbox',
      'connect',
      accountId,
      ...connectArgs(),
      '--password-stdin',
      '--json',
    );
    expect(json.code).toBe(1);
    expect(json.stdout).toBe('');
    expect(errorOf(json)).toEqual({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining('The server refused the user name or password'),
    });
    expect(onlyJson(await drift('mailbox', 'status', accountId, '--json'))).toEqual({ mailbox: null });
  });

  it.each([
    [
      'TLS on the STARTTLS port',
      () => ({ '--security': 'tls', '--port': String(imap.port) }),
      'VALIDATION_ERROR',
      'does not speak TLS from the start',
    ],
    [
      'a port nobody listens on',
      () => ({ '--port': '1' }),
      'VALIDATION_ERROR',
      'Nothing accepts IMAP connections at 127.0.0.1:1',
    ],
    [
      'a user whose INBOX cannot be opened',
      () => ({ '--user': imap.userWithoutInbox.username }),
      'VALIDATION_ERROR',
      'but the INBOX of nobox@acme.test cannot be opened',
    ],
  ])('refuses %s with exit 1 and says why', async (_, overrides, code, message) => {
    const result = await driftWithSecret(
      imap.user.password,
      'mailbox',
      'connect',
      accountId,
      ...connectArgs(overrides()),
      '--password-stdin',
      '--json',
    );
    expect(result.stdout).toBe('');
    expect(result.code, result.stderr).toBe(1);
    expect(errorOf(result)).toEqual({ code, message: expect.stringContaining(message) });
  });

  it('refuses an account that does not exist', async () => {
    const result = await connect('acct_unknown');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Account acct_unknown not found');
  });

  it.each([
    ['starttls', () => imap.port, 'STARTTLS'],
    ['none', () => imap.port, 'no encryption'],
    ['tls', () => imap.tlsPort, 'TLS'],
  ])('connects with security %s after testing the connection', async (security, port, label) => {
    const result = await connect(accountId, { '--security': security, '--port': String(port()) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Connected alex@acme.test at 127.0.0.1:${port()} (${label}) to ${accountId}: the connection test passed. Mail is synced while a session is active.\n`,
    );
    expect(result.stdout).toContain(`  security:    ${label}\n`);
    expect(result.stdout).toContain('  auth method: password\n');
    const warning = 'Warning: without TLS the password and the mail cross the network unencrypted.';
    if (security === 'none') expect(result.stdout).toContain(warning);
    else expect(result.stdout).not.toContain(warning);
  });

  it('shows the connected mailbox without its secret', async () => {
    const status = onlyJson(await drift('mailbox', 'status', accountId, '--json'));
    expect(status).toEqual({
      mailbox: {
        id: expect.stringMatching(/^mbx_/),
        host: '127.0.0.1',
        port: imap.tlsPort,
        security: 'tls',
        username: 'alex@acme.test',
        auth_method: 'password',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        sync: { state: 'idle', session_id: null, last_error: null, last_synced_at: null, first_sync: null },
      },
    });
    const human = await drift('mailbox', 'status', accountId);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(
      [
        `  host:        127.0.0.1:${imap.tlsPort}`,
        '  user:        alex@acme.test',
        '  security:    TLS',
        '  auth method: password',
        '  sync state:  idle',
        '  last error:  (none)',
        '  last synced: never',
        '  first sync: not started (it starts once a session is active)',
        '',
      ].join('\n'),
    );
  });

  it('captures mail of an active session exactly once, and --follow ends when the first sync is done', async () => {
    await imap.deliver(message('Budget review'), new Date());
    const created = await server.api('/ooo-sessions', apiKey, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        start_date: new Date(Date.now() - 3_600_000).toISOString(),
        end_date: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    });
    expect(created.status).toBe(201);
    const sessionId = String(((await created.json()) as { id: string }).id);

    const following = drift('mailbox', 'status', accountId, '--follow', '--timeout', '30');
    const captured = await waitForEmails(sessionId, 1);
    expect(captured).toEqual([expect.objectContaining({ subject: 'Budget review', session_id: sessionId })]);

    const followed = await following;
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toContain(`  user:        alex@acme.test\n`);
    expect(followed.stdout.endsWith('first sync: done (1 found, 1 captured)\n')).toBe(true);

    // Later passes (IDLE, polls, rescans) find the same message again and must not store it twice.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await emails(sessionId)).toHaveLength(1);

    const status = onlyJson(await drift('mailbox', 'status', accountId, '--follow', '--json'));
    expect(status).toEqual({
      mailbox: expect.objectContaining({
        sync: {
          state: 'watching',
          session_id: sessionId,
          last_error: null,
          last_synced_at: expect.any(String),
          first_sync: { found: 1, captured: 1, left: 0, done: true },
        },
      }),
    });

    // Mail that arrives while the session lasts comes in too, the first one still once.
    await imap.deliver(message('Quarterly numbers'), new Date());
    const both = await waitForEmails(sessionId, 2);
    expect(both.map((email) => email.subject).sort()).toEqual(['Budget review', 'Quarterly numbers']);
    const human = await drift('mailbox', 'status', accountId);
    expect(human.stdout).toContain('  first sync: done (1 found, 1 captured)\n');
    expect(human.stdout).toContain(`  sync state:  watching (session ${sessionId})\n`);
  });

  it('--follow gives up after --timeout while no session is active, and needs a mailbox', async () => {
    const idle = await createAccount('Idle', 'idle@acme.test');
    const nothing = await drift('mailbox', 'status', idle, '--follow', '--json');
    expect(nothing.code).toBe(1);
    expect(errorOf(nothing)).toEqual({
      code: 'NOT_FOUND',
      message: `No mailbox connected to ${idle}: nothing to follow.`,
    });

    expect((await connect(idle)).code).toBe(0);
    const started = Date.now();
    const result = await drift('mailbox', 'status', idle, '--follow', '--timeout', '1.5');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('first sync: not started');
    expect(result.stderr).toContain(
      `error: Gave up after 1.5 s waiting for the first sync of ${idle}: not started (it starts once a session is active); sync idle.\n`,
    );
    const json = await drift('mailbox', 'status', idle, '--follow', '--timeout', '1', '--json');
    expect(json.stdout).toBe('');
    expect(errorOf(json).code).toBe('TIMEOUT');
  });

  it('disconnects, then shows none, then refuses to disconnect again', async () => {
    const human = await drift('mailbox', 'disconnect', accountId);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(
      `Disconnected the mailbox of ${accountId} and forgot its password or token. Mail already captured stays.\n`,
    );
    const status = await drift('mailbox', 'status', accountId);
    expect(status.stdout).toBe(`No mailbox connected to ${accountId}.\n`);
    expect(onlyJson(await drift('mailbox', 'status', accountId, '--json'))).toEqual({ mailbox: null });

    const again = await drift('mailbox', 'disconnect', accountId, '--json');
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(errorOf(again)).toEqual({ code: 'NOT_FOUND', message: 'No mailbox is connected to this account' });
  });

  it('never shows a password: not on the CLI, not in the server output, not in its data directory', async () => {
    expect(runs.length).toBeGreaterThan(20);
    for (const secret of [imap.user.password, WRONG_PASSWORD]) {
      for (const result of runs) {
        expect(result.stdout).not.toContain(secret);
        expect(result.stderr).not.toContain(secret);
      }
      expect(server.output()).not.toContain(secret);
      for (const file of await filesUnder(server.dataDir)) {
        expect((await readFile(file)).includes(secret), file).toBe(false);
      }
    }
    // The server did log (at its default level) while all of this happened.
    expect(server.output()).toContain('mailbox sync started');
  });
});
