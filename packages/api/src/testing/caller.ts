// The one harness for procedure tests: a database, a clock and the server's other collaborators,
// and callers for each kind of principal, built the way the server builds them (createContext,
// createCaller). Only this file knows the shape of the dependencies the context is built from.
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CredentialsCipher, InMemoryRateLimiter } from '@drift/core';
import type { Account, PrismaClient } from '@drift/db';
import { createTestDatabase, type TestDatabase } from '@drift/db/testing';
import { fixedClock, type ManualClock, newId, type Plan, type Scope } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Context, type ContextDeps, createContext } from '../context.ts';
import { restErrorOf } from '../errors.ts';
import { createCaller } from '../router.ts';
import { buildAccount, buildTenant, type TenantRows } from './factories.ts';

export const ADMIN_TOKEN = 'drift_admin_test_token_0123456789abcdef';
/** Every test starts at this instant; a test that moves the clock is put back before the next. */
export const BASE_NOW = new Date('2026-03-01T00:00:00.000Z');
export const USER_PASSWORD = 'correct horse battery staple';

/**
 * USER_PASSWORD hashed in the stored format with a small scrypt cost: a hash names its own cost,
 * so sign-in still verifies it for real, in a fraction of the production cost's time.
 */
const TEST_PASSWORD_HASH = (() => {
  const [N, r, p] = [2 ** 10, 8, 1];
  const salt = randomBytes(16);
  const key = scryptSync(USER_PASSWORD.normalize('NFKC'), salt, 32, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
})();

export type Caller = ReturnType<typeof createCaller>;

/** A caller and the context it runs in: `ctx.response` holds the status and headers it set. */
export interface Client {
  caller: Caller;
  ctx: Context;
}

export interface Tenant extends Client, TenantRows {}

export interface DashboardUser extends Client {
  account: Account;
  accountId: string;
  userId: string;
  email: string;
  csrfToken: string;
  /** The same signed-in browser, but a request without the CSRF header. */
  withoutCsrf(): Client;
}

export interface ProcedureHarness {
  readonly prisma: PrismaClient;
  readonly clock: ManualClock;
  /** A request with exactly these headers (lower-case names). */
  client(headers?: Record<string, string>): Client;
  /** An account with one API key; by default team_growth with every scope. */
  tenant(options?: { plan?: Plan; scopes?: readonly Scope[] }): Promise<Tenant>;
  /** A user of a new account (free by default), signed in through `auth.signIn`. */
  user(options?: { plan?: Plan }): Promise<DashboardUser>;
  /** An operator presenting the server's admin token. */
  admin(): Client;
}

interface Setup {
  database: TestDatabase;
  deps: ContextDeps;
  outboxDir: string;
}

/**
 * One database for the test file (PGlite, or PostgreSQL when TEST_DATABASE_URL is set), opened
 * before its tests and closed after. Nothing is reset between tests: each builds fresh tenants.
 * Call at the top level of a test file; use the harness only inside tests and hooks.
 */
export function useProcedureHarness(): ProcedureHarness {
  let setup: Setup | undefined;
  const clock = fixedClock(BASE_NOW);

  beforeAll(async () => {
    const database = await createTestDatabase();
    const outboxDir = await mkdtemp(join(tmpdir(), 'drift-api-outbox-'));
    const deps: ContextDeps = {
      prisma: database.prisma,
      clock,
      rateLimiter: new InMemoryRateLimiter(),
      adminToken: ADMIN_TOKEN,
      mailer: createMailTransport({ outboxDir }),
      // No IMAP server is dialled here: a short timeout keeps a refused connection quick.
      mailboxes: { cipher: new CredentialsCipher(randomBytes(32)), imap: { connectTimeoutMs: 2_000 } },
    };
    setup = { database, deps, outboxDir };
  });
  afterAll(async () => {
    await setup?.database.close();
    if (setup) await rm(setup.outboxDir, { recursive: true, force: true });
    setup = undefined;
  });
  beforeEach(() => clock.set(BASE_NOW));

  const ready = (): Setup => {
    if (!setup) throw new Error('use the harness inside tests and hooks, after its beforeAll');
    return setup;
  };

  const client = (headers: Record<string, string> = {}): Client => {
    const ctx = createContext(ready().deps, headers);
    return { caller: createCaller(ctx), ctx };
  };

  return {
    get prisma() {
      return ready().deps.prisma;
    },
    clock,
    client,

    async tenant(options = {}) {
      const rows = await buildTenant(ready().deps.prisma, options);
      return { ...rows, ...client({ authorization: `Bearer ${rows.key}` }) };
    },

    async user({ plan = 'free' } = {}) {
      const { prisma } = ready().deps;
      const account = await buildAccount(prisma, { plan });
      const userId = newId('usr');
      const email = `${userId.toLowerCase()}@example.test`;
      await prisma.user.create({
        data: { id: userId, accountId: account.id, email, name: 'Ada', passwordHash: TEST_PASSWORD_HASH },
      });
      const signingIn = client();
      const { csrf_token: csrfToken } = await signingIn.caller.auth.signIn({
        email,
        password: USER_PASSWORD,
      });
      const cookie = signingIn.ctx.response.headers['Set-Cookie']?.split(';')[0];
      if (!cookie) throw new Error('auth.signIn set no session cookie');
      return {
        account,
        accountId: account.id,
        userId,
        email,
        csrfToken,
        ...client({ cookie, 'x-drift-csrf': csrfToken }),
        withoutCsrf: () => client({ cookie }),
      };
    },

    admin: () => client({ 'x-drift-admin-token': ADMIN_TOKEN }),
  };
}

/** Our error code and message for a call that must fail, as the REST envelope would carry them. */
export async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) {
      const { code, message } = restErrorOf(error);
      return { code, message };
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Our error code for a call that must fail. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  return (await errorOf(promise)).code;
}
