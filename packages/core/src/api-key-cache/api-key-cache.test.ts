import { describe, expect, it } from 'vitest';
import {
  API_KEY_CACHE_LOCAL_TTL_MS,
  API_KEY_CACHE_TTL_MS,
  API_KEY_CACHE_UNKNOWN_TTL_MS,
  ApiKeyCache,
  type ApiKeyCacheOptions,
  type InvalidationBroadcast,
  type InvalidationListener,
  type KeyInvalidation,
  type StoredApiKey,
} from './api-key-cache.ts';

function storedKey(id: string, accountId = 'acct_1'): StoredApiKey {
  return {
    id,
    keyHash: `hash_${id}`,
    scopes: ['read:ooo'],
    revokedAt: null,
    lastUsedAt: null,
    accountId,
    account: { plan: 'team_growth' },
  };
}

/** A database of keys by hash that counts its reads; `hold` makes reads wait until released. */
function keyStore(keys: StoredApiKey[]) {
  const byHash = new Map(keys.map((key) => [key.keyHash, key]));
  let release: (() => void) | null = null;
  let held: Promise<void> | null = null;
  const store = {
    reads: 0,
    byHash,
    hold() {
      held = new Promise((resolve) => {
        release = resolve;
      });
    },
    release() {
      release?.();
      held = null;
    },
    load: async (hash: string) => {
      store.reads++;
      const snapshot = byHash.get(hash);
      if (held) await held;
      return snapshot ? { ...snapshot } : null;
    },
  };
  return store;
}

function fakeTime() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** A broadcast whose listening state a test sets, recording what is published. */
function fakeBroadcast() {
  const published: KeyInvalidation[] = [];
  let listener: InvalidationListener | undefined;
  const broadcast: InvalidationBroadcast & { listening: boolean } = {
    listening: true,
    publish: async (invalidation) => {
      published.push(invalidation);
    },
    listen: (l) => {
      listener = l;
    },
  };
  return { broadcast, published, listener: () => listener as InvalidationListener };
}

function cacheWith(options: ApiKeyCacheOptions = {}) {
  const time = fakeTime();
  const cache = new ApiKeyCache({ now: time.now, ...options });
  return { cache, time };
}

describe('ApiKeyCache', () => {
  it('reads a key once, then answers from memory until the TTL ends', async () => {
    const store = keyStore([storedKey('key_a')]);
    const { cache, time } = cacheWith();
    for (let i = 0; i < 100; i++) expect((await cache.find('hash_key_a', store.load))?.id).toBe('key_a');
    expect(store.reads).toBe(1);
    time.advance(API_KEY_CACHE_LOCAL_TTL_MS - 1);
    await cache.find('hash_key_a', store.load);
    expect(store.reads).toBe(1);
    time.advance(1);
    await cache.find('hash_key_a', store.load);
    expect(store.reads).toBe(2);
  });

  it.each([
    ['listening', true, API_KEY_CACHE_TTL_MS],
    ['not listening (messages may be lost)', false, API_KEY_CACHE_LOCAL_TTL_MS],
  ])('with a broadcast %s, trusts an entry for %#', async (_label, listening, ttl) => {
    const store = keyStore([storedKey('key_a')]);
    const { broadcast } = fakeBroadcast();
    broadcast.listening = listening;
    const { cache, time } = cacheWith({ broadcast });
    await cache.find('hash_key_a', store.load);
    time.advance(ttl - 1);
    await cache.find('hash_key_a', store.load);
    expect(store.reads).toBe(1);
    time.advance(1);
    await cache.find('hash_key_a', store.load);
    expect(store.reads).toBe(2);
  });

  it('remembers an unknown hash only briefly', async () => {
    const store = keyStore([]);
    const { cache, time } = cacheWith();
    expect(await cache.find('hash_nope', store.load)).toBeNull();
    expect(await cache.find('hash_nope', store.load)).toBeNull();
    expect(store.reads).toBe(1);
    time.advance(API_KEY_CACHE_UNKNOWN_TTL_MS);
    await cache.find('hash_nope', store.load);
    expect(store.reads).toBe(2);
  });

  it('holds at most maxEntries keys and maxUnknown unknown hashes, evicting the least recently used', async () => {
    const keys = ['a', 'b', 'c'].map((id) => storedKey(`key_${id}`));
    const store = keyStore(keys);
    const { cache } = cacheWith({ maxEntries: 2, maxUnknown: 2 });
    await cache.find('hash_key_a', store.load);
    await cache.find('hash_key_b', store.load);
    await cache.find('hash_key_a', store.load); // a is now the most recently used
    await cache.find('hash_key_c', store.load); // evicts b
    for (let i = 0; i < 5; i++) await cache.find(`hash_sprayed_${i}`, store.load);
    expect(cache.size).toEqual({ known: 2, unknown: 2 });
    const reads = store.reads;
    await cache.find('hash_key_a', store.load);
    await cache.find('hash_key_c', store.load);
    expect(store.reads).toBe(reads);
    await cache.find('hash_key_b', store.load);
    expect(store.reads).toBe(reads + 1);
  });

  it('reads a key once for concurrent lookups', async () => {
    const store = keyStore([storedKey('key_a')]);
    const { cache } = cacheWith();
    store.hold();
    const lookups = Array.from({ length: 20 }, () => cache.find('hash_key_a', store.load));
    store.release();
    expect(new Set((await Promise.all(lookups)).map((key) => key?.id))).toEqual(new Set(['key_a']));
    expect(store.reads).toBe(1);
  });

  it.each<[string, KeyInvalidation, string[]]>([
    ['one key', { keyId: 'key_a' }, ['key_a']],
    ['every key of an account', { accountId: 'acct_1' }, ['key_a', 'key_b']],
  ])('invalidates %s here and publishes it', async (_label, invalidation, dropped) => {
    const store = keyStore([storedKey('key_a'), storedKey('key_b'), storedKey('key_c', 'acct_2')]);
    const { broadcast, published } = fakeBroadcast();
    const { cache } = cacheWith({ broadcast });
    for (const id of ['key_a', 'key_b', 'key_c']) await cache.find(`hash_${id}`, store.load);
    await cache.invalidate(invalidation);
    expect(published).toEqual([invalidation]);
    const readsBefore = store.reads;
    const reread: string[] = [];
    for (const id of ['key_a', 'key_b', 'key_c']) {
      const before = store.reads;
      await cache.find(`hash_${id}`, store.load);
      if (store.reads > before) reread.push(id);
    }
    expect(reread).toEqual(dropped);
    expect(store.reads).toBe(readsBefore + dropped.length);
  });

  it("drops what another instance's message names, and everything on a resync", async () => {
    const store = keyStore([storedKey('key_a'), storedKey('key_b', 'acct_2')]);
    const { broadcast, published, listener } = fakeBroadcast();
    const { cache } = cacheWith({ broadcast });
    await cache.find('hash_key_a', store.load);
    await cache.find('hash_key_b', store.load);
    await cache.find('hash_unknown', store.load);
    listener().drop({ keyId: 'key_a' });
    expect(cache.size).toEqual({ known: 1, unknown: 1 });
    listener().resync();
    expect(cache.size).toEqual({ known: 0, unknown: 0 });
    expect(published).toEqual([]);
  });

  it('does not store a read that an invalidation overtook', async () => {
    const store = keyStore([storedKey('key_a')]);
    const { cache } = cacheWith();
    store.hold();
    const stale = cache.find('hash_key_a', store.load);
    // The key is revoked while the read that started before is still on its way.
    store.byHash.set('hash_key_a', { ...storedKey('key_a'), revokedAt: new Date() });
    await cache.invalidate({ keyId: 'key_a' });
    const fresh = cache.find('hash_key_a', store.load);
    store.release();
    expect((await stale)?.revokedAt).toBeNull();
    expect((await fresh)?.revokedAt).toBeInstanceOf(Date);
    expect((await cache.find('hash_key_a', store.load))?.revokedAt).toBeInstanceOf(Date);
    expect(store.reads).toBe(2);
  });

  it('keeps the lastUsedAt a request wrote', async () => {
    const store = keyStore([storedKey('key_a')]);
    const { cache } = cacheWith();
    await cache.find('hash_key_a', store.load);
    const at = new Date('2026-03-10T12:00:00Z');
    cache.noteUsed('hash_key_a', at);
    expect((await cache.find('hash_key_a', store.load))?.lastUsedAt).toEqual(at);
  });

  it('does not cache a failed read', async () => {
    const { cache } = cacheWith();
    const failing = async () => {
      throw new Error('database down');
    };
    await expect(cache.find('hash_key_a', failing)).rejects.toThrow('database down');
    const store = keyStore([storedKey('key_a')]);
    expect((await cache.find('hash_key_a', store.load))?.id).toBe('key_a');
  });
});
