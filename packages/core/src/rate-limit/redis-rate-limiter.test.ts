// Against a real Redis (TEST_REDIS_URL, by default the machine's 127.0.0.1:6379); every key is new.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRedisClient, createRedisClient, RedisRateLimiter, waitForRedis } from './redis-rate-limiter.ts';
import { freePort, TEST_REDIS_URL } from './redis-test-server.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const T0 = at(0).getTime();
const newKey = () => `key_test_${randomUUID()}`;

let first: Redis;
let second: Redis;

beforeAll(async () => {
  // Two clients: two server instances, each with its own connection.
  first = createRedisClient(TEST_REDIS_URL, { commandTimeoutMs: 2_000 });
  second = createRedisClient(TEST_REDIS_URL, { commandTimeoutMs: 2_000 });
  expect(await waitForRedis(first, 5_000), `Redis at ${TEST_REDIS_URL}`).toBe(true);
  expect(await waitForRedis(second, 5_000), `Redis at ${TEST_REDIS_URL}`).toBe(true);
});
afterAll(async () => {
  await Promise.all([first && closeRedisClient(first), second && closeRedisClient(second)]);
});

describe('RedisRateLimiter', () => {
  it('counts down from 99 to 0, refuses the 101st, and takes Retry-After from the oldest hit', async () => {
    const limiter = new RedisRateLimiter(first);
    const key = newKey();
    const remaining: number[] = [];
    for (let i = 0; i < 100; i++) {
      const decision = await limiter.consume(key, at(i * 100));
      expect(decision.allowed).toBe(true);
      expect(decision.resetAt).toBe((T0 + 60_000) / 1000);
      remaining.push(decision.remaining);
    }
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    // The oldest hit (t=0) leaves the window at t=60 s; the refusal comes at t=20 s.
    expect(await limiter.consume(key, at(20_000))).toEqual({
      allowed: false,
      limit: 100,
      remaining: 0,
      resetAt: (T0 + 60_000) / 1000,
      retryAfter: 40,
    });
  });

  it('is a rolling window: room comes back as each old hit ages out, driven by `now`', async () => {
    const limiter = new RedisRateLimiter(first, { limit: 2, windowMs: 10_000 });
    const key = newKey();
    await limiter.consume(key, at(0));
    await limiter.consume(key, at(5_000));
    expect(await limiter.consume(key, at(9_999))).toMatchObject({ allowed: false, retryAfter: 1 });
    expect(await limiter.consume(key, at(10_000))).toMatchObject({
      allowed: true,
      remaining: 0,
      resetAt: (T0 + 15_000) / 1000,
    });
    expect(await limiter.consume(key, at(14_999))).toMatchObject({ allowed: false, retryAfter: 1 });
    expect((await limiter.consume(key, at(15_000))).allowed).toBe(true);
  });

  it('keeps a separate budget per key', async () => {
    const limiter = new RedisRateLimiter(first, { limit: 1 });
    const [a, b] = [newKey(), newKey()];
    expect((await limiter.consume(a, at(0))).allowed).toBe(true);
    expect((await limiter.consume(a, at(1))).allowed).toBe(false);
    expect((await limiter.consume(b, at(2))).allowed).toBe(true);
  });

  it('does not count refused requests against the budget, and rounds Retry-After up', async () => {
    const limiter = new RedisRateLimiter(first, { limit: 1, windowMs: 1_000 });
    const key = newKey();
    await limiter.consume(key, at(0));
    for (let i = 1; i < 50; i++) await limiter.consume(key, at(i));
    expect((await limiter.consume(key, at(999))).retryAfter).toBe(1);
    expect((await limiter.consume(key, at(1_000))).allowed).toBe(true);
  });

  it('two instances (two connections) share exactly 100 per window under 150 concurrent requests', async () => {
    const one = new RedisRateLimiter(first);
    const two = new RedisRateLimiter(second);
    const key = newKey();
    const decisions = await Promise.all(
      Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? one : two).consume(key, at(i))),
    );
    const allowed = decisions.filter((d) => d.allowed);
    expect(allowed).toHaveLength(100);
    // Each accepted request saw a different count: the check and the write were atomic.
    expect(new Set(allowed.map((d) => d.remaining)).size).toBe(100);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.remaining === 0 && d.retryAfter > 0)).toBe(
      true,
    );
    // And the budget is spent for either instance until the window moves on.
    expect((await one.consume(key, at(59_999))).allowed).toBe(false);
    expect((await two.consume(key, at(59_999))).allowed).toBe(false);
    expect((await two.consume(key, at(60_000))).allowed).toBe(true);
  });

  it('keeps its state under drift:rl:<key>, expiring after a window without requests', async () => {
    const limiter = new RedisRateLimiter(first, { windowMs: 5_000 });
    const key = newKey();
    await limiter.consume(key, at(0));
    await limiter.consume(key, at(1));
    expect(limiter.keyFor(key)).toBe(`drift:rl:${key}`);
    expect(await first.zcard(`drift:rl:${key}`)).toBe(2);
    const ttl = await first.pttl(`drift:rl:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('fails fast (it does not queue) when Redis cannot be reached', async () => {
    const port = await freePort(); // nothing listens there
    const client = createRedisClient(`redis://127.0.0.1:${port}`);
    try {
      const limiter = new RedisRateLimiter(client);
      const started = performance.now();
      await expect(limiter.consume(newKey(), at(0))).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await closeRedisClient(client);
    }
  });
});
