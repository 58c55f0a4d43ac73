import { createHash } from 'node:crypto';
import type { ApiKeyRepository } from '@cartwire/storage';
import type { AuthContext } from '../http/app-env';
import type { VerifyApiKey } from './api-key-auth';

export interface ApiKeyCacheOptions {
  /**
   * How long a verified key is trusted without asking the database again. A key revoked by another
   * process (the CLI, another gateway) keeps working here for at most this long; one revoked through
   * this process's cache stops at once. Last-used times are written when a key is (re)verified, so
   * they are as fresh as this too.
   * @default 10_000
   */
  readonly ttlMs?: number;
  /** Most keys remembered; the least recently verified are dropped first. @default 10_000 */
  readonly maxEntries?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** `verify` answers from memory for keys verified in the last `ttlMs`; the rest go to `lookup`. */
export interface ApiKeyCache {
  readonly verify: VerifyApiKey;
  /** Forgets a key at once: call it when the key is revoked in this process. */
  invalidateKey(apiKeyId: string): void;
  /** Forgets every key of a tenant (tenant suspended or deleted). */
  invalidateTenant(tenantId: string): void;
  readonly size: number;
}

interface Entry {
  readonly auth: AuthContext;
  readonly expiresAt: number;
}

/** Entries are keyed by a digest, so the process never holds a presented secret after the request. */
function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * A short-lived in-process cache in front of the API key lookup (a hash lookup, a tenant join and a
 * last-used write per request without it). Only successful verifications are cached: an unknown or
 * revoked key is looked up every time, so a key created a moment ago works at once. Concurrent first
 * requests with the same key share one lookup.
 *
 * @example
 * const cache = createApiKeyCache(verifyFromDatabase, { ttlMs: 10_000 });
 * app.use('/v1/*', apiKeyAuth(cache.verify));
 * // after revoking in this process:
 * cache.invalidateKey(apiKeyId);
 */
export function createApiKeyCache(lookup: VerifyApiKey, options: ApiKeyCacheOptions = {}): ApiKeyCache {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<AuthContext | null>>();
  /** Bumped by every invalidation, so a lookup that started before it cannot re-add what it removed. */
  let generation = 0;

  function remove(match: (auth: AuthContext) => boolean): void {
    generation += 1;
    for (const [key, entry] of entries) if (match(entry.auth)) entries.delete(key);
    inFlight.clear();
  }

  return {
    async verify(secret) {
      const key = digest(secret);
      const cached = entries.get(key);
      if (cached !== undefined) {
        if (cached.expiresAt > now()) return cached.auth;
        entries.delete(key);
      }
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      const started = generation;
      const lookedUp = lookup(secret)
        .then((auth) => {
          if (auth !== null && started === generation && ttlMs > 0) {
            // Re-inserting moves the key to the end: the first key in the map is the stalest.
            entries.delete(key);
            entries.set(key, { auth, expiresAt: now() + ttlMs });
            while (entries.size > maxEntries) {
              const oldest = entries.keys().next().value;
              if (oldest === undefined) break;
              entries.delete(oldest);
            }
          }
          return auth;
        })
        .finally(() => {
          if (inFlight.get(key) === lookedUp) inFlight.delete(key);
        });
      inFlight.set(key, lookedUp);
      return lookedUp;
    },
    invalidateKey: (apiKeyId) => remove((auth) => auth.apiKeyId === apiKeyId),
    invalidateTenant: (tenantId) => remove((auth) => auth.tenantId === tenantId),
    get size() {
      return entries.size;
    },
  };
}

/** The uncached lookup: the key by hash with its tenant, recording its last use. */
export function repositoryVerifier(apiKeys: Pick<ApiKeyRepository, 'verifyApiKey'>): VerifyApiKey {
  return async (secret) => {
    const found = await apiKeys.verifyApiKey(secret);
    return found && { tenantId: found.tenant.id, apiKeyId: found.apiKey.id, mode: found.apiKey.mode };
  };
}
