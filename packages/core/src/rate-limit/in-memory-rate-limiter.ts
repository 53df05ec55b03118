import { API_RATE_LIMIT, type RateLimitDecision, type RateLimiter } from './rate-limiter.ts';

/**
 * Rolling-window log: remembers the time of each accepted request in the last window, per key.
 * Exact (no fixed-window bursts at boundaries) and small: at most `limit` timestamps per key.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number = API_RATE_LIMIT.limit,
    private readonly windowMs: number = API_RATE_LIMIT.windowMs,
  ) {}

  async consume(key: string, now: Date): Promise<RateLimitDecision> {
    const t = now.getTime();
    this.sweep(t);
    const windowStart = t - this.windowMs;
    const log = (this.hits.get(key) ?? []).filter((hit) => hit > windowStart);
    const allowed = log.length < this.limit;
    if (allowed) log.push(t);
    this.hits.set(key, log);
    const oldest = log[0] ?? t;
    const freeAt = oldest + this.windowMs;
    return {
      allowed,
      limit: this.limit,
      remaining: this.limit - log.length,
      resetAt: Math.ceil(freeAt / 1000),
      retryAfter: allowed ? 0 : Math.max(1, Math.ceil((freeAt - t) / 1000)),
    };
  }

  /** Forget keys idle for a whole window so memory stays bounded by the active keys. */
  private sweep(t: number): void {
    if (t - this.lastSweep < this.windowMs) return;
    this.lastSweep = t;
    for (const [key, log] of this.hits) {
      if ((log.at(-1) ?? 0) <= t - this.windowMs) this.hits.delete(key);
    }
  }
}
