import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@drift/db';
import { createTestDatabase, type TestDatabase } from '@drift/db/testing';
import {
  fixedClock,
  generateApiKey,
  generateSecretToken,
  type ManualClock,
  newId,
  SCOPES,
} from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { restErrorOf } from '../src/errors.ts';
import { InMemoryRateLimiter } from '../src/rate-limit/in-memory-rate-limiter.ts';
import { createCaller } from '../src/router.ts';

const ADMIN_TOKEN = 'drift_admin_test_token_0123456789abcdef';
let database: TestDatabase;
let prisma: PrismaClient;
let clock: ManualClock;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  clock = fixedClock(new Date('2026-03-01T00:00:00.000Z'));
});
afterAll(() => database.close());

function callerWith(headers: Record<string, string>) {
  const deps = {
    prisma,
    clock,
    rateLimiter: new InMemoryRateLimiter(),
    adminToken: ADMIN_TOKEN,
    mailer: createMailTransport({ outboxDir: join(tmpdir(), 'drift-api-test-outbox') }),
  };
  const ctx = createContext(deps, headers);
  return { caller: createCaller(ctx), ctx };
}

async function accountWithKey(plan: 'free' | 'team_growth' = 'team_growth') {
  const accountId = newId('acct');
  await prisma.account.create({
    data: { id: accountId, name: 'T', email: 't@example.com', plan, inboundToken: generateSecretToken() },
  });
  const { key, hash, displayPrefix } = generateApiKey();
  await prisma.apiKey.create({
    data: { id: newId('key'), accountId, keyHash: hash, displayPrefix, scopes: [...SCOPES] },
  });
  return { accountId, key };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return restErrorOf(error).code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('procedures over createCaller (the /trpc surface)', () => {
  it('runs the same create and get as REST, with the same wire shape', async () => {
    const { key } = await accountWithKey();
    const { caller, ctx } = callerWith({ authorization: `Bearer ${key}` });
    const created = await caller.sessions.create({
      start_date: '2026-03-20T00:00:00.000Z',
      end_date: '2026-03-27T00:00:00.000Z',
    });
    expect(ctx.response.status).toBe(201);
    expect(ctx.response.headers['X-RateLimit-Remaining']).toBe('99');
    expect(created).toMatchObject({
      status: 'scheduled',
      return_date: '2026-03-28T00:00:00.000Z',
      auto_reply_message: null,
      playbook: null,
    });
    expect(await caller.sessions.get({ id: created.id })).toEqual(created);
  });

  it('derives status from the injected clock', async () => {
    const { key } = await accountWithKey();
    const { caller } = callerWith({ authorization: `Bearer ${key}` });
    const created = await caller.sessions.create({
      start_date: '2026-04-01T00:00:00.000Z',
      end_date: '2026-04-02T00:00:00.000Z',
    });
    clock.set(new Date('2026-04-01T12:00:00.000Z'));
    expect((await caller.sessions.get({ id: created.id })).status).toBe('active');
    clock.set(new Date('2026-04-02T00:00:00.000Z'));
    expect((await caller.sessions.get({ id: created.id })).status).toBe('completed');
    clock.set(new Date('2026-03-01T00:00:00.000Z'));
  });

  it.each([
    ['no header', {}, 'UNAUTHORIZED'],
    ['a Basic header', { authorization: 'Basic abc' }, 'UNAUTHORIZED'],
    ['a key that does not exist', { authorization: `Bearer ${generateApiKey().key}` }, 'INVALID_API_KEY'],
  ])('refuses %s', async (_name, headers, code) => {
    const { caller } = callerWith(headers);
    expect(await codeOf(caller.sessions.list({}))).toBe(code);
  });

  it('keeps the plan gate on tRPC too', async () => {
    const { key } = await accountWithKey('free');
    const { caller } = callerWith({ authorization: `Bearer ${key}` });
    expect(await codeOf(caller.sessions.list({}))).toBe('FEATURE_NOT_AVAILABLE');
  });

  it('admin procedures require the admin token, compared exactly', async () => {
    expect(
      await codeOf(callerWith({}).caller.admin.accounts.create({ name: 'x', email: 'x@example.com' })),
    ).toBe('UNAUTHORIZED');
    const wrong = callerWith({ 'x-drift-admin-token': `${ADMIN_TOKEN}x` }).caller;
    expect(await codeOf(wrong.admin.keys.list({ account_id: 'acct_x' }))).toBe('UNAUTHORIZED');
    const admin = callerWith({ 'x-drift-admin-token': ADMIN_TOKEN }).caller;
    const account = await admin.admin.accounts.create({ name: 'Ops', email: 'ops@example.com' });
    expect(account.plan).toBe('free');
  });

  it('a revoked key stops working at once, and revoking keeps the first revocation time', async () => {
    const admin = callerWith({ 'x-drift-admin-token': ADMIN_TOKEN }).caller.admin;
    const account = await admin.accounts.create({ name: 'R', email: 'r@example.com', plan: 'team_growth' });
    const created = await admin.keys.create({ account_id: account.id, scopes: ['read:ooo'] });
    const { caller } = callerWith({ authorization: `Bearer ${created.key}` });
    await caller.sessions.list({});
    const first = await admin.keys.revoke({ id: created.id });
    clock.advance(5_000);
    const second = await admin.keys.revoke({ id: created.id });
    expect(second.revoked_at).toBe(first.revoked_at);
    expect(await codeOf(caller.sessions.list({}))).toBe('INVALID_API_KEY');
    const [listed] = (await admin.keys.list({ account_id: account.id })).data;
    expect(listed).toMatchObject({
      id: created.id,
      revoked_at: first.revoked_at,
      last_used_at: expect.any(String),
    });
  });

  it("regression: a stored row that breaks the output schema is our 500, not the client's 400", async () => {
    const { accountId, key } = await accountWithKey();
    const session = await prisma.oooSession.create({
      data: {
        id: newId('sess'),
        accountId,
        startDate: new Date('2026-02-01T00:00:00.000Z'),
        endDate: new Date('2026-02-02T00:00:00.000Z'),
        returnDate: new Date('2026-02-03T00:00:00.000Z'),
      },
    });
    await prisma.email.create({
      data: {
        id: newId('em'),
        accountId,
        sessionId: session.id,
        externalId: 'x',
        messageId: 'broken@example.test',
        threadId: 'thr_x',
        subject: 's',
        fromEmail: 'a@example.test',
        category: 'fyi',
        urgencyScore: 11,
        aiSummary: 'summary',
        receivedAt: new Date('2026-02-01T10:00:00.000Z'),
      },
    });
    const { caller } = callerWith({ authorization: `Bearer ${key}` });
    expect(await codeOf(caller.emails.list({}))).toBe('INTERNAL_ERROR');
  });

  it('stores only a hash of a key', async () => {
    const admin = callerWith({ 'x-drift-admin-token': ADMIN_TOKEN }).caller.admin;
    const account = await admin.accounts.create({ name: 'H', email: 'h@example.com' });
    const created = await admin.keys.create({ account_id: account.id, scopes: ['read:ooo'] });
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
