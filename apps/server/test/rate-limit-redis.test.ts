// The rate limit kept in Redis: two real server instances on one database share one budget per
// key, and an instance keeps serving (on its in-process limit) while Redis is down.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildTenant } from '@drift/api/testing';
import {
  closeRedisClient,
  createRedisClient,
  FailoverRateLimiter,
  InMemoryRateLimiter,
  type RateLimiter,
  type RateLimitLog,
  RedisRateLimiter,
  waitForRedis,
} from '@drift/core';
import { createTestDatabase, type TestDatabase } from '@drift/db/testing';
import { fixedClock, type ManualClock } from '@drift/domain';
import { createMailTransport } from '@drift/mail';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Shared with the limiter's own tests: a throwaway redis-server child this suite may stop.
import {
  type OwnRedis,
  ownRedis,
  TEST_REDIS_URL,
} from '../../../packages/core/src/rate-limit/redis-test-server.ts';
import { buildServer } from '../src/app.ts';
import { ADMIN_TOKEN, BASE_NOW, type LogLine } from './support/server.ts';

const LIST = '/api/v1/ooo-sessions';

interface Instance {
  app: FastifyInstance;
  baseUrl: string;
  clock: ManualClock;
  logs: () => LogLine[];
  rawLogs: string[];
  get(key: string): Promise<Response>;
  close(): Promise<void>;
}

/** A listening server on `database`, as main.ts builds it, with the given limiter. */
async function startInstance(
  database: TestDatabase,
  makeLimiter: (log: RateLimitLog) => RateLimiter,
): Promise<Instance> {
  const rawLogs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line.trim()) rawLogs.push(line);
      callback();
    },
  });
  let app: FastifyInstance | undefined;
  const log: RateLimitLog = {
    warn: (fields, message) => app?.log.warn(fields, message),
    info: (fields, message) => app?.log.info(fields, message),
  };
  const outboxDir = await mkdtemp(join(tmpdir(), 'drift-outbox-'));
  const mailer = createMailTransport({ outboxDir });
  const clock = fixedClock(BASE_NOW);
  const started = await buildServer({
    prisma: database.prisma,
    clock,
    rateLimiter: makeLimiter(log),
    adminToken: ADMIN_TOKEN,
    mailer,
    logLevel: 'info',
    logStream,
    pingDatabase: async () => {},
  });
  app = started;
  const baseUrl = await started.listen({ port: 0, host: '127.0.0.1' });
  return {
    app: started,
    baseUrl,
    clock,
    rawLogs,
    logs: () => rawLogs.map((line) => JSON.parse(line) as LogLine),
    get: (key) => fetch(`${baseUrl}${LIST}`, { headers: { authorization: `Bearer ${key}` } }),
    async close() {
      try {
        await started.close();
      } finally {
        mailer.close();
        await rm(outboxDir, { recursive: true, force: true });
      }
    },
  };
}

async function drain(response: Response) {
  await response.arrayBuffer();
  return response;
}

describe('two server instances on one Redis', () => {
  let database: TestDatabase;
  const clients: Redis[] = [];
  const instances: Instance[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const client = createRedisClient(TEST_REDIS_URL, { commandTimeoutMs: 2_000 });
      clients.push(client);
      expect(await waitForRedis(client, 5_000), `Redis at ${TEST_REDIS_URL}`).toBe(true);
      instances.push(await startInstance(database, () => new RedisRateLimiter(client)));
    }
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    for (const client of clients) await closeRedisClient(client);
    await database?.close();
  });

  it('allow exactly 100 requests per key between them, then both refuse with Retry-After', async () => {
    const [a, b] = instances as [Instance, Instance];
    const tenant = await buildTenant(database.prisma);
    const remaining: number[] = [];
    for (let i = 0; i < 100; i++) {
      const response = await drain(await (i % 2 === 0 ? a : b).get(tenant.key));
      expect(response.status, `request ${i + 1}`).toBe(200);
      remaining.push(Number(response.headers.get('x-ratelimit-remaining')));
    }
    // One countdown across both instances.
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));

    for (const instance of [a, b]) {
      const refused = await instance.get(tenant.key);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(refused.headers.get('x-ratelimit-reset')).toBe(String(BASE_NOW.getTime() / 1000 + 60));
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMIT_EXCEEDED');
    }

    // 45 s later the wait is 15 s, on either instance; a minute after the first hit there is room again.
    a.clock.advance(45_000);
    b.clock.advance(45_000);
    const later = await drain(await b.get(tenant.key));
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('15');
    a.clock.advance(15_000);
    b.clock.advance(15_000);
    expect((await drain(await a.get(tenant.key))).status).toBe(200);
    a.clock.set(BASE_NOW);
    b.clock.set(BASE_NOW);
  });

  it('allow exactly 100 of 150 concurrent requests split across both', async () => {
    const tenant = await buildTenant(database.prisma);
    const responses = await Promise.all(
      Array.from({ length: 150 }, async (_, i) =>
        drain(await (instances[i % 2] as Instance).get(tenant.key)),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(100);
    expect(statuses.filter((status) => status === 429)).toHaveLength(50);
    // Refusals came from both instances.
    expect(new Set(responses.flatMap((r, i) => (r.status === 429 ? [i % 2] : [])))).toEqual(new Set([0, 1]));
  });
});

describe('Redis stopped and started again under load', () => {
  let database: TestDatabase;
  let redis: OwnRedis;
  let client: Redis;
  let shared: RedisRateLimiter;
  let failover: FailoverRateLimiter;
  let instance: Instance;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await ownRedis();
    await redis.start();
    // Generous bounds: a stopped Redis fails fast anyway, and a busy CI must not fake an outage.
    client = createRedisClient(redis.url, { maxReconnectDelayMs: 200, commandTimeoutMs: 1_000 });
    expect(await waitForRedis(client, 5_000)).toBe(true);
    shared = new RedisRateLimiter(client);
    instance = await startInstance(database, (log) => {
      failover = new FailoverRateLimiter(shared, new InMemoryRateLimiter(), log, {
        retryIntervalMs: 100,
        timeoutMs: 1_000,
      });
      return failover;
    });
  });
  afterAll(async () => {
    await instance?.close();
    if (client) await closeRedisClient(client);
    await redis?.stop();
    await database?.close();
  });

  const outageWarnings = () =>
    instance.logs().filter((line) => line.level === 40 && line.msg.includes('Redis unavailable'));
  const recoveries = () =>
    instance.logs().filter((line) => line.level === 30 && line.msg.includes('Redis answers again'));

  it('keeps serving within the in-process limit, warns once, and uses Redis again once it is back', async () => {
    const tenant = await buildTenant(database.prisma);
    const redisKey = shared.keyFor(tenant.keyId);

    for (let i = 0; i < 20; i++) expect((await drain(await instance.get(tenant.key))).status).toBe(200);
    expect(await client.zcard(redisKey)).toBe(20);
    expect(outageWarnings()).toHaveLength(0);

    // Redis dies while 10 requests are in flight: none of them fails.
    const inFlight = Array.from({ length: 10 }, async () => drain(await instance.get(tenant.key)));
    await redis.stop();
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual(Array(10).fill(200));

    const during: number[] = [];
    for (let i = 0; i < 75; i++) during.push((await drain(await instance.get(tenant.key))).status);
    // Fail open, but the in-process window still holds this instance to 100 a minute.
    expect(during.filter((status) => status === 200).length).toBe(70);
    expect(during.slice(70)).toEqual([429, 429, 429, 429, 429]);
    expect(failover.degraded).toBe(true);
    expect(outageWarnings()).toHaveLength(1);
    expect(recoveries()).toHaveLength(0);

    await redis.start(); // empty: it keeps nothing on disk
    const other = await buildTenant(database.prisma);
    let back = false;
    for (let attempt = 0; attempt < 100 && !back; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await drain(await instance.get(other.key))).status).toBe(200);
      back = !failover.degraded;
    }
    expect(back, 'the limiter went back to Redis').toBe(true);
    expect(recoveries()).toHaveLength(1);
    expect(outageWarnings()).toHaveLength(1);
    // Its keys appear in Redis again.
    expect(await client.zcard(shared.keyFor(other.keyId))).toBeGreaterThanOrEqual(1);
    expect(await client.exists(redisKey)).toBe(0);
    expect((await drain(await instance.get(tenant.key))).status).toBe(200);
    expect(await client.zcard(redisKey)).toBe(1);

    // The log names the key id at most, never the key itself.
    expect(instance.rawLogs.some((line) => line.includes(tenant.key))).toBe(false);
  });
});
