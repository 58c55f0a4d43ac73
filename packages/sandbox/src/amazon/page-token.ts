import { createHash } from 'node:crypto';

/**
 * Opaque pagination tokens: the last (updated time, id) returned, a hash of the filters the token
 * belongs to, and when it was issued. Keyset tokens keep pages stable while records change.
 */
export interface PageKey {
  at: number;
  id: string;
}

interface TokenBody {
  k: [number, string];
  h: string;
  t: number;
}

export function filtersHash(filters: Readonly<Record<string, unknown>>): string {
  const canonical = Object.keys(filters)
    .sort()
    .map((key) => [key, filters[key]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 16);
}

export function encodePageToken(key: PageKey, hash: string, issuedAt: number): string {
  const body: TokenBody = { k: [key.at, key.id], h: hash, t: issuedAt };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export type DecodedToken = { ok: true; key: PageKey } | { ok: false; reason: string };

/** Validates a token against the current filters and its lifetime. */
export function decodePageToken(token: string, hash: string, now: number, lifetimeMs: number): DecodedToken {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'The pagination token is malformed.' };
  }
  const parsed = body as Partial<TokenBody>;
  if (
    !Array.isArray(parsed.k) ||
    typeof parsed.k[0] !== 'number' ||
    typeof parsed.k[1] !== 'string' ||
    typeof parsed.t !== 'number'
  ) {
    return { ok: false, reason: 'The pagination token is malformed.' };
  }
  if (parsed.h !== hash) {
    return { ok: false, reason: 'The request parameters must not change between paginated requests.' };
  }
  if (now - parsed.t > lifetimeMs) return { ok: false, reason: 'The pagination token has expired.' };
  return { ok: true, key: { at: parsed.k[0], id: parsed.k[1] } };
}

/** Records after `key` in (at, id) order, at most `limit`, and the key of the last one when more remain. */
export function pageAfter<T>(
  sorted: readonly T[],
  keyOf: (item: T) => PageKey,
  after: PageKey | null,
  limit: number,
): { items: T[]; last: PageKey | null } {
  let start = 0;
  if (after) {
    start = sorted.findIndex((item) => {
      const key = keyOf(item);
      return key.at > after.at || (key.at === after.at && key.id > after.id);
    });
    if (start === -1) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit);
  const lastItem = items[items.length - 1];
  const more = start + limit < sorted.length;
  return { items, last: more && lastItem !== undefined ? keyOf(lastItem) : null };
}

export function byKey<T>(keyOf: (item: T) => PageKey) {
  return (a: T, b: T) => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  };
}
