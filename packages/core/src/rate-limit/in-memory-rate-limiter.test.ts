import { describe, expect, it } from 'vitest';
import { InMemoryRateLimiter } from './in-memory-rate-limiter.ts';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
const T0 = at(0).getTime();

describe('InMemoryRateLimiter', () => {
  it('counts down from the limit and refuses the request after it', async () => {
    const limiter = new InMemoryRateLimiter(3, 60_000);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('k', at(i * 1000)));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    // The oldest hit (t=0) leaves the window at t=60 s; the refusal came at t=3 s.
    expect(decisions[3]).toMatchObject({ limit: 3, retryAfter: 57, resetAt: (T0 + 60_000) / 1000 });
  });

  it('is a rolling window: room comes back as each old request ages out, not all at once', async () => {
    const limiter = new InMemoryRateLimiter(2, 10_000);
    await limiter.consume('k', at(0));
    await limiter.consume('k', at(5_000));
    expect((await limiter.consume('k', at(9_999))).allowed).toBe(false);
    expect(await limiter.consume('k', at(10_000))).toMatchObject({ allowed: true, remaining: 0 });
    expect((await limiter.consume('k', at(14_999))).allowed).toBe(false);
    expect((await limiter.consume('k', at(15_000))).allowed).toBe(true);
  });

  it('keeps a separate budget per key', async () => {
    const limiter = new InMemoryRateLimiter(1, 60_000);
    expect((await limiter.consume('a', at(0))).allowed).toBe(true);
    expect((await limiter.consume('a', at(1))).allowed).toBe(false);
    expect((await limiter.consume('b', at(2))).allowed).toBe(true);
  });

  it('does not count refused requests against the budget', async () => {
    const limiter = new InMemoryRateLimiter(1, 1_000);
    await limiter.consume('k', at(0));
    for (let i = 1; i < 50; i++) await limiter.consume('k', at(i));
    expect((await limiter.consume('k', at(1_000))).allowed).toBe(true);
  });

  it('rounds Retry-After up and never answers 0 seconds on a refusal', async () => {
    const limiter = new InMemoryRateLimiter(1, 1_000);
    await limiter.consume('k', at(0));
    expect((await limiter.consume('k', at(999))).retryAfter).toBe(1);
    expect((await limiter.consume('k', at(1))).retryAfter).toBe(1);
  });
});
