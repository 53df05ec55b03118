import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { API_RATE_LIMIT, type RateLimitDecision, type RateLimiter } from './rate-limiter.ts';

/** Every key the limiter writes starts with this, so that it can share a Redis with other data. */
export const RATE_LIMIT_KEY_PREFIX = 'drift:rl:';

/**
 * The rolling-window log of `InMemoryRateLimiter`, kept in one sorted set per key (score = time of
 * an accepted request in ms) and checked and updated in one atomic step, so that any number of
 * server instances share exactly `limit` requests per rolling window.
 *
 * KEYS[1] the key; ARGV: now (ms), window (ms), limit, a member unique to this request.
 * Returns { allowed (0|1), requests in the window after this one, oldest request's time (ms) }.
 * Refused requests are not recorded: they do not push the window further out.
 */
const SLIDING_LOG_SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', key, window)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local oldestAt = now
if oldest[2] then oldestAt = tonumber(oldest[2]) end
return { allowed, count, oldestAt }
`;

const COMMAND = 'driftRateLimitConsume';

type ConsumeCommand = (
  key: string,
  now: number,
  windowMs: number,
  limit: number,
  member: string,
) => Promise<[number, number, number]>;

export interface RedisRateLimiterOptions {
  limit?: number;
  windowMs?: number;
  /** Defaults to `drift:rl:`. */
  prefix?: string;
}

/**
 * A rate limiter whose state lives in Redis: an exact rolling window shared by every instance that
 * talks to the same Redis. It throws when Redis fails or times out; wrap it in a
 * `FailoverRateLimiter` to keep serving through an outage.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly prefix: string;
  private readonly run: ConsumeCommand;

  constructor(redis: Redis, options: RedisRateLimiterOptions = {}) {
    this.limit = options.limit ?? API_RATE_LIMIT.limit;
    this.windowMs = options.windowMs ?? API_RATE_LIMIT.windowMs;
    this.prefix = options.prefix ?? RATE_LIMIT_KEY_PREFIX;
    // EVALSHA, falling back to EVAL when the server does not know the script yet (e.g. after a restart).
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: SLIDING_LOG_SCRIPT });
    const command = (redis as unknown as Record<string, ConsumeCommand>)[COMMAND];
    if (!command) throw new Error('could not define the rate limit script on the Redis client');
    this.run = command.bind(redis);
  }

  /** The Redis key that holds the log of `key`. */
  keyFor(key: string): string {
    return `${this.prefix}${key}`;
  }

  async consume(key: string, now: Date): Promise<RateLimitDecision> {
    const t = now.getTime();
    const [allowed, count, oldest] = await this.run(
      this.keyFor(key),
      t,
      this.windowMs,
      this.limit,
      `${t}:${randomUUID()}`,
    );
    const freeAt = Number(oldest) + this.windowMs;
    return {
      allowed: allowed === 1,
      limit: this.limit,
      remaining: Math.max(0, this.limit - Number(count)),
      resetAt: Math.ceil(freeAt / 1000),
      retryAfter: allowed === 1 ? 0 : Math.max(1, Math.ceil((freeAt - t) / 1000)),
    };
  }
}

export interface RedisClientOptions {
  /** Bound on each command, in ms (ioredis `commandTimeout`). */
  commandTimeoutMs?: number;
  /** Longest wait between two reconnection attempts, in ms. */
  maxReconnectDelayMs?: number;
}

/**
 * An ioredis client set up for a rate limiter that must never hold a request up: commands fail at
 * once while disconnected (no offline queue) or after `commandTimeoutMs`, and the client keeps
 * reconnecting in the background with a capped exponential backoff. Connection errors are not
 * thrown or printed here: the `FailoverRateLimiter` notices them on the next call and logs.
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const { commandTimeoutMs = 200, maxReconnectDelayMs = 2_000 } = options;
  const redisOptions: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxReconnectDelayMs),
    connectionName: 'drift-rate-limit',
  };
  const client = new Redis(url, redisOptions);
  client.on('error', () => {
    // Reported through the limiter's failures; an unhandled 'error' event would be printed by ioredis.
  });
  return client;
}

/** Resolves true once the client is ready, or false after `timeoutMs`; never throws. */
export async function waitForRedis(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true;
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    client.on('ready', onReady);
  });
}

/** Closes the connection politely when Redis answers, at once otherwise; never throws. */
export async function closeRedisClient(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    const quit = client.quit().then(
      () => true,
      () => false,
    );
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const quitted = await Promise.race([quit, timeout]);
    clearTimeout(timer);
    if (quitted) return;
  }
  client.disconnect();
}
