/** What API key authentication reads of a stored key; the cache holds exactly this. */
export interface StoredApiKey {
  id: string;
  keyHash: string;
  scopes: string[];
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  accountId: string;
  account: { plan: string };
}

/** Which cached keys a change makes stale: one key (revoked, deleted) or all of an account's (plan). */
export type KeyInvalidation = { keyId: string } | { accountId: string };

/** What a broadcast delivers to the cache it serves. */
export interface InvalidationListener {
  /** Another instance invalidated keys. */
  drop(invalidation: KeyInvalidation): void;
  /** Messages may have been missed (a reconnect): forget everything. */
  resync(): void;
}

/** How invalidations reach the other instances (Redis pub/sub in production). */
export interface InvalidationBroadcast {
  /** True while subscribed: only then may entries outlive the local TTL. */
  readonly listening: boolean;
  publish(invalidation: KeyInvalidation): Promise<void>;
  listen(listener: InvalidationListener): void;
}

/**
 * How long an entry is trusted. With a listening broadcast a revoke reaches every instance by
 * message, so the TTL is only a safety net for a lost one; without, the TTL alone bounds how long
 * another instance keeps accepting a revoked key.
 */
export const API_KEY_CACHE_TTL_MS = 60_000;
export const API_KEY_CACHE_LOCAL_TTL_MS = 1_000;
/** Unknown hashes are cheap to spray: remembered briefly and in a smaller space. */
export const API_KEY_CACHE_UNKNOWN_TTL_MS = 1_000;
export const API_KEY_CACHE_MAX_ENTRIES = 10_000;
export const API_KEY_CACHE_MAX_UNKNOWN = 1_000;

export interface ApiKeyCacheOptions {
  broadcast?: InvalidationBroadcast;
  ttlMs?: number;
  localTtlMs?: number;
  unknownTtlMs?: number;
  maxEntries?: number;
  maxUnknown?: number;
  /** Monotonic milliseconds; tests pass a fake. */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  storedAt: number;
}

/** A Map in least-recently-used order: a hit moves to the back, the front is evicted past `max`. */
class LruMap<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly max: number) {}

  get(key: string): Entry<T> | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(stale: (value: T) => boolean): void {
    for (const [key, entry] of this.entries) if (stale(entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * This process's copy of recently authenticated API keys, by key hash, so that a request with a
 * known key needs no database query. Revokes and plan changes drop entries here at once and, via
 * the broadcast, on every other instance.
 */
export class ApiKeyCache {
  private readonly known: LruMap<StoredApiKey>;
  private readonly unknown: LruMap<null>;
  private readonly loading = new Map<string, { generation: number; promise: Promise<StoredApiKey | null> }>();
  /** Bumped by every drop: a load that started before one must not store what it read. */
  private generation = 0;
  private readonly broadcast: InvalidationBroadcast | undefined;
  private readonly ttlMs: number;
  private readonly localTtlMs: number;
  private readonly unknownTtlMs: number;
  private readonly now: () => number;

  constructor(options: ApiKeyCacheOptions = {}) {
    this.broadcast = options.broadcast;
    this.ttlMs = options.ttlMs ?? API_KEY_CACHE_TTL_MS;
    this.localTtlMs = options.localTtlMs ?? API_KEY_CACHE_LOCAL_TTL_MS;
    this.unknownTtlMs = options.unknownTtlMs ?? API_KEY_CACHE_UNKNOWN_TTL_MS;
    this.known = new LruMap(options.maxEntries ?? API_KEY_CACHE_MAX_ENTRIES);
    this.unknown = new LruMap(options.maxUnknown ?? API_KEY_CACHE_MAX_UNKNOWN);
    this.now = options.now ?? (() => performance.now());
    this.broadcast?.listen({
      drop: (invalidation) => this.drop(invalidation),
      resync: () => this.clear(),
    });
  }

  /** The key with this hash: cached, or read with `load` (one read per hash at a time) and cached. */
  async find(keyHash: string, load: (keyHash: string) => Promise<StoredApiKey | null>) {
    const now = this.now();
    const known = this.known.get(keyHash);
    // While the broadcast is down, messages are lost: no entry is trusted longer than the local TTL.
    const ttl = this.broadcast?.listening ? this.ttlMs : this.localTtlMs;
    if (known && now - known.storedAt < ttl) return known.value;
    const unknown = this.unknown.get(keyHash);
    if (unknown && now - unknown.storedAt < this.unknownTtlMs) return null;

    const pending = this.loading.get(keyHash);
    if (pending && pending.generation === this.generation) return pending.promise;
    const generation = this.generation;
    const promise = load(keyHash).then(
      (value) => {
        if (this.loading.get(keyHash)?.promise === promise) this.loading.delete(keyHash);
        if (generation === this.generation) this.store(keyHash, value, now);
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(keyHash)?.promise === promise) this.loading.delete(keyHash);
        throw error;
      },
    );
    this.loading.set(keyHash, { generation, promise });
    return promise;
  }

  /** Remembers a lastUsedAt write, so that the next requests do not repeat it. */
  noteUsed(keyHash: string, at: Date): void {
    const entry = this.known.get(keyHash);
    if (entry) entry.value.lastUsedAt = at;
  }

  /** After a revoke, delete or plan change: dropped here at once, then on every other instance. */
  async invalidate(invalidation: KeyInvalidation): Promise<void> {
    this.drop(invalidation);
    await this.broadcast?.publish(invalidation);
  }

  /** Drops the entries an invalidation names, in this process only. */
  drop(invalidation: KeyInvalidation): void {
    this.generation++;
    this.loading.clear();
    this.known.deleteWhere((key) =>
      'keyId' in invalidation ? key.id === invalidation.keyId : key.accountId === invalidation.accountId,
    );
  }

  clear(): void {
    this.generation++;
    this.loading.clear();
    this.known.clear();
    this.unknown.clear();
  }

  /** Entries held (fresh or not), for tests and metrics. */
  get size(): { known: number; unknown: number } {
    return { known: this.known.size, unknown: this.unknown.size };
  }

  private store(keyHash: string, value: StoredApiKey | null, storedAt: number): void {
    if (value) {
      this.unknown.delete(keyHash);
      this.known.set(keyHash, { value, storedAt });
    } else {
      this.known.delete(keyHash);
      this.unknown.set(keyHash, { value, storedAt });
    }
  }
}
