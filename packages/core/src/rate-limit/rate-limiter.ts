export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds at which the window has room again for at least one more request. */
  resetAt: number;
  /** Seconds until a refused request may be retried; 0 when allowed. */
  retryAfter: number;
}

export interface RateLimiter {
  consume(key: string, now: Date): Promise<RateLimitDecision>;
}

export const API_RATE_LIMIT = { limit: 100, windowMs: 60_000 } as const;
