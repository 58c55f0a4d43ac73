import { describe, expect, it } from 'vitest';
import type { AuthContext } from '../http/app-env';
import { createApiKeyCache } from './api-key-cache';

const ACME: AuthContext = { tenantId: 'ten_acme', apiKeyId: 'key_1', mode: 'test' };
const GLOBEX: AuthContext = { tenantId: 'ten_globex', apiKeyId: 'key_2', mode: 'live' };

/** A lookup over a fixed key table that counts how often it was asked. */
function table(keys: Record<string, AuthContext>) {
  const calls: string[] = [];
  return {
    calls,
    lookup: async (secret: string) => {
      calls.push(secret);
      return keys[secret] ?? null;
    },
  };
}

describe('createApiKeyCache', () => {
  it('answers a verified key from memory until its entry expires', async () => {
    let now = 0;
    const { calls, lookup } = table({ secret_a: ACME });
    const cache = createApiKeyCache(lookup, { ttlMs: 1000, now: () => now });
    expect(await cache.verify('secret_a')).toEqual(ACME);
    now = 999;
    expect(await cache.verify('secret_a')).toEqual(ACME);
    expect(calls).toHaveLength(1);
    now = 1000;
    expect(await cache.verify('secret_a')).toEqual(ACME);
    expect(calls).toHaveLength(2);
  });

  it('never caches a refusal, so a key created a moment ago works at once', async () => {
    const keys: Record<string, AuthContext> = {};
    const { calls, lookup } = table(keys);
    const cache = createApiKeyCache(lookup);
    expect(await cache.verify('secret_new')).toBeNull();
    keys.secret_new = ACME;
    expect(await cache.verify('secret_new')).toEqual(ACME);
    expect(calls).toEqual(['secret_new', 'secret_new']);
  });

  it('forgets one key, or every key of a tenant, at once', async () => {
    const { calls, lookup } = table({ secret_a: ACME, secret_b: GLOBEX });
    const cache = createApiKeyCache(lookup);
    await cache.verify('secret_a');
    await cache.verify('secret_b');
    cache.invalidateKey(ACME.apiKeyId);
    expect(cache.size).toBe(1);
    cache.invalidateTenant(GLOBEX.tenantId);
    expect(cache.size).toBe(0);
    await cache.verify('secret_a');
    expect(calls.filter((secret) => secret === 'secret_a')).toHaveLength(2);
  });

  it('shares one lookup between concurrent first requests', async () => {
    const { calls, lookup } = table({ secret_a: ACME });
    const cache = createApiKeyCache(lookup);
    const results = await Promise.all(Array.from({ length: 5 }, () => cache.verify('secret_a')));
    expect(results).toEqual(Array(5).fill(ACME));
    expect(calls).toHaveLength(1);
  });

  it('does not re-add a key invalidated while its lookup was in flight', async () => {
    let release: (auth: AuthContext) => void = () => {};
    const cache = createApiKeyCache(() => new Promise((resolve) => (release = resolve)));
    const pending = cache.verify('secret_a');
    cache.invalidateKey(ACME.apiKeyId);
    release(ACME);
    expect(await pending).toEqual(ACME);
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently verified', async () => {
    const { calls, lookup } = table({ a: ACME, b: GLOBEX, c: { ...ACME, apiKeyId: 'key_3' } });
    const cache = createApiKeyCache(lookup, { maxEntries: 2 });
    await cache.verify('a');
    await cache.verify('b');
    await cache.verify('c');
    expect(cache.size).toBe(2);
    await cache.verify('b');
    await cache.verify('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
