// The in-process API key cache: two server instances on one database, each with its own cache,
// with and without a shared Redis (on a channel of this run's own). A revoke or plan change is
// seen at once by the instance that made it, and within a second by the other.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTenant } from '@drift/api/testing';
import {
  API_KEY_CACHE_LOCAL_TTL_MS,
  API_KEY_CACHE_UNKNOWN_TTL_MS,
  ApiKeyCache,
  type ApiKeyCacheOptions,
  type CoreDeps,
  changePlan,
  closeRedisClient,
  createInvalidationSubscriber,
  createRedisClient,
  InMemoryRateLimiter,
  RedisKeyInvalidation,
  waitForRedis,
} from '@drift/core';
import type { PrismaClient } from '@drift/db';
import { createTestDatabase, type TestDatabase } from '@drift/db/testing';
import { fixedClock, generateApiKey } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../../packages/core/src/rate-limit/redis-test-server.ts';
import { buildServer } from '../src/app.ts';
import { callTrpc } from './support/http.ts';
import { ADMIN_TOKEN, BASE_NOW } from './support/server.ts';

const LIST = '/api/v1/ooo-sessions';

/** The database as the server sees it, counting the key reads and writes authentication makes. */
function countingKeyQueries(prisma: PrismaClient) {
  const counter = { lookups: 0, writes: 0 };
  const apiKey = new Proxy(prisma.apiKey, {
    get(model, method) {
      const member: unknown = Reflect.get(model, method, model);
      if (typeof member !== 'function') return member;
      if (method !== 'findUnique' && method !== 'update') return member.bind(model);
      return (...args: unknown[]) => {
        if (method === 'findUnique') counter.lookups++;
        else counter.writes++;
        return member.apply(model, args);
      };
    },
  });
  const counted = new Proxy(prisma, {
    get(target, property) {
      if (property === 'apiKey') return apiKey;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { prisma: counted, counter };
}

interface Instance {
  core: CoreDeps;
  lookups: () => number;
  /** Key rows written (lastUsedAt, revokedAt). */
  keyWrites: () => number;
  /** Status of `GET /api/v1/ooo-sessions` with the key. */
  list(key: string): Promise<number>;
  /** Status of `sessions.list` over tRPC with the key. */
  listOverTrpc(key: string): Promise<number>;
  /** The operator revokes the key through this instance (admin token, as the CLI does). */
  revoke(keyId: string): Promise<void>;
  close(): Promise<void>;
}

async function startInstance(database: TestDatabase, cacheOptions: ApiKeyCacheOptions): Promise<Instance> {
  const { prisma, counter } = countingKeyQueries(database.prisma);
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-outbox-'));
  const mailer = createMailTransport({ outboxDir });
  const core: CoreDeps = {
    prisma,
    clock: fixedClock(BASE_NOW),
    rateLimiter: new InMemoryRateLimiter(),
    mailer,
    apiKeyCache: new ApiKeyCache(cacheOptions),
  };
  const app: FastifyInstance = await buildServer({
    ...core,
    adminToken: ADMIN_TOKEN,
    logLevel: 'silent',
    pingDatabase: async () => {},
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  return {
    core,
    lookups: () => counter.lookups,
    keyWrites: () => counter.writes,
    async list(key) {
      const response = await fetch(`${baseUrl}${LIST}`, { headers: bearer(key) });
      await response.arrayBuffer();
      return response.status;
    },
    async listOverTrpc(key) {
      return (await callTrpc(baseUrl, 'query', 'sessions.list', {}, bearer(key))).status;
    },
    async revoke(keyId) {
      const revoked = await callTrpc(
        baseUrl,
        'mutation',
        'admin.keys.revoke',
        { id: keyId },
        { 'x-drift-admin-token': ADMIN_TOKEN },
      );
      expect(revoked.status).toBe(200);
    },
    async close() {
      try {
        await app.close();
      } finally {
        mailer.close();
        await rm(outboxDir, { recursive: true, force: true });
      }
    },
  };
}

/** Polls until `instance` answers `expected` with the key; the time it took, in ms. */
async function msUntil(
  instance: Instance,
  key: string,
  expected: number,
  timeoutMs = 5_000,
): Promise<number> {
  const started = performance.now();
  for (;;) {
    if ((await instance.list(key)) === expected) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`no ${expected} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('two instances sharing Redis', () => {
  const clients: Redis[] = [];
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    const channel = `drift:test:api-key-invalidation:${randomUUID()}`;
    const instances: Instance[] = [];
    for (let i = 0; i < 2; i++) {
      const client = createRedisClient(TEST_REDIS_URL, { commandTimeoutMs: 2_000 });
      const subscriber = createInvalidationSubscriber(client);
      clients.push(subscriber, client);
      expect(await waitForRedis(client, 5_000), `Redis at ${TEST_REDIS_URL}`).toBe(true);
      const broadcast = new RedisKeyInvalidation(client, subscriber, { channel });
      instances.push(await startInstance(database, { broadcast }));
      for (let wait = 0; !broadcast.listening; wait++) {
        if (wait > 500) throw new Error('not subscribed to invalidations');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    [a, b] = instances as [Instance, Instance];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await Promise.all(clients.map((client) => closeRedisClient(client)));
  });

  it('answer 100 requests with one key lookup, over REST and tRPC alike', async () => {
    const tenant = await buildTenant(database.prisma);
    const before = { lookups: a.lookups(), writes: a.keyWrites() };
    for (let i = 0; i < 100; i++) {
      expect(await (i % 2 === 0 ? a.list(tenant.key) : a.listOverTrpc(tenant.key)), `request ${i + 1}`).toBe(
        200,
      );
    }
    expect(a.lookups() - before.lookups).toBe(1);
    // lastUsedAt was written once (the clock stands still), and the cache remembers it.
    expect(a.keyWrites() - before.writes).toBe(1);
    const stored = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: tenant.keyId } });
    expect(stored.lastUsedAt).toEqual(BASE_NOW);
  });

  it('a revoke through one refuses the key there at once and on the other within a second', async () => {
    const tenant = await buildTenant(database.prisma);
    expect(await a.list(tenant.key)).toBe(200);
    expect(await b.list(tenant.key)).toBe(200);
    const cached = b.lookups();
    expect(await b.list(tenant.key)).toBe(200);
    expect(b.lookups()).toBe(cached);

    await a.revoke(tenant.keyId);
    expect(await a.list(tenant.key)).toBe(401);
    expect(await msUntil(b, tenant.key, 401)).toBeLessThan(1_000);
    expect(await b.listOverTrpc(tenant.key)).toBe(401);
  });

  it('a plan change reaches both within a second, either way', async () => {
    const tenant = await buildTenant(database.prisma);
    expect(await a.list(tenant.key)).toBe(200);
    expect(await b.list(tenant.key)).toBe(200);

    await changePlan(a.core, tenant.accountId, 'free');
    expect(await a.list(tenant.key)).toBe(403);
    expect(await msUntil(b, tenant.key, 403)).toBeLessThan(1_000);

    await changePlan(b.core, tenant.accountId, 'team_growth');
    expect(await b.list(tenant.key)).toBe(200);
    expect(await msUntil(a, tenant.key, 200)).toBeLessThan(1_000);
  });
});

describe('two instances without Redis', () => {
  let now = 0;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = await startInstance(database, { now: () => now });
    b = await startInstance(database, { now: () => now });
  });
  afterEach(() => {
    now += 60_000;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a revoke through one refuses the key there at once and on the other when its entry ages out', async () => {
    const tenant = await buildTenant(database.prisma);
    expect(await a.list(tenant.key)).toBe(200);
    expect(await b.list(tenant.key)).toBe(200);

    await a.revoke(tenant.keyId);
    expect(await a.list(tenant.key)).toBe(401);
    // The other instance cannot hear of it: its entry is trusted for the local TTL, no longer.
    now += API_KEY_CACHE_LOCAL_TTL_MS - 1;
    expect(await b.list(tenant.key)).toBe(200);
    now += 1;
    expect(await b.list(tenant.key)).toBe(401);
  });

  it('a plan change applies on the other instance when its entry ages out', async () => {
    const tenant = await buildTenant(database.prisma, { plan: 'free' });
    expect(await a.list(tenant.key)).toBe(403);
    expect(await b.list(tenant.key)).toBe(403);

    await changePlan(a.core, tenant.accountId, 'team_growth');
    expect(await a.list(tenant.key)).toBe(200);
    now += API_KEY_CACHE_LOCAL_TTL_MS;
    expect(await b.list(tenant.key)).toBe(200);
  });

  it('a plan change of an unknown account is NOT_FOUND and invalidates nothing', async () => {
    const tenant = await buildTenant(database.prisma);
    expect(await a.list(tenant.key)).toBe(200);
    await expect(changePlan(a.core, 'acct_missing', 'free')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const before = a.lookups();
    expect(await a.list(tenant.key)).toBe(200);
    expect(a.lookups()).toBe(before);
  });

  it('an unknown key is looked up again once its brief negative entry ages out', async () => {
    const unknown = generateApiKey().key;
    const before = a.lookups();
    expect(await a.list(unknown)).toBe(401);
    expect(await a.list(unknown)).toBe(401);
    expect(a.lookups() - before).toBe(1);
    now += API_KEY_CACHE_UNKNOWN_TTL_MS;
    expect(await a.list(unknown)).toBe(401);
    expect(a.lookups() - before).toBe(2);
  });
});
