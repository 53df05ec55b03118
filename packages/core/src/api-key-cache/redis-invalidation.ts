import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { InvalidationBroadcast, InvalidationListener, KeyInvalidation } from './api-key-cache.ts';

/** The channel every instance's API key cache listens on. */
export const API_KEY_INVALIDATION_CHANNEL = 'drift:api-key-invalidation';

const invalidationMessage = z.union([
  z.strictObject({ keyId: z.string().min(1) }),
  z.strictObject({ accountId: z.string().min(1) }),
]);

export interface InvalidationLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RedisInvalidationOptions {
  channel?: string;
  log?: InvalidationLog;
}

/**
 * The connection an instance listens for invalidations on: a subscribed ioredis connection can
 * run no other command, so it is a copy of `redis` of its own. It subscribes itself after every
 * (re)connection (see `RedisKeyInvalidation`), and never queues commands while disconnected.
 */
export function createInvalidationSubscriber(redis: Redis): Redis {
  const subscriber = redis.duplicate({
    connectionName: 'drift-api-key-invalidation',
    autoResubscribe: false,
    enableOfflineQueue: false,
  });
  subscriber.on('error', () => {
    // The cache falls back to its short TTL while unsubscribed; nothing to print per attempt.
  });
  return subscriber;
}

/**
 * Invalidations over Redis pub/sub: published on `publisher` (the instance's ordinary client),
 * received on `subscriber`. Messages sent while an instance was disconnected are lost to it, so
 * it is `listening` only once subscribed again, and then forgets everything it cached.
 */
export class RedisKeyInvalidation implements InvalidationBroadcast {
  readonly channel: string;
  private subscribed = false;
  private readonly log: InvalidationLog | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    options: RedisInvalidationOptions = {},
  ) {
    this.channel = options.channel ?? API_KEY_INVALIDATION_CHANNEL;
    this.log = options.log;
  }

  get listening(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  listen(listener: InvalidationListener): void {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      const message = parseMessage(text);
      if (message) listener.drop(message);
      else this.log?.warn({ channel }, 'api key cache: ignored a malformed invalidation message');
    });
    this.subscriber.on('close', () => {
      this.subscribed = false;
    });
    const subscribe = () => {
      this.subscriber.subscribe(this.channel).then(
        () => {
          this.subscribed = true;
          listener.resync();
        },
        (error: unknown) =>
          this.log?.warn(
            { err: error instanceof Error ? error.message : String(error) },
            'api key cache: could not subscribe to invalidations; short TTL until it can',
          ),
      );
    };
    this.subscriber.on('ready', subscribe);
    if (this.subscriber.status === 'ready') subscribe();
  }

  /** Never throws: the change is already in the database, and the other instances' TTL still bounds it. */
  async publish(invalidation: KeyInvalidation): Promise<void> {
    try {
      await this.publisher.publish(this.channel, JSON.stringify(invalidation));
    } catch (error) {
      this.log?.warn(
        { err: error instanceof Error ? error.message : String(error), ...invalidation },
        'api key cache: could not publish an invalidation; other instances keep the key until their TTL',
      );
    }
  }
}

function parseMessage(text: string): KeyInvalidation | null {
  try {
    const parsed = invalidationMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
