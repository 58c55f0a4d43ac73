import { createHash } from 'node:crypto';
import { BASE32_ALPHABET, ID_PREFIX } from '@cartwire/model';

/**
 * An event id derived from what the event is about, so processing the same change twice (a webhook
 * and a poll, a replayed job) yields the same id and the event log's idempotent append drops the copy.
 *
 * @example stableEventId(['order.paid', order.id, order.updatedAt]) // "evt_…"
 */
export function stableEventId(parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let body = '';
  // 24 characters × 5 bits = 120 bits of the digest, the same width as random ids.
  let value = BigInt(`0x${digest.subarray(0, 15).toString('hex')}`);
  for (let i = 0; i < 24; i += 1) {
    body = BASE32_ALPHABET[Number(value & 31n)] + body;
    value >>= 5n;
  }
  return `${ID_PREFIX.event}${body}`;
}

/** A short digest of an entity's content: two versions with one updatedAt but different data differ. */
export function contentVersion(entity: unknown): string {
  const { raw: _raw, ...rest } = entity as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url').slice(0, 16);
}
