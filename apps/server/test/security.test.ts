// Security checks: secrets never reach a log line (one full flow through one server, then every raw
// line is searched), keys are stored hashed and compared in constant time, body limits, the
// dashboard's security headers, and CORS closed by default.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryRateLimiter } from '@drift/core';
import { constantTimeEqual, generateApiKey, hashApiKey } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/app.ts';
import { defined, expectError } from './support/assertions.ts';
import { useTestServer } from './support/fixture.ts';
import { callTrpc } from './support/http.ts';
import { postInbound } from './support/inbound.ts';
import { buildRawMail, OWNER, uniqueMessageId } from './support/raw-mail.ts';
import { ADMIN_TOKEN, BASE_NOW } from './support/server.ts';

const fixture = useTestServer();

const MB = 1024 * 1024;
const PASSWORD = 'Zebra-Quartz-Lantern-7741!';
const MAIL_BODY = 'The vault combination is PURPLE-GIRAFFE-4471, please keep it between us.';
const MAIL_SUBJECT_SECRET = 'Payroll export QX-9921-CONFIDENTIAL';

const trpc = (
  kind: 'query' | 'mutation',
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
) => callTrpc(fixture.server.baseUrl, kind, path, input, headers);

const admin = { 'x-drift-admin-token': ADMIN_TOKEN };

/** A team_growth account, created by the operator over tRPC as the CLI does. */
async function operatorAccount(name: string, email: string): Promise<{ id: string; inbound_token: string }> {
  const created = await trpc(
    'mutation',
    'admin.accounts.create',
    { name, email, plan: 'team_growth' },
    admin,
  );
  return created.body.result.data;
}

/** A key of the account with these scopes, created by the operator: the key as shown once. */
async function operatorKey(accountId: string, scopes: string[]): Promise<{ id: string; key: string }> {
  const created = await trpc('mutation', 'admin.keys.create', { account_id: accountId, scopes }, admin);
  return created.body.result.data;
}

describe('no secret in any log line', () => {
  it('a full flow (keys, REST, dashboard sign-in, inbound mail, errors) logs no key, Bearer, password, cookie, mail body or token', async () => {
    const secrets = new Map<string, string>([
      ['admin token', ADMIN_TOKEN],
      ['password', PASSWORD],
    ]);

    // The operator creates the account, a dashboard user with a password and a first key (CLI path).
    const account = await trpc(
      'mutation',
      'admin.accounts.create',
      { name: 'Secure Co', email: OWNER.address, plan: 'team_growth' },
      admin,
    );
    expect(account.status).toBe(200);
    const { id: accountId, inbound_token: inboundToken } = account.body.result.data;
    secrets.set('inbound token', inboundToken);
    const user = await trpc(
      'mutation',
      'admin.users.create',
      { account_id: accountId, email: 'owner@secure.test', password: PASSWORD },
      admin,
    );
    expect(user.status).toBe(200);
    const cliKey = await trpc(
      'mutation',
      'admin.keys.create',
      { account_id: accountId, scopes: ['read:ooo', 'write:ooo', 'read:emails', 'read:playbook'] },
      admin,
    );
    expect(cliKey.status).toBe(200);
    const key: string = cliKey.body.result.data.key;
    secrets.set('API key (CLI)', key);

    // The owner signs in on the dashboard with the password and makes a second, narrower key.
    const signIn = await trpc('mutation', 'auth.signIn', { email: 'owner@secure.test', password: PASSWORD });
    expect(signIn.status).toBe(200);
    const cookie = defined(signIn.setCookie, 'Set-Cookie').split(';')[0] as string;
    const cookieValue = decodeURIComponent(cookie.split('=')[1] as string);
    const csrf: string = signIn.body.result.data.csrf_token;
    secrets.set('session cookie', cookieValue);
    secrets.set('CSRF token', csrf);
    const wrongPassword = await trpc('mutation', 'auth.signIn', {
      email: 'owner@secure.test',
      password: `${PASSWORD}-wrong`,
    });
    expect(wrongPassword.status).toBe(401);
    const dashboardKey = await trpc(
      'mutation',
      'keys.create',
      { scopes: ['read:ooo'], name: 'read only' },
      { cookie, 'x-drift-csrf': csrf },
    );
    expect(dashboardKey.status).toBe(200);
    const readOnlyKey: string = dashboardKey.body.result.data.key;
    secrets.set('API key (dashboard)', readOnlyKey);
    const me = await trpc('query', 'auth.me', undefined, { cookie });
    expect(me.status).toBe(200);

    // REST with the key: create, read, update; then the usual mistakes.
    const created = await fixture.server.request('POST', '/api/v1/ooo-sessions', {
      key,
      body: {
        start_date: new Date(BASE_NOW.getTime() - 3_600_000).toISOString(),
        end_date: new Date(BASE_NOW.getTime() + 7 * 86_400_000).toISOString(),
        auto_reply_message: 'Away this week.',
      },
    });
    expect(created.status).toBe(201);
    const sessionId: string = created.body.id;
    expect((await fixture.server.request('GET', '/api/v1/ooo-sessions', { key })).status).toBe(200);
    expect(
      (await fixture.server.request('GET', `/api/v1/ooo-sessions/${sessionId}`, { key: readOnlyKey })).status,
    ).toBe(200);
    // A key in the query string (a client's mistake) must not be logged either.
    await fixture.server.request('GET', `/api/v1/emails?session_id=${sessionId}&api_key=${key}`, { key });
    expectError(
      await fixture.server.request('POST', '/api/v1/ooo-sessions', { key: readOnlyKey, body: {} }),
      403,
      'INSUFFICIENT_SCOPE',
    );
    const unknownKey = generateApiKey().key;
    secrets.set('unknown API key', unknownKey);
    expectError(
      await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: unknownKey }),
      401,
      'INVALID_API_KEY',
    );
    expectError(
      await fixture.server.request('GET', '/api/v1/ooo-sessions', {
        headers: { authorization: `Basic ${key}` },
      }),
      401,
      'UNAUTHORIZED',
    );
    expectError(
      await fixture.server.request('PATCH', `/api/v1/ooo-sessions/${sessionId}`, {
        key,
        rawBody: `{"password":"${PASSWORD}"`,
      }),
      400,
      'VALIDATION_ERROR',
    );
    expectError(
      await fixture.server.request('GET', '/api/v1/ooo-sessions/sess_nope', { key }),
      404,
      'NOT_FOUND',
    );
    // tRPC with the key too.
    expect((await trpc('query', 'sessions.list', {}, { authorization: `Bearer ${key}` })).status).toBe(200);

    // Mail arrives through the relay: its body and subject stay out of the log.
    const delivered = await postInbound(
      fixture.server,
      inboundToken,
      buildRawMail({
        from: { name: 'Jonas', address: 'jonas@partner.test' },
        to: OWNER.address,
        subject: MAIL_SUBJECT_SECRET,
        body: MAIL_BODY,
        messageId: uniqueMessageId(),
      }),
    );
    expect(delivered.status).toBe(202);
    expect(delivered.body.captured).toBe(true);
    secrets.set('mail body', MAIL_BODY);
    secrets.set('mail subject', MAIL_SUBJECT_SECRET);
    const wrongToken = `${inboundToken}x`;
    expect((await postInbound(fixture.server, wrongToken, 'From: a@b.test\r\n\r\nhi')).status).toBe(404);
    secrets.set('wrong inbound token', wrongToken);

    // A failure that is logged with its error (the 500 path), and a revoked key.
    fixture.server.setFault('internal');
    expect((await fixture.server.request('GET', '/api/v1/ooo-sessions', { key })).status).toBe(500);
    fixture.server.setFault('none');
    const revoke = await trpc(
      'mutation',
      'keys.revoke',
      { id: dashboardKey.body.result.data.id },
      { cookie, 'x-drift-csrf': csrf },
    );
    expect(revoke.status).toBe(200);
    expectError(
      await fixture.server.request('GET', '/api/v1/ooo-sessions', { key: readOnlyKey }),
      401,
      'INVALID_API_KEY',
    );
    expect((await trpc('mutation', 'auth.signOut', {}, { cookie, 'x-drift-csrf': csrf })).status).toBe(200);

    // The per-request line is written after the response: wait for the last one.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = fixture.server.rawLogs;
    expect(lines.filter((line) => line.includes('"msg":"request"')).length).toBeGreaterThan(20);
    expect(lines.some((line) => line.includes('"level":50'))).toBe(true);

    // The lines do say who called: the key's id, never the key.
    expect(lines.some((line) => line.includes(cliKey.body.result.data.id))).toBe(true);

    const leaks: string[] = [];
    for (const line of lines) {
      if (/bearer/i.test(line)) leaks.push(`"Bearer" in ${line.slice(0, 300)}`);
      if (/authorization/i.test(line)) leaks.push(`an Authorization header in ${line.slice(0, 300)}`);
      if (/drift_[0-9A-Za-z]{43}/.test(line))
        leaks.push(`something shaped like an API key in ${line.slice(0, 300)}`);
      for (const [what, secret] of secrets) {
        if (line.includes(secret)) leaks.push(`${what} in ${line.slice(0, 300)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('API keys at rest and on comparison', () => {
  it('stores only the hash of a key: no column of the row holds the key', async () => {
    const account = await operatorAccount('Hash Co', 'hash@secure.test');
    const { id, key } = await operatorKey(account.id, ['read:ooo']);
    const row = await fixture.server.prisma.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.keyHash).toBe(hashApiKey(key));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    const body = key.slice('drift_'.length);
    const rawRows = await fixture.server.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      'SELECT * FROM api_keys WHERE id = $1',
      id,
    );
    expect(rawRows).toHaveLength(1);
    const stored = JSON.stringify(rawRows[0]);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(body.slice(0, 16));
    // The display prefix is short enough not to be a key.
    expect(row.displayPrefix.length).toBeLessThanOrEqual(12);
    expect(key.startsWith(row.displayPrefix)).toBe(true);
  });

  it('stores only the hash of a dashboard session token and of a password', async () => {
    const sessions = await fixture.server.prisma.webSession.findMany();
    const users = await fixture.server.prisma.user.findMany();
    expect(users.length).toBeGreaterThan(0);
    for (const user of users) {
      expect(user.passwordHash).not.toContain(PASSWORD);
      expect(user.passwordHash).toMatch(/^scrypt\$/);
    }
    for (const session of sessions) expect(session.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares keys with constantTimeEqual, which is built on crypto.timingSafeEqual', async () => {
    const domainSource = await readFile(
      new URL('../../../packages/domain/src/api-keys.ts', import.meta.url),
      'utf8',
    );
    const constantTime = defined(
      /export function constantTimeEqual\([^)]*\)[^{]*\{([\s\S]*?)\n\}/.exec(domainSource)?.[1],
      'constantTimeEqual',
    );
    expect(constantTime).toContain('timingSafeEqual(');
    // No early-exit comparison of the contents.
    expect(constantTime).not.toMatch(/\ba\s*===?\s*b\b|bufA\s*===?\s*bufB\b|\.equals\(/);

    // The API's key check goes through it after the lookup by hash (and the CSRF check too).
    const authSource = await readFile(
      new URL('../../../packages/api/src/api-key-auth.ts', import.meta.url),
      'utf8',
    );
    const authenticate = defined(
      /async function authenticateApiKey\([\s\S]*?\n\}/.exec(authSource)?.[0],
      'authenticateApiKey',
    );
    expect(authenticate).toMatch(/hashApiKey\(token\)/);
    expect(authenticate).toMatch(/constantTimeEqual\(key\.keyHash, hash\)/);
    expect(authenticate).not.toMatch(/keyHash\s*===|===\s*hash\b/);

    // And it behaves: equal, unequal, unequal lengths, unicode.
    const hash = hashApiKey(generateApiKey().key);
    expect(constantTimeEqual(hash, hash)).toBe(true);
    expect(constantTimeEqual(hash, `${hash.slice(0, -1)}${hash.endsWith('0') ? '1' : '0'}`)).toBe(false);
    expect(constantTimeEqual(hash, hash.slice(1))).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('é', 'e\u0301')).toBe(false);
  });
});

describe('request body limits', () => {
  it('JSON over 1 MB is 413 PAYLOAD_TOO_LARGE in the envelope, on REST and on tRPC', async () => {
    const account = await operatorAccount('Limits', 'limits@secure.test');
    const { key } = await operatorKey(account.id, ['write:ooo']);
    const big = JSON.stringify({ auto_reply_message: 'x'.repeat(MB) });
    expectError(
      await fixture.server.request('POST', '/api/v1/ooo-sessions', { key, rawBody: big }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const trpcBig = await fetch(`${fixture.server.baseUrl}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(MB) }),
    });
    expect(trpcBig.status).toBe(413);
    // Just under the limit is parsed (and then refused by validation, not by size).
    const justUnder = JSON.stringify({ auto_reply_message: 'x'.repeat(MB - 100) });
    expectError(
      await fixture.server.request('POST', '/api/v1/ooo-sessions', { key, rawBody: justUnder }),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('inbound mail over 25 MB is 413 PAYLOAD_TOO_LARGE', async () => {
    const account = await operatorAccount('Big mail', 'bigmail@secure.test');
    const head = Buffer.from('From: a@b.test\r\nTo: bigmail@secure.test\r\nSubject: big\r\n\r\n');
    const oversized = Buffer.concat([head, Buffer.alloc(25 * MB + 1 - head.length, 0x61)]);
    expectError(
      await postInbound(fixture.server, account.inbound_token, oversized),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });
});

describe('the dashboard', () => {
  let distDir: string;
  let dashboardApp: Awaited<ReturnType<typeof buildServer>>;
  beforeAll(async () => {
    distDir = await mkdtemp(join(tmpdir(), 'drift-web-dist-'));
    await writeFile(join(distDir, 'index.html'), '<!doctype html><title>Drift</title><div id="root"></div>');
    await writeFile(join(distDir, 'app.js'), 'console.log("drift")');
    dashboardApp = await buildServer({
      prisma: fixture.server.prisma,
      clock: fixture.server.clock,
      rateLimiter: new InMemoryRateLimiter(),
      adminToken: ADMIN_TOKEN,
      mailer: createMailTransport({ outboxDir: join(distDir, 'outbox') }),
      logLevel: 'silent',
      pingDatabase: async () => {},
      webDistDir: distDir,
    });
  });
  afterAll(async () => {
    await dashboardApp?.close();
    await rm(distDir, { recursive: true, force: true });
  });

  const SECURITY_HEADERS = {
    'content-security-policy': expect.stringMatching(/default-src 'self'.*frame-ancestors 'none'/),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': expect.stringMatching(
      /^(same-origin|no-referrer|strict-origin(-when-cross-origin)?)$/,
    ),
  };

  it.each(['/', '/index.html', '/app.js', '/sessions/some-client-route'])(
    'GET %s carries CSP, nosniff, X-Frame-Options DENY and a Referrer-Policy',
    async (url) => {
      const response = await dashboardApp.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject(SECURITY_HEADERS);
    },
  );

  it('lets a message shown in a sandboxed srcdoc frame style itself and load images on request, never run scripts', async () => {
    const response = await dashboardApp.inject({ method: 'GET', url: '/' });
    const directives = new Map(
      String(response.headers['content-security-policy'])
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });

  it.each(['/api/v1/nope', '/api/nope', '/trpc', '/inbound', '/healthz/x'])(
    'GET %s is never answered with the dashboard',
    async (url) => {
      const response = await dashboardApp.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).not.toContain('<div id="root">');
    },
  );
});

describe('CORS is closed unless configured', () => {
  const EVIL = 'https://evil.example';

  it.each(['/api/v1/ooo-sessions', '/trpc/sessions.list'])(
    'a cross-origin preflight to %s is not allowed',
    async (path) => {
      const response = await fetch(`${fixture.server.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: EVIL,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
    },
  );

  it('a cross-origin GET with a valid key is answered without any Access-Control-Allow-* header', async () => {
    const account = await operatorAccount('Cors', 'cors@secure.test');
    const { key } = await operatorKey(account.id, ['read:ooo']);
    const response = await fixture.server.request('GET', '/api/v1/ooo-sessions', {
      key,
      headers: { origin: EVIL },
    });
    expect(response.status).toBe(200);
    const allowHeaders = [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
    expect(allowHeaders).toEqual([]);
  });
});
