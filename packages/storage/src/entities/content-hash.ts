import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal content always serializes identically. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}

/**
 * Fingerprint of an entity's content. `raw` (platform noise) and `updatedAt` (bumped by platforms
 * on no-op saves) are left out, so a re-delivery that changes nothing normalized hashes the same.
 */
export function entityContentHash(entity: Record<string, unknown>): string {
  const { raw: _raw, updatedAt: _updatedAt, ...content } = entity;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
