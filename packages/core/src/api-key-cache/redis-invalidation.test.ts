// Against a real Redis (TEST_REDIS_URL, by default the machine's 127.0.0.1:6379) on a channel of
// this run's own, and a throwaway redis-server for the outage.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { closeRedisClient, createRedisClient, waitForRedis } from '../rate-limit/redis-rate-limiter.ts';
import { type OwnRedis, ownRedis, TEST_REDIS_URL } from '../rate-limit/redis-test-server.ts';
import { ApiKeyCache, type StoredApiKey } from './api-key-cache.ts';
import {
  createInvalidationSubscriber,
  type InvalidationLog,
  RedisKeyInvalidation,
} from './redis-invalidation.ts';

const stored = (id: string, accountId: string): StoredApiKey => ({
  id,
  keyHash: `hash_${id}`,
  scopes: [],
  revokedAt: null,
  lastUsedAt: null,
  accountId,
  account: { plan: 'team_growth' },
});

/** Counts reads per hash. */
function keyStore(keys: StoredApiKey[]) {
  const byHash = new Map(keys.map((key) => [key.keyHash, key]));
  const store = {
    reads: 0,
    load: async (hash: string) => {
      store.reads++;
      return byHash.get(hash) ?? null;
    },
  };
  return store;
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

const opened: Redis[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => closeRedisClient(client)));
});

/** One instance's cache on `url`: its client, its subscriber, its broadcast on `channel`. */
async function instance(url: string, channel: string, log?: InvalidationLog) {
  const client = createRedisClient(url, { commandTimeoutMs: 2_000, maxReconnectDelayMs: 100 });
  const subscriber = createInvalidationSubscriber(client);
  opened.push(subscriber, client);
  expect(await waitForRedis(client, 5_000), `Redis at ${url}`).toBe(true);
  const broadcast = new RedisKeyInvalidation(client, subscriber, { channel, ...(log && { log }) });
  const cache = new ApiKeyCache({ broadcast });
  await until(() => broadcast.listening);
  return { cache, broadcast, client };
}

describe('RedisKeyInvalidation', () => {
  it("drops a revoked key from another instance's cache within milliseconds, and only there", async () => {
    const channel = `drift:test:api-key-invalidation:${randomUUID()}`;
    const a = await instance(TEST_REDIS_URL, channel);
    const b = await instance(TEST_REDIS_URL, channel);
    const store = keyStore([stored('key_1', 'acct_1'), stored('key_2', 'acct_2')]);
    for (const { cache } of [a, b]) {
      await cache.find('hash_key_1', store.load);
      await cache.find('hash_key_2', store.load);
    }
    expect(b.cache.size.known).toBe(2);

    await a.cache.invalidate({ keyId: 'key_1' });
    expect(a.cache.size.known).toBe(1);
    const elapsed = await until(() => b.cache.size.known === 1);
    expect(elapsed).toBeLessThan(1_000);
    const reads = store.reads;
    await b.cache.find('hash_key_2', store.load);
    expect(store.reads).toBe(reads);

    await b.cache.invalidate({ accountId: 'acct_2' });
    await until(() => a.cache.size.known === 0);
  });

  it('ignores other channels and malformed messages', async () => {
    const channel = `drift:test:api-key-invalidation:${randomUUID()}`;
    const warnings: string[] = [];
    const a = await instance(TEST_REDIS_URL, channel, { warn: (_fields, message) => warnings.push(message) });
    const store = keyStore([stored('key_1', 'acct_1')]);
    await a.cache.find('hash_key_1', store.load);
    await a.client.publish(`${channel}:other`, JSON.stringify({ keyId: 'key_1' }));
    await a.client.publish(channel, 'not json');
    await a.client.publish(channel, JSON.stringify({ keyHash: 'hash_key_1' }));
    await until(() => warnings.length === 2);
    expect(a.cache.size.known).toBe(1);
  });

  describe('while Redis is down', () => {
    let redis: OwnRedis | undefined;
    afterEach(async () => {
      await redis?.stop();
    });

    it('stops listening (entries fall back to the local TTL), publishes quietly, and starts over once subscribed again', async () => {
      redis = await ownRedis();
      await redis.start();
      const warnings: string[] = [];
      const a = await instance(redis.url, 'drift:api-key-invalidation', {
        warn: (_fields, message) => warnings.push(message),
      });
      const store = keyStore([stored('key_1', 'acct_1')]);
      await a.cache.find('hash_key_1', store.load);

      await redis.stop();
      await until(() => !a.broadcast.listening);
      // Publishing fails quietly: the revoke itself is already done.
      await a.cache.invalidate({ keyId: 'key_1' });
      expect(warnings.some((w) => w.includes('could not publish'))).toBe(true);

      await a.cache.find('hash_key_1', store.load);
      expect(a.cache.size.known).toBe(1);
      await redis.start();
      await until(() => a.broadcast.listening);
      // Messages sent meanwhile may have been missed: the cache starts over.
      expect(a.cache.size.known).toBe(0);
    });
  });
});
