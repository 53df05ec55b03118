import type { RateLimitDecision, RateLimiter } from './rate-limiter.ts';

/** The two levels the failover logs at; a pino/Fastify logger fits as is. */
export interface RateLimitLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface FailoverOptions {
  /** Longest wait for the primary on one request before answering from the fallback, in ms. */
  timeoutMs?: number;
  /** While the primary is down, how often one request tries it again, in ms (the others skip it). */
  retryIntervalMs?: number;
  /** Monotonic milliseconds; tests may replace it. */
  monotonicNow?: () => number;
}

class PrimaryTimeout extends Error {
  override name = 'PrimaryTimeout';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Shared limits when the primary (Redis) answers, in-process limits when it does not: the API keeps
 * serving through an outage (fail open, but never without a limit) and goes back to the primary by
 * itself once it answers again. One warning when an outage starts, one info line when it ends.
 *
 * The fallback also records every request the primary accepted, so that when an outage starts this
 * instance's in-process window already knows what it itself served in the current window.
 */
export class FailoverRateLimiter implements RateLimiter {
  private readonly timeoutMs: number;
  private readonly retryIntervalMs: number;
  private readonly monotonicNow: () => number;
  private down = false;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private downSince = 0;
  private servedByFallback = 0;

  constructor(
    private readonly primary: RateLimiter,
    private readonly fallback: RateLimiter,
    private readonly log: RateLimitLog,
    options: FailoverOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 200;
    this.retryIntervalMs = options.retryIntervalMs ?? 1_000;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
  }

  /** True while the primary is considered unavailable. */
  get degraded(): boolean {
    return this.down;
  }

  async consume(key: string, now: Date): Promise<RateLimitDecision> {
    if (this.down && this.monotonicNow() - this.lastAttempt < this.retryIntervalMs) {
      return this.fromFallback(key, now);
    }
    this.lastAttempt = this.monotonicNow();
    let decision: RateLimitDecision;
    try {
      decision = await this.withTimeout(this.primary.consume(key, now));
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.downSince = this.monotonicNow();
        this.servedByFallback = 0;
        this.log.warn(
          { err: describe(error), keyId: key },
          'rate limiter: Redis unavailable, using in-process limits until it answers again',
        );
      }
      return this.fromFallback(key, now);
    }
    if (this.down) {
      this.down = false;
      this.log.info(
        {
          outageMs: Math.round(this.monotonicNow() - this.downSince),
          servedByFallback: this.servedByFallback,
        },
        'rate limiter: Redis answers again, shared limits restored',
      );
    }
    if (decision.allowed) await this.fallback.consume(key, now);
    return decision;
  }

  private async fromFallback(key: string, now: Date): Promise<RateLimitDecision> {
    this.servedByFallback++;
    return this.fallback.consume(key, now);
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PrimaryTimeout(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    // A late rejection of the abandoned call must not surface as an unhandled rejection.
    promise.catch(() => {});
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
