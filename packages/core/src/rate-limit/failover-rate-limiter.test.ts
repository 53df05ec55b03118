import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FailoverRateLimiter, type RateLimitLog } from './failover-rate-limiter.ts';
import { InMemoryRateLimiter } from './in-memory-rate-limiter.ts';
import type { RateLimitDecision, RateLimiter } from './rate-limiter.ts';
import { closeRedisClient, createRedisClient, RedisRateLimiter, waitForRedis } from './redis-rate-limiter.ts';
import { type OwnRedis, ownRedis } from './redis-test-server.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

interface LogEntry {
  level: 'warn' | 'info';
  fields: Record<string, unknown>;
  message: string;
}

function recordingLog(): RateLimitLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
  };
}

/** A primary that answers "allowed, remaining 42" or fails (or hangs), as the test says. */
function switchablePrimary() {
  let mode: 'up' | 'error' | 'hang' = 'up';
  let calls = 0;
  const limiter: RateLimiter = {
    async consume(): Promise<RateLimitDecision> {
      calls++;
      if (mode === 'error') throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      if (mode === 'hang') return new Promise(() => {});
      return { allowed: true, limit: 100, remaining: 42, resetAt: 0, retryAfter: 0 };
    },
  };
  return {
    limiter,
    set: (next: typeof mode) => {
      mode = next;
    },
    calls: () => calls,
  };
}

describe('FailoverRateLimiter', () => {
  it('answers from the primary while it is up', async () => {
    const primary = switchablePrimary();
    const log = recordingLog();
    const limiter = new FailoverRateLimiter(primary.limiter, new InMemoryRateLimiter(), log);
    expect((await limiter.consume('k', at(0))).remaining).toBe(42);
    expect(log.entries).toEqual([]);
    expect(limiter.degraded).toBe(false);
  });

  it('on errors answers from the in-process limit, warns once per outage, and recovers by itself', async () => {
    const primary = switchablePrimary();
    const log = recordingLog();
    let clock = 0;
    const limiter = new FailoverRateLimiter(primary.limiter, new InMemoryRateLimiter(3, 60_000), log, {
      retryIntervalMs: 1_000,
      monotonicNow: () => clock,
    });
    // One request accepted by the primary is already known to the in-process window.
    await limiter.consume('k', at(0));
    primary.set('error');
    const during: RateLimitDecision[] = [];
    for (let i = 1; i <= 4; i++) during.push(await limiter.consume('k', at(i)));
    // Fail open, but within the in-process limit of 3 per window.
    expect(during.map((d) => d.allowed)).toEqual([true, true, false, false]);
    expect(during[2]).toMatchObject({ limit: 3, remaining: 0, retryAfter: 60 });
    expect(limiter.degraded).toBe(true);
    // Within the retry interval the primary is not asked again.
    expect(primary.calls()).toBe(2);
    expect(log.entries.map((e) => e.level)).toEqual(['warn']);
    expect(log.entries[0]?.fields).toMatchObject({ err: 'connect ECONNREFUSED 127.0.0.1:6379', keyId: 'k' });

    clock += 1_000; // next probe: still down, no second warning
    expect((await limiter.consume('other', at(10))).allowed).toBe(true);
    expect(primary.calls()).toBe(3);
    expect(log.entries).toHaveLength(1);

    primary.set('up');
    clock += 500; // too early for a probe
    expect((await limiter.consume('other', at(11))).remaining).not.toBe(42);
    clock += 500;
    expect((await limiter.consume('other', at(12))).remaining).toBe(42);
    expect(limiter.degraded).toBe(false);
    expect(log.entries.map((e) => e.level)).toEqual(['warn', 'info']);
    expect(log.entries[1]?.fields).toMatchObject({ servedByFallback: 6 });
    expect((await limiter.consume('other', at(13))).remaining).toBe(42);
    expect(log.entries).toHaveLength(2);
  });

  it('bounds the wait for a primary that does not answer', async () => {
    const primary = switchablePrimary();
    primary.set('hang');
    const log = recordingLog();
    const limiter = new FailoverRateLimiter(primary.limiter, new InMemoryRateLimiter(), log, {
      timeoutMs: 100,
    });
    const started = performance.now();
    const decision = await limiter.consume('k', at(0));
    const elapsed = performance.now() - started;
    expect(decision).toMatchObject({ allowed: true, remaining: 99 });
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1_000);
    expect(log.entries[0]).toMatchObject({ level: 'warn', fields: { err: 'no answer within 100 ms' } });
  });

  describe('with a real Redis that is stopped and started again', () => {
    let redis: OwnRedis | undefined;
    afterAll(async () => {
      await redis?.stop();
    });

    it('keeps serving while Redis is down and goes back to it once it answers', async () => {
      redis = await ownRedis();
      await redis.start();
      const client = createRedisClient(redis.url, { maxReconnectDelayMs: 200, commandTimeoutMs: 1_000 });
      try {
        expect(await waitForRedis(client, 5_000)).toBe(true);
        const log = recordingLog();
        const shared = new RedisRateLimiter(client, { limit: 5 });
        const limiter = new FailoverRateLimiter(shared, new InMemoryRateLimiter(5, 60_000), log, {
          retryIntervalMs: 50,
          timeoutMs: 1_000,
        });
        const key = `key_${randomUUID()}`;
        const other = `key_${randomUUID()}`;
        for (let i = 0; i < 2; i++) expect((await limiter.consume(key, at(i))).allowed).toBe(true);
        expect(await client.zcard(shared.keyFor(key))).toBe(2);

        await redis.stop();
        const during: boolean[] = [];
        for (let i = 2; i < 8; i++) during.push((await limiter.consume(key, at(i))).allowed);
        // 2 served through Redis + 3 in-process = the 5 of the window; then refusals.
        expect(during).toEqual([true, true, true, false, false, false]);
        expect(log.entries.map((e) => e.level)).toEqual(['warn']);

        await redis.start(); // empty: no persistence
        let recovered = false;
        for (let attempt = 0; attempt < 100 && !recovered; attempt++) {
          await new Promise((resolve) => setTimeout(resolve, 60));
          await limiter.consume(other, at(100 + attempt));
          recovered = !limiter.degraded;
        }
        expect(recovered).toBe(true);
        expect(log.entries.map((e) => e.level)).toEqual(['warn', 'info']);
        // Its keys appear in the restarted Redis again.
        expect(await client.zcard(shared.keyFor(other))).toBeGreaterThanOrEqual(1);
        expect(await limiter.consume(key, at(200))).toMatchObject({ allowed: true, remaining: 4 });
        expect(await client.zcard(shared.keyFor(key))).toBe(1);
      } finally {
        await closeRedisClient(client);
      }
    });
  });
});
